"""Good imports on SQLite and PostgreSQL: versions, preview, duplicates, rollback, round trip,
atomicity under failure and under a killed process, concurrency, template, staging feed."""

import hashlib
import io
import os
import re
import signal
import subprocess
import sys
import threading
import time
import zipfile
from dataclasses import replace
from datetime import date

import openpyxl
import pandas as pd
import pytest
from sqlalchemy import insert, select, text

import data_access.returns
from data_access.engine import make_engine
from data_access.importer import (
    ImportRefused,
    confirm_preview,
    export_bytes,
    import_parsed,
    import_workbook,
    rollback_to,
    template_bytes,
    version_history,
)
from data_access.migrate import upgrade
from data_access.models import ImportVersion, OutcomeCategory
from data_access.queries import load_frames
from data_access.staging import read_staging, staging_table_sql
from data_access.workbook.format import SHEETS
from data_access.workbook.quarterly_return import QuarterlyReturn
from data_access.workbook.reader import read_workbook
from metrics.frames import COLUMNS
from metrics.overview import key_figures_before_after
from tests.conftest import PROJECT_ROOT, url_of
from tests.test_import_bad import QUARTER, database_state, set_cells
from tests.workbooks import edited, in_force_return, next_quarter_return, repacked, workbook_bytes

GELLERUP = 1


def quarterly_file(engine, **changes) -> bytes:
    return workbook_bytes(engine, [replace(next_quarter_return(engine, QUARTER), **changes)])


def store(engine, content: bytes, name: str = "k4.xlsx", **options):
    return import_workbook(engine, content, file_name=name, created_by="test", site_id=GELLERUP,
                           quarter=QUARTER, commit=True, **options)


def test_a_good_workbook_becomes_a_new_version(demo_engine):
    content = quarterly_file(demo_engine)
    report = store(demo_engine, content)
    assert report.ok and report.stored, [problem.text() for problem in report.problems]
    history = version_history(demo_engine)
    newest = history.iloc[0]
    assert newest["version_id"] == report.version_ids[0]
    assert (newest["quarter"], newest["kind"], newest["created_by"], newest["file_name"]) == (
        QUARTER, "workbook", "test", "k4.xlsx")
    assert len(newest["sha256"]) == 64 and bool(newest["in_force"])
    assert newest["rows_per_sheet"]["persons"] == len(next_quarter_return(demo_engine, QUARTER).persons)
    frames = load_frames(demo_engine)
    assert frames.latest_quarter() == QUARTER
    stored = frames.statuses[(frames.statuses["quarter"] == QUARTER) & (frames.statuses["site_id"] == GELLERUP)]
    assert len(stored) == report.rows_per_sheet["Status"]


def test_preview_computes_figures_but_stores_nothing(demo_engine):
    before = database_state(demo_engine)
    last = in_force_return(demo_engine)
    statuses = [(person, "ordinary_job", None) for person, _, _ in last.statuses]
    report = import_workbook(demo_engine, quarterly_file(demo_engine, statuses=statuses), file_name="p.xlsx",
                             created_by="test", site_id=GELLERUP, quarter=QUARTER, commit=False)
    assert report.ok and not report.stored and report.version_ids == []
    preview = report.preview
    figures = key_figures_before_after(preview.before, preview.after, preview.quarter, preview.compared)
    figures = figures.set_index("key")
    assert figures.loc["in_job_or_education", "after"] == len(statuses)
    assert 0 < figures.loc["in_job_or_education", "before"] < len(statuses)  # the data in force: some were in job
    assert preview.compared_text == "2026 K3"
    assert report.person_changes[0].new == [] and report.person_changes[0].gone == []
    assert database_state(demo_engine) == before


