"""A project's retention: its person-level data are deleted when the end date plus the retention has passed; the
published quarters stay as the figures that were presented (on SQLite and PostgreSQL)."""

import io
from datetime import date
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from sqlalchemy import func, select

from cli.__main__ import main
from data_access.accounts.audit_log import audit_events
from data_access.importer import ImportRefused, export_bytes, rollback_to
from data_access.master_data import import_setup, save_row, setup_workbook_bytes
from data_access.models import ImportVersion, Project, Site, SiteFigure
from data_access.personal_data import REPORTED_TABLES, project_rows, projects_due, retention_end
from data_access.publication import kept_figures, publish
from data_access.workbook.reader import read_workbook
from metrics.published import published_figures
from metrics.selection import make_selection
from presentation.format import format_date
from presentation.page_registry import ANALYSIS_PAGES
from tests.conftest import signed_in, url_of
from tests.new_project import PROJECT, QUARTER, import_quarter, set_up_new_project
from tests.test_setup import filled

END = date(2026, 9, 30)
PERSON_KEYS = [f"N{number:03d}".encode() for number in range(25)]
# Every page that shows the steering group's figures.
FIGURE_PAGES = [*ANALYSIS_PAGES, "rapport", "praesentation"]


def test_the_retention_ends_the_chosen_months_after_the_end_date(monkeypatch):
    assert retention_end(date(2026, 9, 30), 24) == date(2028, 9, 30)
    assert retention_end(date(2026, 1, 31), 1) == date(2026, 2, 28), "the month's last day"
    assert retention_end(date(2027, 12, 15), 0) == date(2027, 12, 15)
    assert retention_end(None, 12) is None, "without an end date nothing is due"
    assert retention_end(date(2026, 9, 30), None) == date(2029, 9, 30), "the installation's default: 36 months"
    monkeypatch.setenv("PROJECT_RETENTION_MONTHS", "60")
    assert retention_end(date(2026, 9, 30), None) == date(2031, 9, 30)


def _set_end(engine, end: date | None, months: int | None) -> None:
    """The project's end date and retention, as an administrator sets them in Stamdata's form."""
    save_row(engine, "Projekter", {"Projekt": PROJECT, "Beskrivelse": "Nyt projekt (syntetiske testdata)",
                                   "Slutdato": format_date(end) if end else None, "Opbevaring (måneder)": months},
             "admin", row_id=_project_id(engine))


def test_the_setup_workbook_carries_the_end_date_and_retention(engine):
    content = filled(setup_workbook_bytes(engine), {"Projekter": [
        {"Projekt": "Afsluttet projekt", "Slutdato": END, "Opbevaring (måneder)": 24}]})
    assert import_setup(engine, read_workbook(content), "admin", commit=True).stored
    with engine.connect() as connection:
        assert connection.execute(select(Project.end_date, Project.retention_months)).one() == (END, 24)
    headers = [cell.value for cell in openpyxl.load_workbook(io.BytesIO(setup_workbook_bytes(engine)))["Projekter"][1]]
    assert "Slutdato" in headers and "Opbevaring (måneder)" in headers
    bad = filled(setup_workbook_bytes(engine), {"Projekter": [
        {"Projekt": "Andet projekt", "Opbevaring (måneder)": 999}]})
    report = import_setup(engine, read_workbook(bad), "admin", commit=True)
    assert not report.stored and "Opbevaring (måneder)" in " ".join(problem.text() for problem in report.errors)


def _project_id(engine) -> int:
    with engine.connect() as connection:
        return connection.execute(select(Project.id).where(Project.name == PROJECT)).scalar_one()


def test_a_project_is_due_when_its_end_date_and_retention_have_passed(engine):
    set_up_new_project(engine)
    assert projects_due(engine, today=date(2040, 1, 1)) == [], "no end date, nothing is due"
    _set_end(engine, END, 12)
    assert projects_due(engine, today=date(2027, 9, 29)) == []
    [due] = projects_due(engine, today=date(2027, 9, 30))
    assert due.project == PROJECT and due.due_on == date(2027, 9, 30)
    assert due.rows["person"] == 25 and due.rows["person_status"] == 25
    assert [(site, quarter) for site, quarter, _, _ in due.by_version] == [("Nordby", QUARTER)]


