"""A corpus of bad workbooks: each is refused with a clear Danish message, and nothing is stored."""

import io
import os
import subprocess
import sys
import zipfile
from datetime import date

import pytest
from sqlalchemy import func, select

from data_access.engine import make_engine
from data_access.importer import import_workbook
from data_access.models import Base
from data_access.queries import data_fingerprint
from tests.conftest import PROJECT_ROOT, url_of
from tests.workbooks import edited, next_quarter_return, repacked, workbook_bytes

SITE = "Opgang til Opgang – Gellerup"
QUARTER = "2026Q4"


@pytest.fixture(scope="module")
def demo(demo_database_url):
    """A copy of the demo database per module, and the site id of Gellerup."""
    engine = make_engine(demo_database_url)
    base = workbook_bytes(engine, [next_quarter_return(engine, QUARTER)])
    return engine, base


def database_state(engine) -> tuple:
    with engine.connect() as connection:
        counts = tuple(
            connection.execute(select(func.count()).select_from(table)).scalar_one()
            for table in Base.metadata.sorted_tables
        )
    return data_fingerprint(engine), counts


def set_cells(**cells):
    """An edit that writes values: set_cells(Borgere={"G4": "31-02-2026"})."""
    def edit(workbook):
        for sheet, values in cells.items():
            for reference, value in values.items():
                workbook[sheet][reference] = value
    return edit


def append_row(sheet, *values):
    def edit(workbook):
        workbook[sheet].append(list(values))
    return edit


def delete_rows_below_header(sheet):
    def edit(workbook):
        workbook[sheet].delete_rows(2, workbook[sheet].max_row)
    return edit


def rename_sheet(old, new):
    def edit(workbook):
        workbook[old].title = new
    return edit


def remove_sheet(name):
    def edit(workbook):
        del workbook[name]
    return edit


def zip_bomb(base: bytes) -> bytes:
    return repacked(base, add={"xl/media/padding.bin": b"\0" * (40 * 1024 * 1024)})


def formula_without_value(base: bytes) -> bytes:
    return edited(base, set_cells(Status={"E2": "=1+2"}))


def broken_sheet_xml(base: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(base))
    first_sheet = next(name for name in source.namelist() if name.startswith("xl/worksheets/sheet"))
    return repacked(base, replace_members={first_sheet: b"<worksheet><sheetData><row><c r='A1'"})


WHO5_ROW = (SITE, "2026 K4", "P00001", "WHO-5", 120, date(2026, 11, 2))

