"""Personal data: the record of processing kept true by the data model, access requests, the erasure of one
person across every version (on SQLite and PostgreSQL), and the deletion of old audit and sign-in records."""

import io
from datetime import UTC, datetime, timedelta
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, insert, select, text

from cli.__main__ import main
from data_access.accounts.audit_log import audit_events
from data_access.models import AuditEvent, Base, ImportVersion, Person, SignInFailureTally, SiteFigure
from data_access.personal_data import (
    NOT_PERSONAL,
    PERSON_TABLES,
    RECORD,
    access_request_workbook,
    erase_person,
    person_rows,
    purge_old_records,
    record_rows,
    record_workbook,
)
from data_access.queries import load_frames
from tests.conftest import url_of

KEY = "P00012"  # in every quarter of both demo sites


def test_the_record_describes_every_table_and_every_column_of_the_data_model():
    described = {kind.table: kind for kind in RECORD}
    assert not set(described) & set(NOT_PERSONAL), "a table is either personal data or not"
    for table in Base.metadata.sorted_tables:
        assert table.name in described or table.name in NOT_PERSONAL, f"{table.name} is not in the record"
        if table.name in described:
            assert set(described[table.name].fields) == {column.name for column in table.columns}, table.name
    assert set(described) | set(NOT_PERSONAL) == {table.name for table in Base.metadata.sorted_tables}
    # Every table that names a person is personal data; the wellbeing scores are health data (art. 9).
    assert {table.name for table in PERSON_TABLES} <= set(described)
    assert described["wellbeing_measurement"].health
    assert all(row["Beskrivelse"] and row["Formål"] and row["Opbevaring"] for row in record_rows())
    # Where a row comes from: the quarterly sheet and the staging table that feed the table.
    from data_access.workbook.format import SHEETS

    for sheet in SHEETS:
        if sheet.name != "Aktiviteter":  # the team's own counts, no person
            source = next(kind.source for kind in RECORD if f"«{sheet.name}»" in kind.source)
            assert source == f"Kvartalsarket «{sheet.name}» / staging_{sheet.part}"


def test_a_new_column_nobody_described_fails_the_record(monkeypatch):
    from sqlalchemy import Column, String

    person = Base.metadata.tables["person"]
    extra = Column("nickname", String(20))
    person.append_column(extra)
    try:
        described = {kind.table: kind for kind in RECORD}
        assert set(described["person"].fields) != {column.name for column in person.columns}
    finally:
        person._columns.remove(extra)


def test_the_record_of_processing_is_a_workbook_in_danish(tmp_path, monkeypatch, capsys):
    sheet = openpyxl.load_workbook(io.BytesIO(record_workbook()))["Fortegnelse"]
    header = [cell.value for cell in sheet[1]]
    assert header[:4] == ["Tabel", "Indhold", "Felt", "Beskrivelse"]
    assert any(row[0].value == "wellbeing_measurement" and row[4].value == "Ja" for row in sheet.iter_rows(2))
    out = tmp_path / "fortegnelse.xlsx"
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'x.db'}")
    assert main(["record-of-processing", "--out", str(out)]) == 0
    assert openpyxl.load_workbook(out)["Fortegnelse"].max_row == sheet.max_row


def _count(engine, statement) -> int:
    with engine.connect() as connection:
        return connection.execute(statement).scalar_one()


def test_an_access_request_gives_everything_under_one_key_across_versions(demo_engine):
    found = person_rows(demo_engine, KEY)
    assert len(found["person"]) == 24  # twelve quarters, two sites
    workbook = openpyxl.load_workbook(io.BytesIO(access_request_workbook(demo_engine, KEY, "admin")))
    assert workbook.sheetnames[0] == "Forklaring"
    borgere = workbook["Borgere"]
    assert [cell.value for cell in borgere[1]][:3] == ["Sted", "Kvartal", "Borger-id (pseudonymt, fx B001; aldrig "
                                                                          "CPR-nummer)"]
    assert borgere.max_row == 25
    logged = audit_events(demo_engine)
    assert logged.iloc[0]["action"] == "access_request" and KEY not in logged.iloc[0]["detail"]