def test_confirming_a_preview_stores_it_without_reading_the_file_again(demo_engine, monkeypatch):
    import data_access.importer as importer

    reads = []
    real_read = importer.read_workbook
    monkeypatch.setattr(importer, "read_workbook", lambda content: reads.append(1) or real_read(content))
    content = quarterly_file(demo_engine)
    preview = import_workbook(demo_engine, content, file_name="k4.xlsx", created_by="test", site_id=GELLERUP,
                              quarter=QUARTER, commit=False)
    assert preview.ok and not preview.stored
    stored = confirm_preview(demo_engine, preview, created_by="test", site_id=GELLERUP, quarter=QUARTER)
    assert stored.stored and len(reads) == 1
    newest = version_history(demo_engine).iloc[0]
    assert (newest["version_id"], newest["sha256"], newest["file_name"]) == (
        stored.version_ids[0], hashlib.sha256(content).hexdigest(), "k4.xlsx")
    # The checks run again when storing: the same preview confirmed twice is stored once.
    again = confirm_preview(demo_engine, preview, created_by="test", site_id=GELLERUP, quarter=QUARTER)
    assert not again.stored and any("allerede indlæst" in problem.message for problem in again.errors)


def test_person_changes_are_counted_against_the_quarter_before(demo_engine):
    quarterly = next_quarter_return(demo_engine, QUARTER)
    first, *rest = quarterly.persons
    changed = (rest[0][0], rest[0][1], rest[0][2], "sygedagpenge", rest[0][4], rest[0][5])
    new_person = ("P77777", None, "adult", "kontanthjaelp", date(2026, 10, 5), None)
    goals = [goal for goal in quarterly.goals if goal[0] != first[0]]
    statuses = [status for status in quarterly.statuses if status[0] != first[0]]
    content = workbook_bytes(demo_engine, [replace(quarterly, persons=[changed, *rest[1:], new_person],
                                                   goals=goals, statuses=statuses)])
    report = import_workbook(demo_engine, content, file_name="c.xlsx", created_by="test", site_id=GELLERUP,
                             quarter=QUARTER)
    assert report.ok, [problem.text() for problem in report.problems]
    changes = report.person_changes[0]
    assert (changes.new, changes.gone, changes.changed) == (["P77777"], [first[0]], [rest[0][0]])


def test_the_same_file_is_not_stored_twice(demo_engine):
    content = quarterly_file(demo_engine)
    assert store(demo_engine, content).stored
    before = database_state(demo_engine)
    again = store(demo_engine, content, name="igen.xlsx")
    assert not again.stored
    assert "allerede indlæst" in again.errors[0].message
    assert database_state(demo_engine) == before


def test_rollback_restores_an_earlier_version_as_a_new_one(demo_engine):
    original = in_force_return(demo_engine, quarter="2026Q3")
    history = version_history(demo_engine)
    original_id = int(history[(history["site_id"] == GELLERUP) & (history["quarter"] == "2026Q3")]["version_id"].max())
    replacement = replace(original, statuses=[(p, "in_progress", None) for p, _, _ in original.statuses])
    report = import_workbook(demo_engine, workbook_bytes(demo_engine, [replacement]), file_name="ret.xlsx",
                             created_by="test", site_id=GELLERUP, quarter="2026Q3", commit=True)
    assert report.stored
    assert in_force_return(demo_engine, quarter="2026Q3").statuses == replacement.statuses
    versions_before = len(version_history(demo_engine))
    new_id = rollback_to(demo_engine, original_id, "test")
    restored = in_force_return(demo_engine, quarter="2026Q3")
    assert restored == replace(original, site_id=restored.site_id)
    history = version_history(demo_engine)
    assert len(history) == versions_before + 1
    newest = history.iloc[0]
    assert (newest["version_id"], newest["kind"], newest["restores_version_id"]) == (new_id, "rollback", original_id)
    with pytest.raises(ImportRefused, match="allerede den gældende"):
        rollback_to(demo_engine, new_id, "test")