# (case id, how to build it from the good workbook, what the message must say)
CASES = [
    ("not-a-zip", lambda base: b"Borger-id;Kategori\nP00001;Job\n", "ikke en Excel-projektmappe"),
    ("empty-file", lambda base: b"", "ikke en Excel-projektmappe"),
    ("encrypted", lambda base: bytes.fromhex("d0cf11e0a1b11ae1") + b"\0" * 2048, "krypteret"),
    ("no-content-types", lambda base: repacked(base, drop=("[Content_Types].xml",)), "ikke en Excel-projektmappe"),
    ("macro", lambda base: repacked(base, add={"xl/vbaProject.bin": b"\0" * 64}), "makroer"),
    ("external-link", lambda base: repacked(base, add={"xl/externalLinks/externalLink1.xml": b"<x/>"}),
     "eksterne links"),
    ("zip-bomb", zip_bomb, "zip-bombe"),
    ("too-large", lambda base: b"PK\x03\x04" + os.urandom(21 * 1024 * 1024), "grænsen er 20 MB"),
    ("broken-xml", broken_sheet_xml, "kunne ikke læses"),
    ("memory-blow-up", lambda base: edited(base, set_cells(Status={"XFD1048576": 1})),
     "kræver for meget hukommelse"),
    ("missing-sheet", lambda base: edited(base, remove_sheet("Status")), "Arket 'Status' mangler"),
    ("misspelled-sheet", lambda base: edited(base, rename_sheet("Borgere", "Borger")),
     "Der er et ark, der hedder 'Borger'"),
    ("missing-column", lambda base: edited(base, set_cells(Borgere={"G1": None})), "Kolonnen 'Startdato' mangler"),
    ("misspelled-column", lambda base: edited(base, set_cells(Borgere={"G1": "Start dato"})),
     "ret overskriften til 'Startdato'"),
    ("duplicate-column", lambda base: edited(base, set_cells(Borgere={"I1": "Ydelse"})), "står to gange"),
    ("empty-header-row", lambda base: edited(base, lambda wb: wb["Status"].delete_rows(1)),
     "Kolonnen 'Borger-id' mangler"),
    ("unknown-category", lambda base: edited(base, set_cells(Status={"D2": "Ordinært arbejde"})),
     "Mente du 'Ordinært job'?"),
    ("unknown-target-group", lambda base: edited(base, set_cells(Borgere={"E3": "Pensionist"})),
     "'Pensionist' er ikke en gyldig værdi"),
    ("impossible-date", lambda base: edited(base, set_cells(Borgere={"G4": "31-02-2026"})),
     "'31-02-2026' er ikke en gyldig dato"),
    ("date-out-of-range", lambda base: edited(base, set_cells(Borgere={"G4": date(1985, 1, 1)})),
     "Datoen 01-01-1985 er ikke mulig"),
    ("end-before-start", lambda base: edited(base, set_cells(Borgere={"G5": date(2026, 5, 1),
                                                                      "H5": date(2026, 4, 1)})),
     "Slutdato 01-04-2026 ligger før startdato 01-05-2026"),
    ("duplicate-person", lambda base: edited(base, set_cells(Borgere={"C3": "P00001"})), "står også i række 2"),
    ("duplicate-status", lambda base: edited(base, set_cells(Status={"C3": "P00001"})),
     "har allerede en status i række 2"),
    ("status-for-unknown-person", lambda base: edited(base, set_cells(Status={"C2": "P99999"})),
     "Borger-id 'P99999' findes ikke i arket 'Borgere'"),
    ("unknown-family", lambda base: edited(base, set_cells(Borgere={"D2": "F999"})),
     "Familie-id 'F999' findes ikke i arket 'Familier'"),
    ("unknown-staff", lambda base: edited(base, set_cells(Tilknytninger={"D2": "M99"})),
     "Medarbejder-id 'M99' findes ikke i arket 'Medarbejdere'"),
    ("who5-out-of-range", lambda base: edited(base, append_row("Trivsel", *WHO5_ROW)),
     "120 ligger uden for det tilladte 0-100"),
    ("hours-out-of-range", lambda base: edited(base, set_cells(Status={"E2": 90})),
     "90 ligger uden for det tilladte 0-80"),
    ("hours-not-a-number", lambda base: edited(base, set_cells(Status={"E2": "mange"})), "'mange' er ikke et tal"),
    ("other-quarter", lambda base: edited(base, set_cells(Borgere={"B5": "2026 K3"})),
     "Filen er for 2026 K3, men det valgte kvartal er 2026 K4"),
    ("not-a-quarter", lambda base: edited(base, set_cells(Status={"B3": "efterår"})),
     "'efterår' er ikke et kvartal"),
    ("other-site", lambda base: edited(
        base, set_cells(Status={"A2": "Fremskudt beskæftigelsesindsats – Fremskudt jobcenterteam"})),
     "men det valgte sted er"),
    ("empty-persons-sheet", lambda base: edited(base, delete_rows_below_header("Borgere")), "Arket er tomt"),
    ("formula-without-value", formula_without_value, "formel uden gemt resultat"),
    ("required-cell-empty", lambda base: edited(base, set_cells(Status={"D4": None})),
     "Cellen er tom, men skal udfyldes"),
    ("key-too-long", lambda base: edited(base, set_cells(Familier={"C2": "F" * 40})), "er for langt"),
    ("start-after-the-quarter", lambda base: edited(base, set_cells(Borgere={"G4": date(2099, 1, 1)})),
     "Arket 'Borgere', række 4, kolonne G (Startdato): Datoen 01-01-2099 ligger efter kvartalets slutning "
     "(31-12-2026)"),
    ("measured-after-the-quarter", lambda base: edited(base, append_row(
        "Trivsel", SITE, "2026 K4", "P00001", "WHO-5", 60, date(2027, 1, 4))),
     "kolonne F (Måledato): Datoen 04-01-2027 ligger efter kvartalets slutning"),
    ("months-not-whole", lambda base: edited(base, append_row(
        "Opfølgning", SITE, "2026 K4", "P00001", 6.5, "Ordinært job", date(2026, 11, 1))), "skal være et helt tal"),
    ("empty-template", lambda base: edited(base, lambda wb: [
        wb[name].delete_rows(2, wb[name].max_row) for name in
        ("Familier", "Borgere", "Medarbejdere", "Tilknytninger", "Status", "Delmål")]), "Arket er tomt"),
]
CPR_CASES = [
    ("cpr-text-of-a-float", lambda base: edited(base, set_cells(Medarbejdere={"E2": "101901234.0"})), "101901234",
     "E"),
    ("cpr-behind-a-direction-mark", lambda base: edited(base, set_cells(Status={"C3": "010190\u200e1234"})),
     "010190", "C"),
    ("cpr-with-dash", lambda base: edited(base, set_cells(Borgere={"C6": "010190-1234"})), "010190", "C"),
    ("cpr-number-lost-zero", lambda base: edited(base, set_cells(Status={"E3": 101901234})), "101901234", "E"),
    ("cpr-replacement-in-header", lambda base: edited(base, set_cells(Delmål={"H1": "610190 1234"})), "610190", "H"),
    ("cpr-in-free-text", lambda base: edited(base, set_cells(Medarbejdere={"E2": "Ring 150387-4321"})), "150387",
     "E"),
    ("cpr-in-instructions", lambda base: edited(base, set_cells(Vejledning={"A40": "2501011234"})), "2501011234",
     "A"),
]


