"""Commentary with history (SQLite and PostgreSQL), exports safe against formula injection, the evaluator extract."""

import io
import zipfile

import pandas as pd
import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select, update

from data_access.commentary import (
    CommentaryRefused,
    commentary_history,
    commentary_in_force,
    save_commentary,
)
from data_access.extract import EXTRACT_WORKBOOK, FILES, analysis_extract
from data_access.models import AuditEvent, Commentary, StaffMember
from data_access.queries import load_frames
from data_access.table_export import table_csv, table_xlsx
from data_access.workbook.writer import build_workbook

LABELS = {None: "Kvartalets sammenfatning", "in_company_based": "I virksomhedsrettet tilbud"}
INJECTIONS = ["=HYPERLINK(\"http://x\")", "+1+cmd|' /C calc'!A0", "-2+3+cmd|' /C calc'!A0", "@SUM(A1:A2)",
              "\t=1+1", "\r=1+1", "\n=1+1"]


def comment_rows(engine) -> int:
    with engine.connect() as connection:
        return connection.execute(select(func.count(Commentary.id))).scalar_one()


def test_commentary_keeps_every_version_and_the_newest_is_in_force(demo_engine):
    save_commentary(demo_engine, 1, "2026Q3", {None: "Første udkast", "in_company_based": "To virksomheder lukkede."},
                    "projektleder", LABELS)
    assert save_commentary(demo_engine, 1, "2026Q3", {None: "Endelig tekst", "in_company_based":
                                                      "To virksomheder lukkede."}, "chef", LABELS) == 1
    current = commentary_in_force(demo_engine, [1], "2026Q3").set_index("subject", drop=False)
    assert current.loc[current["subject"].isna(), "text"].item() == "Endelig tekst"
    assert current.loc["in_company_based", "author"] == "projektleder"
    history = commentary_history(demo_engine, 1, "2026Q3")
    assert history["text"].tolist() == ["Endelig tekst", "To virksomheder lukkede.", "Første udkast"]
    assert history["author"].tolist()[0] == "chef"
    # Taken back: an empty text is stored as a new version and nothing is shown any more.
    save_commentary(demo_engine, 1, "2026Q3", {None: ""}, "chef", LABELS)
    assert commentary_in_force(demo_engine, [1], "2026Q3")["subject"].tolist() == ["in_company_based"]
    assert len(commentary_history(demo_engine, 1, "2026Q3")) == 4
    # Other sites and quarters are untouched.
    assert commentary_in_force(demo_engine, [2], "2026Q3").empty
    assert commentary_in_force(demo_engine, [1], "2026Q2").empty
    with demo_engine.connect() as connection:
        logged = connection.execute(select(func.count()).select_from(AuditEvent)
                                    .where(AuditEvent.action == "commentary")).scalar_one()
    assert logged == 3


@pytest.mark.parametrize("text", ["Borgeren 010190-1234 er i job", "Ring til 2101901234", "310190 1234"])
def test_a_comment_with_a_cpr_number_is_refused_and_nothing_is_stored(demo_engine, text):
    before = comment_rows(demo_engine)
    with pytest.raises(CommentaryRefused, match="I virksomhedsrettet tilbud: teksten ligner et CPR-nummer"):
        save_commentary(demo_engine, 1, "2026Q3", {None: "Fint kvartal", "in_company_based": text}, "pl", LABELS)
    assert comment_rows(demo_engine) == before


def test_a_comment_too_long_is_refused_and_control_characters_are_removed(demo_engine):
    with pytest.raises(CommentaryRefused, match="højst 3000 tegn"):
        save_commentary(demo_engine, 1, "2026Q3", {None: "x" * 3001}, "pl", LABELS)
    save_commentary(demo_engine, 1, "2026Q3", {None: "Linje 1\r\nLinje\x0b 2\x00"}, "pl", LABELS)
    assert commentary_in_force(demo_engine, [1], "2026Q3")["text"].item() == "Linje 1\nLinje 2"


@pytest.mark.parametrize("payload", INJECTIONS)
def test_csv_export_neutralises_formulas(payload):
    data = table_csv(pd.DataFrame({payload: [payload, "-2,5", "+3", "12,5 %"]})).decode("utf-8-sig")
    cells = [line.split(";")[0].strip('"') for line in data.split("\r\n") if line]
    for cell in cells[:2]:
        assert cell.startswith("'"), cell
    # Plain numbers cannot be formulas and stay as shown.
    assert data.split("\r\n")[2:5] == ["-2,5", "+3", "12,5 %"]


