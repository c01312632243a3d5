"""Several app processes on one PostgreSQL: imports from two processes at once, and what each replica shows."""

import os
import subprocess
import sys

import pytest
from playwright.sync_api import expect, sync_playwright

from bench.serving import CHROMIUM_ARGS, LOADED
from data_access.importer import version_history
from tests.conftest import PROJECT_ROOT, url_of
from tests.test_browser import chromium_path, open_upload_page, visit
from tests.workbooks import next_quarter_return, workbook_bytes

ON_POSTGRES = pytest.mark.parametrize("engine", ["postgresql"], indirect=True)


def importing(url: str, path, site: str, user: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "cli", "import", str(path), "--site", site, "--quarter", "2026K4",
         "--user", user],
        cwd=PROJECT_ROOT, env={**os.environ, "DATABASE_URL": url}, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True,
    )


@ON_POSTGRES
def test_two_processes_importing_at_once_lose_nothing_and_store_nothing_twice(demo_engine, tmp_path):
    engine = demo_engine
    gellerup, outreach = tmp_path / "gellerup.xlsx", tmp_path / "fremskudt.xlsx"
    gellerup.write_bytes(workbook_bytes(engine, [next_quarter_return(engine, "2026Q4", "Gellerup")]))
    outreach.write_bytes(workbook_bytes(engine, [next_quarter_return(engine, "2026Q4", "Fremskudt jobcenterteam")]))
    before = len(version_history(engine))

    # Two different files from two processes: both are stored, one after the other.
    runs = [importing(url_of(engine), gellerup, "Gellerup", "a"),
            importing(url_of(engine), outreach, "Fremskudt jobcenterteam", "b")]
    finished = [(run.wait(timeout=300), run.stderr.read()) for run in runs]
    assert [code for code, _ in finished] == [0, 0], finished
    history = version_history(engine)
    assert len(history) == before + 2
    assert sorted(history.head(2)["created_by"]) == ["a", "b"]

    # The same file from two processes at once: stored exactly once, the other is told so in Danish.
    again = tmp_path / "gellerup-rettet.xlsx"
    again.write_bytes(workbook_bytes(engine, [next_quarter_return(engine, "2026Q4", "Gellerup")]))
    runs = [importing(url_of(engine), again, "Gellerup", user) for user in ("c", "d")]
    finished = sorted((run.wait(timeout=300), run.stderr.read()) for run in runs)
    assert [code for code, _ in finished] == [0, 1], finished
    assert "Præcis denne fil er allerede indlæst" in finished[1][1]
    assert len(version_history(engine)) == before + 3


@ON_POSTGRES
@pytest.mark.browser
def test_an_import_through_one_replica_shows_at_once_on_the_other(demo_engine, tmp_path, artifacts_dir):
    from bench.serving import serve

    engine = demo_engine
    url = url_of(engine)
    with serve(url) as (first, _), serve(url) as (second, _), sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        reader = browser.new_page(viewport={"width": 1440, "height": 1200}, locale="da-DK")
        # A reader of the latest data (the steering group reads published quarters, which an import leaves alone).
        visit(reader, f"{second}/overblik", "projektleder")
        sidebar = reader.locator("[data-testid='stSidebar']")
        # The app's own filters replace Streamlit's first page list once the script has run.
        expect(sidebar).to_contain_text("2026 K3", timeout=60_000)
        assert "2026 K4" not in sidebar.inner_text()
        # The project leader uploads the next quarter through the first replica's page.
        workbook = tmp_path / "k4.xlsx"
        workbook.write_bytes(workbook_bytes(engine, [next_quarter_return(engine, "2026Q4")]))
        leader = browser.new_page(viewport={"width": 1440, "height": 1200}, locale="da-DK")
        open_upload_page(leader, first)
        leader.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(str(workbook))
        save = leader.get_by_role("button", name="Bekræft og gem som ny version")
        expect(save).to_be_enabled(timeout=60_000)
        save.click()
        leader.get_by_text("Gemt som version").wait_for(timeout=60_000)
        # The reader on the second replica sees the new quarter on the next click, with no restart.
        reader.locator(".st-key-menu").get_by_text("Resultater", exact=True).click()
        reader.wait_for_function("() => location.pathname.endsWith('/resultater')", timeout=60_000)
        reader.wait_for_selector(LOADED, timeout=60_000)
        reader.get_by_text("2026 K4 er indtil videre kun indberettet fra").first.wait_for(timeout=60_000)
        reader.screenshot(path=artifacts_dir / "replika-ny-kvartal.png", full_page=True)
        browser.close()


@ON_POSTGRES
def test_replicas_starting_together_migrate_one_at_a_time(engine):
    from sqlalchemy import text

    with engine.begin() as connection:
        connection.execute(text("DROP TABLE alembic_version"))
        for table in reversed(sorted(connection.execute(text(
                "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")).scalars())):
            connection.execute(text(f'DROP TABLE IF EXISTS "{table}" CASCADE'))
    runs = [subprocess.Popen([sys.executable, "-m", "cli", "migrate"], cwd=PROJECT_ROOT,
                             env={**os.environ, "DATABASE_URL": url_of(engine)}, stderr=subprocess.PIPE, text=True)
            for _ in range(3)]
    assert [run.wait(timeout=120) for run in runs] == [0, 0, 0], [run.stderr.read() for run in runs]