def test_a_purged_project_keeps_its_published_figures_and_nothing_of_its_citizens(engine, tmp_path, monkeypatch,
                                                                                  capsys):
    """Loaded through the template, published, purged: every table, the figures, the report command, an
    import afterwards, and (on SQLite) the file's bytes."""
    set_up_new_project(engine, ("2026Q3", "2026Q4"))
    publication_id = publish(engine, _project_id(engine), "2026Q4", "projektleder")
    kept = kept_figures(engine, [publication_id])
    assert len(kept) and set(kept["topic"]) >= {"overblik", "delmaal", "resultater", "trivsel"}
    _set_end(engine, END, 0)
    monkeypatch.setenv("DATABASE_URL", url_of(engine))
    if engine.dialect.name == "sqlite":
        assert all(key in _file_bytes(engine) for key in PERSON_KEYS), "the check below can fail"

    assert main(["purge", "--dry-run"]) == 0
    said = capsys.readouterr().out
    assert f"Ville slette borgerdata for {PROJECT}: " in said and "Borgere: 50" in said
    assert "Nordby 2026 K3, version" in said and "Nordby 2026 K4, version" in said, "version by version"
    assert project_rows(engine, _project_id(engine)).rows["person"] == 50, "a dry run deletes nothing"

    assert main(["purge"]) == 0
    with engine.connect() as connection:
        versions = select(ImportVersion.id).join(Site).join(Project).where(Project.name == PROJECT)
        for table in REPORTED_TABLES:
            left = connection.execute(select(func.count()).select_from(table)
                                      .where(table.c.version_id.in_(versions))).scalar_one()
            assert left == 0, table.name
        assert connection.execute(select(func.count()).select_from(SiteFigure)).scalar_one() == 0
        deleted_at = connection.execute(select(Project.person_data_deleted_at)
                                        .where(Project.name == PROJECT)).scalar_one()
    assert deleted_at is not None
    pd.testing.assert_frame_equal(kept_figures(engine, [publication_id]), kept, check_dtype=False)
    logged = audit_events(engine)
    purges = logged.loc[logged["action"] == "purge", "detail"]
    assert purges.str.contains(f"projektet {PROJECT} slettet", regex=False).any()
    assert projects_due(engine, today=date(2040, 1, 1)) == [], "purged once"

    # Nothing is worked out from missing rows, and nothing comes back in.
    assert main(["report", "--format", "pptx", "--out", str(tmp_path / "r.pptx")]) == 1
    assert "ingen data" in capsys.readouterr().err.casefold()
    assert export_bytes(engine)
    with pytest.raises(ImportRefused, match="opbevaringsperioden"), engine.connect() as connection:
        rollback_to(engine, connection.execute(select(func.min(ImportVersion.id))).scalar_one(), "admin")
    with pytest.raises(AssertionError, match="opbevaringsperioden"):
        import_quarter(engine, "2026Q3", 2)

    if engine.dialect.name == "sqlite":
        engine.dispose()
        assert not [key for key in PERSON_KEYS if key in _file_bytes(engine)]


def _file_bytes(engine) -> bytes:
    """The SQLite database file and its write-ahead log, as bytes."""
    path = Path(engine.url.database)
    return b"".join(file.read_bytes() for file in (path, Path(f"{path}-wal")) if file.exists())


def test_the_kept_figures_are_the_pages_figures_with_small_counts_withheld(engine):
    """Worked out by the pages' own functions: each key figure equals the indicator on the project's frames, and
    no count of 1-4 persons is kept."""
    from data_access.queries import load_frames
    from metrics.registry import INDICATORS

    set_up_new_project(engine, ("2026Q3", "2026Q4"))
    frames = load_frames(engine)
    project_id = _project_id(engine)
    figures = published_figures(frames, project_id, "2026Q4")
    selection = make_selection(frames, external=True, period=("2026Q3", "2026Q4"))
    whole = figures[figures["site_id"].isna() & (figures["target_group"] == "")].set_index("figure")
    for key in ("active_persons", "in_job_or_education", "who5_mean_change"):
        value = INDICATORS[key].value_in(selection.frames, "2026Q4")
        assert whole.loc[key, "value"] == pytest.approx(value.value), key
    counts = figures[(figures["unit"] == "count") & (figures["topic"] != "delmaal")]
    shown = counts["value"].dropna()
    assert not ((shown > 0) & (shown < 5)).any(), "a count of 1-4 persons is never kept"
    assert counts.loc[counts["hidden"], "value"].isna().all()