def test_erasing_one_person_removes_every_row_in_every_version_and_the_figures_follow(demo_engine):
    frames_before = load_frames(demo_engine)
    gellerup = int(frames_before.sites.set_index("site_name").loc["Gellerup", "site_id"])
    with demo_engine.begin() as connection:
        connection.execute(insert(SiteFigure).values(key="k", site_id=gellerup, figure="f", value="{}"))
    persons_before = _count(demo_engine, select(func.count()).select_from(Person))
    with pytest.raises(ValueError, match="begrundelse"):
        erase_person(demo_engine, KEY, " ", "admin")
    erased = erase_person(demo_engine, KEY, "Registreret under forkert Borger-id", "admin", site_id=gellerup)
    assert erased.rows["person"] == 12 and erased.site_ids == [gellerup]
    assert _count(demo_engine, select(func.count()).select_from(Person)) == persons_before - 12
    left = person_rows(demo_engine, KEY)
    assert {row["site"] for rows in left.values() for row in rows} == {"Fremskudt jobcenterteam"}, \
        "the other site's person with the same key stays"
    assert _count(demo_engine, select(func.count()).select_from(SiteFigure).where(SiteFigure.site_id == gellerup)) == 0
    frames_after = load_frames(demo_engine)
    assert KEY not in set(frames_after.persons.loc[frames_after.persons["site_id"] == gellerup, "person_key"])
    logged = audit_events(demo_engine).iloc[0]
    assert logged["action"] == "erasure" and "Registreret under forkert Borger-id" in logged["detail"]
    assert KEY not in logged["detail"], "the audit log holds no citizen's key"


def test_an_erased_person_is_not_left_in_the_sqlite_file(tmp_path, templates):
    from data_access.engine import make_engine

    path = tmp_path / "slet.db"
    engine = make_engine(templates.sqlite_copy(path, demo=True))
    assert KEY.encode() in Path(path).read_bytes()
    erase_person(engine, KEY, "Test af sletning", "admin")
    engine.dispose()
    for file in (path, Path(f"{path}-wal")):
        if file.exists():
            assert KEY.encode() not in file.read_bytes(), file.name


def test_old_audit_and_sign_in_records_are_purged_and_the_purge_is_logged(engine, monkeypatch):
    long_ago = datetime.now(UTC) - timedelta(days=4 * 365)
    with engine.begin() as connection:
        connection.execute(insert(AuditEvent).values(occurred_at=long_ago, actor="gammel", action="sign_in",
                                                     detail=""))
        connection.execute(insert(AuditEvent).values(occurred_at=datetime.now(UTC), actor="ny", action="sign_in",
                                                     detail=""))
        connection.execute(insert(SignInFailureTally).values(hour_start=long_ago, reason="unknown", attempts=3,
                                                             last_at=long_ago))
    counted = purge_old_records(engine, "admin", dry_run=True)
    assert counted.rows["audit_event"] == 1 and counted.rows["sign_in_failure_tally"] == 1
    assert _count(engine, select(func.count()).select_from(AuditEvent).where(AuditEvent.actor == "gammel")) == 1
    purge_old_records(engine, "admin")
    actors = set(audit_events(engine)["actor"])
    assert "gammel" not in actors and "ny" in actors
    assert audit_events(engine).iloc[0]["action"] == "purge"
    # A shorter retention, set by the municipality, reaches the newer entry too.
    monkeypatch.setenv("AUDIT_RETENTION_DAYS", "1")
    assert purge_old_records(engine, "admin", dry_run=True,
                             now=datetime.now(UTC) + timedelta(days=2)).rows["audit_event"] >= 2