def test_export_then_import_into_an_empty_database_reproduces_everything(demo_engine, tmp_path):
    exported = export_bytes(demo_engine)
    empty = make_engine(f"sqlite:///{tmp_path / 'empty.db'}")
    upgrade(empty)
    report = import_workbook(empty, exported, file_name="alt.xlsx", created_by="test", commit=True)
    assert report.ok and report.stored, [problem.text() for problem in report.errors][:5]
    original, copy = load_frames(demo_engine), load_frames(empty)
    for name in COLUMNS:
        left = getattr(original, name).reset_index(drop=True)
        right = getattr(copy, name).reset_index(drop=True)
        if name == "project_targets":
            left, right = left.drop(columns="target_id"), right.drop(columns="target_id")
        assert left.equals(right), name
    assert export_bytes(empty) != b""


def test_a_target_rule_with_unknown_codes_is_refused_naming_sheet_row_and_column(demo_engine, tmp_path):
    # Row 2 of Projektmål is the demo's first delmål; C is Kategorier, D Optælling, E Målgrupper.
    exported = edited(export_bytes(demo_engine), set_cells(Projektmål={
        "C2": "ordinary_job, no_such_job", "D2": "sometimes", "E2": "pensioners"}))
    empty = make_engine(f"sqlite:///{tmp_path / 'empty.db'}")
    upgrade(empty)
    before = database_state(empty)
    report = import_workbook(empty, exported, file_name="alt.xlsx", created_by="test", commit=True)
    assert not report.stored
    assert {problem.text() for problem in report.errors} == {
        "Arket 'Projektmål', række 2, kolonne C (Kategorier): Ukendt værdi: no_such_job. Brug navnene (eller "
        "koderne) fra arket 'Kategorier', adskilt af komma.",
        "Arket 'Projektmål', række 2, kolonne D (Optælling): 'sometimes' er ikke en gyldig værdi. Vælg fra "
        "rullelisten.",
        "Arket 'Projektmål', række 2, kolonne E (Målgrupper): Ukendt værdi: pensioners. Gyldige værdier: Voksne, "
        "Unge (15-29 år), Børn, adskilt af komma.",
    }
    assert database_state(empty) == before


def test_a_failure_while_writing_the_last_table_leaves_nothing(demo_engine, monkeypatch):
    content = quarterly_file(demo_engine)
    before = database_state(demo_engine)
    real_bulk_insert = data_access.returns.bulk_insert

    def failing_on_last_table(connection, table, rows):
        if table.name == "follow_up":
            raise RuntimeError("disk full (injected)")
        real_bulk_insert(connection, table, rows)

    monkeypatch.setattr(data_access.returns, "bulk_insert", failing_on_last_table)
    with pytest.raises(RuntimeError, match="injected"):
        store(demo_engine, content)
    assert database_state(demo_engine) == before


KILLED_IMPORT = """
import sys, time
from pathlib import Path
import data_access.returns as returns
from data_access.engine import make_engine
from data_access.importer import import_workbook

real = returns.bulk_insert
def slow(connection, table, rows):
    real(connection, table, rows)
    if table.name == "person_status":
        Path(sys.argv[3]).write_text("halfway")
        time.sleep(120)
returns.bulk_insert = slow
content = Path(sys.argv[2]).read_bytes()
import_workbook(make_engine(sys.argv[1]), content, file_name="k.xlsx", created_by="test", site_id=1,
                quarter="2026Q4", commit=True)
"""


def test_a_process_killed_in_the_middle_of_an_import_leaves_nothing(demo_engine, tmp_path):
    path, marker = tmp_path / "k4.xlsx", tmp_path / "halfway"
    path.write_bytes(quarterly_file(demo_engine))
    before = database_state(demo_engine)
    child = subprocess.Popen([sys.executable, "-c", KILLED_IMPORT, url_of(demo_engine), str(path), str(marker)],
                             cwd=PROJECT_ROOT)
    try:
        deadline = time.monotonic() + 60
        while not marker.exists():
            assert child.poll() is None and time.monotonic() < deadline, "the import did not reach the middle"
            time.sleep(0.05)
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
    assert database_state(demo_engine) == before
    # And the next import goes through normally (it waits for the lock until the server ends the dead transaction).
    assert store(demo_engine, path.read_bytes()).stored