def test_every_page_shows_a_purged_project_from_its_published_figures(tmp_path, templates, monkeypatch):
    from streamlit.testing.v1 import AppTest

    from data_access.engine import make_engine
    from data_access.personal_data import purge_project
    from tests.test_app import APP, TIMEOUT

    url = templates.sqlite_copy(tmp_path / "purged.db", demo=False)
    monkeypatch.setenv("DATABASE_URL", url)
    engine = make_engine(url)
    set_up_new_project(engine)
    publish(engine, _project_id(engine), QUARTER, "projektleder")
    purge_project(engine, _project_id(engine), "admin")
    at = signed_in(AppTest.from_file(APP, default_timeout=TIMEOUT), url, "laeser").run()
    for page in FIGURE_PAGES:
        at.switch_page(f"pages/{page}.py").run()
        assert not at.exception, (page, at.exception)
        [line] = [warning.value for warning in at.warning if "Persondata for" in warning.value]
        assert line.startswith(f"Persondata for {PROJECT} blev slettet den "), page
        assert at.dataframe, f"{page}: the published figures, as presented"
        shown = at.dataframe[0].value
        assert "Hele projektet" in shown.columns and len(shown), page


def test_an_administrator_purges_a_due_project_on_the_page_after_seeing_its_name_and_counts(tmp_path, templates,
                                                                                             monkeypatch):
    from streamlit.testing.v1 import AppTest

    from data_access.engine import make_engine
    from tests.test_app import APP, TIMEOUT
    from ui.routing import TABS_KEY

    url = templates.sqlite_copy(tmp_path / "due.db", demo=True)
    monkeypatch.setenv("DATABASE_URL", url)
    engine = make_engine(url)
    set_up_new_project(engine)
    _set_end(engine, END, 0)
    at = signed_in(AppTest.from_file(APP, default_timeout=TIMEOUT), url).run()
    at.switch_page("pages/persondata.py").run()
    at.session_state[TABS_KEY] = "Projekter efter slutdato"
    at.run()
    assert not at.exception
    [warning] = [box.value for box in at.warning if PROJECT in box.value]
    assert "Sletningen fjerner 124 rækker i 1 importversion:" in warning and "25 i «Borgere»" in warning
    button = next(button for button in at.button if button.label == f"Slet borgerdata for {PROJECT}")
    assert button.disabled, "nothing is deleted before the confirmation"
    at.checkbox(key=f"purge_confirm_{_project_id(engine)}").check().run()
    next(button for button in at.button if button.label == f"Slet borgerdata for {PROJECT}").click().run()
    assert not at.exception
    assert at.success[0].value.startswith(f"Borgerdata for {PROJECT} er slettet: 124 rækker.")
    assert project_rows(engine, _project_id(engine)).total == 0
    # The demo's own projects have no end date: untouched.
    with engine.connect() as connection:
        assert connection.execute(select(func.count()).select_from(Project)
                                  .where(Project.person_data_deleted_at.is_not(None))).scalar_one() == 1


def test_a_large_programme_keeps_its_published_figures_in_the_warm_up_not_while_the_leader_waits(engine,
                                                                                                  monkeypatch):
    from cli.warm import warm_figures
    from data_access.publication import figures_not_kept

    set_up_new_project(engine)
    monkeypatch.setenv("SITE_FIGURES_FROM", "1")  # the project's one site makes it a programme worked site by site
    publication_id = publish(engine, _project_id(engine), QUARTER, "projektleder")
    assert kept_figures(engine, [publication_id]).empty and figures_not_kept(engine) == [publication_id]
    monkeypatch.setenv("SITE_FIGURES_FROM", "99")  # no walk of the pages: only the figures are kept
    assert warm_figures(url_of(engine))["published_figures"] > 0
    assert figures_not_kept(engine) == [] and len(kept_figures(engine, [publication_id]))