@pytest.mark.parametrize("payload", INJECTIONS)
def test_excel_export_writes_formula_like_text_as_text(payload):
    workbook = load_workbook(io.BytesIO(table_xlsx(pd.DataFrame({payload: [payload, 3]}), "Tabel: [1]")))
    sheet = workbook.active
    assert sheet.title == "Tabel   1 "
    for cell in (sheet["A1"], sheet["A2"]):
        assert cell.data_type == "s" and cell.value == payload
    assert sheet["A3"].value == 3 and sheet["A3"].data_type == "n"


def test_template_export_lists_stay_text():
    content = build_workbook({"site": {1: "=HYPERLINK(\"x\")"}, "target_group": {}, "benefit_type": {},
                              "category": {}, "profession": {}, "goal_area": {}, "goal_status": {},
                              "instrument": {}, "progression_instrument": {}, "progression_item": {},
                              "job_type": {}, "company_size": {}})
    lists = load_workbook(io.BytesIO(content))["Lister"]
    assert lists["A2"].data_type == "s" and lists["A2"].value.startswith("=")


def extract_of(engine) -> dict[str, pd.DataFrame | str]:
    archive = zipfile.ZipFile(io.BytesIO(analysis_extract(engine)))
    files = {name: pd.read_csv(archive.open(name), encoding="utf-8-sig", dtype=str, keep_default_na=False)
             for name in archive.namelist() if name.endswith(".csv")}
    files["kodebog.md"] = archive.read("kodebog.md").decode()
    workbook = load_workbook(io.BytesIO(archive.read(EXTRACT_WORKBOOK)))
    for name in [name for name in files if name.endswith(".csv")]:
        # The workbook holds the same table: one sheet per file, the same columns and rows.
        rows = list(workbook[name.removesuffix(".csv")].values)
        assert list(rows[0]) == list(files[name].columns) and len(rows) - 1 == len(files[name]), name
    return files


def test_the_extract_is_pseudonymised_and_every_column_is_in_the_codebook(demo_engine):
    first, second = extract_of(demo_engine), extract_of(demo_engine)
    codebook = first["kodebog.md"]
    assert set(FILES) == {name for name in first if name.endswith(".csv")}
    for name, table in first.items():
        if name.endswith(".csv"):
            assert list(table.columns) == list(FILES[name][1]), name
            for column in table.columns:
                assert f"`{column}`" in codebook
    assert "personoplysninger efter GDPR" in codebook
    for code in ("adult", "kontanthjaelp", "who5", "job_consultant", "achieved"):
        assert f"`{code}`" in codebook
    persons = first["borgere.csv"]
    assert persons["borger_id"].str.fullmatch(r"B\d{6}").all() and persons["borger_id"].is_unique
    # The project's own keys (P0001, F001, M01) never leave.
    frames = load_frames(demo_engine)
    original = set(frames.persons["person_key"]) | set(frames.persons["family_key"].dropna()) | \
        set(frames.staff["staff_key"])
    shown = set().union(*(set(table[column]) for name, table in first.items() if name.endswith(".csv")
                          for column in table.columns if column.endswith("_id")))
    assert not original & shown
    # Ids hold together inside one extract ...
    assert set(first["status.csv"]["borger_id"]) <= set(persons["borger_id"])
    assert set(first["tilknytninger.csv"]["medarbejder_id"]) <= set(first["medarbejdere.csv"]["medarbejder_id"])
    # ... but not across two extracts: the same persons get other ids.
    columns = ["sted_id", "startdato", "slutdato", "maalgruppe", "ydelse"]
    assert first["borgere.csv"].sort_values(columns)["borger_id"].tolist() != \
        second["borgere.csv"].sort_values(columns)["borger_id"].tolist()


def test_the_extract_neutralises_formula_text_from_the_data(demo_engine):
    with demo_engine.begin() as connection:
        connection.execute(update(StaffMember).values(department="=HYPERLINK(\"http://x\",\"klik\")"))
    staff = extract_of(demo_engine)["medarbejdere.csv"]
    assert staff["forvaltning"].str.startswith("'=").all()


def test_one_sites_comment_in_a_view_of_several_sites_names_its_site():
    from presentation.topics import commentary_lines

    commentary = pd.DataFrame({"site_id": [1], "subject": [None], "text": ["Et godt kvartal."]})
    sites = {1: "Opgang til Opgang – Gellerup", 2: "Fremskudt beskæftigelsesindsats – Fremskudt jobcenterteam"}
    assert commentary_lines(commentary, None, sites, summary=True) == [
        ("Opgang til Opgang – Gellerup: Kvartalets sammenfatning", "Et godt kvartal.")]
    # A view of that one site needs no name.
    assert commentary_lines(commentary, None, {1: sites[1]}, summary=True) == [
        ("Kvartalets sammenfatning", "Et godt kvartal.")]