def test_the_corpus_is_large():
    assert len(CASES) + len(CPR_CASES) >= 30


@pytest.mark.parametrize(("case", "build", "expected"), CASES, ids=[case[0] for case in CASES])
def test_bad_workbook_is_refused_and_nothing_stored(demo, case, build, expected):
    engine, base = demo
    before = database_state(engine)
    report = import_workbook(engine, build(base), file_name=f"{case}.xlsx", created_by="test",
                             site_id=1, quarter=QUARTER, commit=True)
    assert not report.stored and not report.ok
    messages = [problem.text() for problem in report.errors]
    assert any(expected in message for message in messages), messages
    assert database_state(engine) == before


@pytest.mark.parametrize(("case", "build", "number", "column"), CPR_CASES, ids=[case[0] for case in CPR_CASES])
def test_cpr_numbers_refuse_the_file_without_repeating_them(demo, case, build, number, column):
    engine, base = demo
    before = database_state(engine)
    report = import_workbook(engine, build(base), file_name="cpr.xlsx", created_by="test",
                             site_id=1, quarter=QUARTER, commit=True)
    assert not report.ok and not report.stored
    texts = [problem.text() for problem in report.problems]
    assert any("ligner et CPR-nummer" in text and f"kolonne {column}" in text for text in texts), texts
    assert all(number not in text and number[:6] not in text for text in texts)
    assert database_state(engine) == before


def test_the_good_workbook_itself_passes(demo):
    engine, base = demo
    report = import_workbook(engine, base, file_name="good.xlsx", created_by="test", site_id=1, quarter=QUARTER)
    assert report.ok, [problem.text() for problem in report.problems]
    assert not report.stored


def test_unknown_extra_column_is_only_a_warning(demo):
    engine, base = demo
    report = import_workbook(engine, edited(base, set_cells(Status={"F1": "Bemærkning", "F2": "ny i job"})),
                             file_name="extra.xlsx", created_by="test", site_id=1, quarter=QUARTER)
    assert report.ok
    assert any("Ukendt kolonne 'Bemærkning'" in problem.text() for problem in report.problems)


def test_all_problems_are_reported_at_once(demo):
    engine, base = demo
    content = edited(base, set_cells(Borgere={"G4": "31-02-2026", "E3": "Pensionist"}, Status={"E2": 90}))
    report = import_workbook(engine, content, file_name="many.xlsx", created_by="test", site_id=1, quarter=QUARTER)
    assert len(report.errors) == 3
    assert {problem.sheet for problem in report.errors} == {"Borgere", "Status"}
    assert {problem.row for problem in report.errors} == {2, 3, 4}


def test_command_line_refuses_with_danish_messages_on_stderr(demo, tmp_path):
    engine, base = demo
    path = tmp_path / "fejl.xlsx"
    path.write_bytes(edited(base, set_cells(Status={"D2": "Ordinært arbejde"})))
    before = database_state(engine)
    finished = subprocess.run(
        [sys.executable, "-m", "cli", "import", str(path), "--site", "Gellerup", "--quarter", "2026K4"],
        cwd=PROJECT_ROOT, env={**os.environ, "DATABASE_URL": url_of(engine)}, capture_output=True, text=True,
        timeout=120,
    )
    assert finished.returncode == 1
    assert "Arket 'Status', række 2, kolonne D (Kategori)" in finished.stderr
    assert "Intet er gemt" in finished.stderr
    assert database_state(engine) == before


def test_a_file_wrong_throughout_lists_the_first_thousand_errors_and_counts_the_rest(demo):
    engine, base = demo
    rows = [("Trivsel", (SITE, "2026 K4", "P00001", "WHO-5", 120, date(2026, 11, 2))) for _ in range(1500)]

    def many(workbook):
        for sheet, values in rows:
            workbook[sheet].append(list(values))

    report = import_workbook(engine, edited(base, many), file_name="mange-fejl.xlsx", created_by="test",
                             site_id=1, quarter=QUARTER, commit=True)
    assert not report.stored
    assert len(report.errors) == 1001
    assert report.errors[-1].text() == "Der er 500 fejl mere end de 1.000 viste. Ret de viste, og indlæs filen igen."