def test_two_imports_at_the_same_moment_are_serialised(demo_engine):
    first = quarterly_file(demo_engine)
    second = quarterly_file(demo_engine, statuses=[
        (person, "in_progress", None) for person, _, _ in next_quarter_return(demo_engine).statuses
    ])
    results = {}

    def run(name, content):
        results[name] = store(demo_engine, content, name=name)

    threads = [threading.Thread(target=run, args=(name, content))
               for name, content in (("a.xlsx", first), ("b.xlsx", second), ("a-igen.xlsx", first))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    stored = sorted(name for name, report in results.items() if report.stored)
    assert len(stored) == 2 and "b.xlsx" in stored
    history = version_history(demo_engine)
    assert len(history[history["quarter"] == QUARTER]) == 2
    frames = load_frames(demo_engine)
    in_force = frames.persons[(frames.persons["quarter"] == QUARTER) & (frames.persons["site_id"] == GELLERUP)]
    assert not in_force["person_key"].duplicated().any()
    assert len(in_force) == len(next_quarter_return(demo_engine).persons)


def test_template_has_every_sheet_dropdowns_and_date_formats(demo_engine):
    with demo_engine.begin() as connection:
        connection.execute(insert(OutcomeCategory).values(
            code="social_economy", label="Socialøkonomisk virksomhed", group_code="job", sort_order=99,
            has_hours=True, is_active=True,
        ))
    workbook = openpyxl.load_workbook(io.BytesIO(template_bytes(demo_engine)))
    assert workbook.sheetnames[0] == "Vejledning"
    assert {sheet.name for sheet in SHEETS} <= set(workbook.sheetnames)
    lists = workbook["Lister"]
    assert lists.sheet_state == "hidden"
    categories = [cell.value for cell in next(c for c in lists.columns if c[0].value == "Kategori")[1:] if cell.value]
    assert "Socialøkonomisk virksomhed" in categories
    for sheet in SHEETS:
        worksheet = workbook[sheet.name]
        assert [cell.value for cell in worksheet[1]] == [column.header for column in sheet.columns]
        # Every row a sheet can have gets its dropdown (one site reports hundreds of delmål a quarter).
        validated = {str(ref).split(":")[0].rstrip("0123456789") for v in worksheet.data_validations.dataValidation
                     for ref in v.sqref.ranges if str(ref).endswith(":" + str(ref).split(":")[0].rstrip(
                         "0123456789") + "1048576")}
        for number, column in enumerate(sheet.columns, start=1):
            letter = openpyxl.utils.get_column_letter(number)
            if column.choices or column.kind == "date":
                assert letter in validated, (sheet.name, column.header)
            if column.kind == "date":
                assert worksheet[f"{letter}2"].number_format == "DD-MM-YYYY"
    instructions = " ".join(str(cell.value) for row in workbook["Vejledning"].iter_rows() for cell in row if cell.value)
    assert "CPR" in instructions and "Borger-id" in instructions


def test_xml_parsing_is_hardened():
    import openpyxl.xml

    assert openpyxl.xml.DEFUSEDXML is True


def test_formula_cells_use_their_saved_result(demo_engine):
    with_formula = edited(quarterly_file(demo_engine), set_cells(Status={"E2": "=4+4"}))
    package = zipfile.ZipFile(io.BytesIO(with_formula))
    sheet_path = next(name for name in package.namelist() if b"<f>4+4</f>" in package.read(name))
    # What Excel saves: the formula and its last result.
    # openpyxl writes the empty value as <v /> or, with lxml installed, as <v></v>.
    saved = re.sub(rb"<f>4\+4</f><v ?/>|<f>4\+4</f><v></v>", b"<f>4+4</f><v>8</v>", package.read(sheet_path))
    parsed = read_workbook(repacked(with_formula, replace_members={sheet_path: saved}))
    assert parsed.formulas_without_value == []
    assert parsed.sheets["Status"][1][4] == 8
    report = store(demo_engine, repacked(with_formula, replace_members={sheet_path: saved}))
    assert report.stored


def test_import_from_staging_tables_uses_the_same_checks(demo_engine):
    quarterly = next_quarter_return(demo_engine, QUARTER)
    with demo_engine.begin() as connection:
        for statement in staging_table_sql():
            connection.execute(text(statement))
        connection.execute(text("INSERT INTO staging_families VALUES (:s, :q, :k)"),
                           [{"s": "Gellerup", "q": "2026K4", "k": key} for key in quarterly.families])
        connection.execute(text("INSERT INTO staging_persons VALUES (:s, :q, :k, :f, :g, :b, :start, :end)"), [
            {"s": "1", "q": "2026K4", "k": k, "f": f, "g": g, "b": b, "start": start, "end": end}
            for k, f, g, b, start, end in quarterly.persons
        ])
        connection.execute(text("INSERT INTO staging_staff VALUES (:s, :q, :k, :p, :d)"),
                           [{"s": "1", "q": "2026K4", "k": k, "p": p, "d": d} for k, p, d in quarterly.staff])
        connection.execute(text("INSERT INTO staging_statuses VALUES (:s, :q, :k, :c, :h)"), [
            {"s": "1", "q": "2026K4", "k": k, "c": c, "h": h} for k, c, h in quarterly.statuses
        ])
    parsed, digest = read_staging(demo_engine)
    report = import_parsed(demo_engine, parsed, source_name="staging", sha256=digest, kind="staging",
                           created_by="it", commit=True)
    assert report.ok and report.stored, [problem.text() for problem in report.errors][:5]
    assert version_history(demo_engine).iloc[0]["kind"] == "staging"
    with demo_engine.begin() as connection:
        connection.execute(text("UPDATE staging_statuses SET hours_per_week = 99"))
    before = database_state(demo_engine)
    parsed, digest = read_staging(demo_engine)
    refused = import_parsed(demo_engine, parsed, source_name="staging", sha256=digest, kind="staging",
                            created_by="it", commit=True)
    assert not refused.ok and "99 ligger uden for det tilladte 0-80" in refused.errors[0].message
    assert database_state(demo_engine) == before


def test_command_line_import_stores_and_exits_zero(demo_engine, tmp_path):
    path = tmp_path / "k4.xlsx"
    path.write_bytes(quarterly_file(demo_engine))
    finished = subprocess.run(
        [sys.executable, "-m", "cli", "import", str(path), "--site", "Opgang til Opgang – Gellerup",
         "--quarter", "2026 K4", "--user", "PL"],
        cwd=PROJECT_ROOT, env={**os.environ, "DATABASE_URL": url_of(demo_engine)}, capture_output=True, text=True,
        timeout=120,
    )
    assert finished.returncode == 0, finished.stderr
    assert "Gemt som version" in finished.stdout
    with demo_engine.connect() as connection:
        assert connection.execute(select(ImportVersion.created_by).order_by(ImportVersion.id.desc())).first()[0] == "PL"


def test_command_line_dry_run_shows_the_key_figures_before_and_after_and_stores_nothing(demo_engine, tmp_path,
                                                                                       capsys, monkeypatch):
    from cli.__main__ import main

    path = tmp_path / "k4.xlsx"
    path.write_bytes(quarterly_file(demo_engine))
    before = database_state(demo_engine)
    monkeypatch.setenv("DATABASE_URL", url_of(demo_engine))
    assert main(["import", str(path), "--site", "Opgang til Opgang – Gellerup", "--quarter", "2026 K4",
                 "--dry-run"]) == 0
    printed = capsys.readouterr().out
    assert "intet gemt (prøvekørsel)" in printed
    assert "Nøgletal, 2026 K3 → med filen:" in printed and "\n  I job eller uddannelse: " in printed
    assert database_state(demo_engine) == before


def test_demo_data_pass_the_import_validation(demo_engine):
    report = import_workbook(demo_engine, export_bytes(demo_engine), file_name="alt.xlsx", created_by="test")
    assert not [problem for problem in report.errors if "allerede indlæst" not in problem.message]


def test_a_project_set_up_from_an_empty_database_counts_its_own_delmaal_as_counted_by_hand(engine):
    """Master data (with the project's delmål as rules) and its first quarter in one workbook, into an empty
    database: 8 in ordinary work or education; 4 clarified, heraf 2 in fleksjob (one through an exit);
    3 young people who started a youth education, heraf 1 completed (an adult who started is not counted)."""
    from data_access.workbook.format import FIXED_CHOICES, MASTER_SHEETS
    from data_access.workbook.writer import build_workbook
    from metrics.registry import project_target_status
    from metrics.vocabulary import STANDARD_CATEGORIES as OUTCOME_CATEGORIES
    from metrics.vocabulary import site_label

    reference = {
        "Projekter": [("Jobløft Nord", "Syntetisk testprojekt")],
        "Steder": [("Jobløft Nord", "Nordbyen", "Testkommune")],
        "Kategorier": [(code, label, group, order, "Ja" if hours else "Nej", "Ja")
                       for order, (code, label, group, hours) in enumerate(OUTCOME_CATEGORIES, start=1)],
        "Projektmål": [
            ("Jobløft Nord", None, "Borgere i ordinært arbejde eller uddannelse", 10, date(2026, 12, 31),
             "ordinary_job, ordinary_education", "now", None, None, None),
            ("Jobløft Nord", None, "Borgere afklaret i rehabiliteringsteamet", 12, date(2026, 12, 31),
             "rehab_clarified, flex_job, disability_pension", "ever", None, "i fleksjob", "flex_job"),
            ("Jobløft Nord", None, "Unge, der er startet på en ungdomsuddannelse", 20, date(2026, 12, 31),
             "youth_education_started, youth_education_completed", "ever", "young", "gennemført",
             "youth_education_completed"),
        ],
        "Benchmarks": [],
    }
    quarterly = QuarterlyReturn(site_id=1, quarter="2026Q3")
    started = date(2025, 1, 6)
    statuses = ([("adult", "ordinary_job")] * 5 + [("adult", "ordinary_education")] * 3
                + [("adult", "small_job"), ("adult", "in_progress"), ("adult", "rehab_clarified")]
                + [("adult", "flex_job")] * 2 + [("young", "youth_education_started")] * 2
                + [("young", "youth_education_completed"), ("adult", "youth_education_started")])
    for number, (group, category) in enumerate(statuses):
        quarterly.persons.append((f"P{number:02d}", None, group, "kontanthjaelp", started, None))
        quarterly.statuses.append((f"P{number:02d}", category, None))
    quarterly.persons.append(("P99", None, "adult", "kontanthjaelp", started, date(2026, 8, 3)))
    quarterly.exits.append(("P99", "disability_pension", date(2026, 8, 3)))
    choices = {**FIXED_CHOICES, "site": {1: site_label("Jobløft Nord", "Nordbyen")}, "profession": {},
               "progression_instrument": {}, "progression_item": {}, "job_type": {},
               "category": {code: label for code, label, _, _ in OUTCOME_CATEGORIES}}
    headers = {sheet.name: [column.header for column in sheet.columns] for sheet in MASTER_SHEETS}
    # The delmål in the column order of an export from before the Overblik column: sheets are read by header.
    headers["Projektmål"] = ["Projekt", "Indikator", "Tekst", "Målværdi", "Frist", "Kategorier", "Optælling",
                             "Målgrupper", "Heraf (tekst)", "Heraf kategorier"]
    content = build_workbook(choices, [quarterly], {name: (headers[name], rows) for name, rows in reference.items()})
    report = import_workbook(engine, content, file_name="jobloeft.xlsx", created_by="test", commit=True)
    assert report.stored, [problem.text() for problem in report.errors][:5]
    status = project_target_status(load_frames(engine), "2026Q3").set_index("label")
    counted = {label: (row["actual"], None if pd.isna(row["part"]) else row["part"])
               for label, row in status.iterrows()}
    assert counted == {"Borgere i ordinært arbejde eller uddannelse": (8, None),
                       "Borgere afklaret i rehabiliteringsteamet": (4, 2),
                       "Unge, der er startet på en ungdomsuddannelse": (3, 1)}