def test_the_command_line_erases_answers_and_purges(demo_engine, monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("DATABASE_URL", url_of(demo_engine))
    out = tmp_path / "indsigt.xlsx"
    assert main(["access-request", KEY, "--out", str(out)]) == 0
    assert "Borgere" in openpyxl.load_workbook(out).sheetnames
    assert main(["erase-person", KEY]) == 2  # a reason is required
    assert main(["erase-person", KEY, "--reason", "Forkert nøgle"]) == 0
    assert "slettet" in capsys.readouterr().out
    assert person_rows(demo_engine, KEY) == {}
    assert main(["purge", "--dry-run"]) == 0
    assert "Auditlog" in capsys.readouterr().out
    with demo_engine.connect() as connection:
        assert connection.execute(select(func.count()).select_from(ImportVersion)).scalar_one() > 0
        assert connection.execute(text("SELECT 1")).scalar_one() == 1


def test_an_administrator_erases_a_person_on_the_page_after_seeing_what_goes(fresh_demo_url):
    from streamlit.testing.v1 import AppTest

    from data_access.engine import make_engine
    from tests.conftest import signed_in
    from tests.test_app import APP, TIMEOUT
    from ui.routing import TABS_KEY

    engine = make_engine(fresh_demo_url)
    at = signed_in(AppTest.from_file(APP, default_timeout=TIMEOUT), fresh_demo_url).run()
    at.switch_page("pages/persondata.py").run()
    assert not at.exception and at.title[0].value == "Persondata"
    shown = "\n".join(text.value for text in at.markdown)
    assert all(kind.title in shown and kind.purpose in shown for kind in RECORD), "every kind of data, in Danish"
    assert "**Trivsel og skolefravær** (tabellen `wellbeing_measurement`) · **helbredsoplysninger" in shown
    at.session_state[TABS_KEY] = "Sletning af en borger"
    at.run()
    at.text_input(key="erase_key").input(KEY).run()
    warning = at.warning[0].value
    assert "Gellerup" in warning and "Fremskudt jobcenterteam" in warning and "24 i «Borgere»" in warning
    slet = next(button for button in at.button if button.label == "Slet")
    assert slet.disabled, "no erasure before the confirmation and a reason"
    at.text_input(key="erase_reason").input("Registreret ved en fejl").run()
    at.checkbox(key="erase_confirm").check().run()
    next(button for button in at.button if button.label == "Slet").click().run()
    assert not at.exception
    assert at.success[0].value.startswith(f"Borger-id {KEY} er slettet")
    assert person_rows(engine, KEY) == {}


def test_a_published_quarter_says_when_a_person_was_erased_after_it_was_presented(fresh_demo_url):
    from streamlit.testing.v1 import AppTest

    from data_access.engine import make_engine
    from tests.conftest import signed_in
    from tests.test_app import APP, TIMEOUT

    def overview_boxes() -> tuple[list[str], list[str]]:
        at = signed_in(AppTest.from_file(APP, default_timeout=TIMEOUT), fresh_demo_url, "styregruppe").run()
        assert not at.exception
        return [box.value for box in at.info], [box.value for box in at.warning]

    infos, warnings = overview_boxes()
    assert any("Tallene er dem, der blev vist dengang." in info for info in infos)
    erase_person(make_engine(fresh_demo_url), KEY, "Forkert Borger-id", "admin")
    infos, warnings = overview_boxes()
    assert not any("Tallene er dem, der blev vist dengang." in info for info in infos), "no longer true"
    assert any(warning.startswith("Efter forelæggelsen er 1 borger slettet fra data") for warning in warnings)


def test_a_cpr_number_is_refused_as_a_key_and_as_a_reason_and_nothing_is_erased(fresh_demo_url):
    from streamlit.testing.v1 import AppTest

    from data_access.engine import make_engine
    from tests.conftest import signed_in
    from tests.test_app import APP, TIMEOUT
    from tests.test_security import PROBE_FORMS
    from ui.routing import TABS_KEY

    engine = make_engine(fresh_demo_url)
    before = len(person_rows(engine, KEY)["person"])
    with pytest.raises(ValueError, match="ligner et CPR-nummer"):
        erase_person(engine, KEY, f"Forkert id, rigtigt er {PROBE_FORMS['LRM']}", "admin")
    assert len(person_rows(engine, KEY)["person"]) == before
    at = signed_in(AppTest.from_file(APP, default_timeout=TIMEOUT), fresh_demo_url).run()
    at.switch_page("pages/persondata.py").run()
    at.session_state[TABS_KEY] = "Sletning af en borger"
    at.run()
    at.text_input(key="erase_key").input(PROBE_FORMS["comma"]).run()
    assert at.error[0].value.startswith("Borger-id'et ligner et CPR-nummer.")
    assert not [button for button in at.button if button.label == "Slet"]
    at.text_input(key="erase_key").input(KEY).run()
    at.text_input(key="erase_reason").input(f"Rigtigt id er {PROBE_FORMS['colon']}").run()
    at.checkbox(key="erase_confirm").check().run()
    next(button for button in at.button if button.label == "Slet").click().run()
    assert at.error[0].value.startswith("Begrundelsen ligner et CPR-nummer.")
    assert len(person_rows(engine, KEY)["person"]) == before
    assert "erasure" not in set(audit_events(engine)["action"])
