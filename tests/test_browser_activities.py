"""End to end in Chromium: a job type of the project's own from the Stamdata form, a småjob and the team's
activities through the upload (a contact person who is not on the staff refused, nothing stored), and the
figures on Aktiviteter og småjob at the meeting-room sizes."""

from dataclasses import replace
from datetime import date

import pytest
from playwright.sync_api import sync_playwright

from bench import serving
from bench.serving import CHROMIUM_ARGS
from data_access.engine import make_engine
from data_access.master_data import stored_rows
from tests.test_browser import chromium_path, visit
from tests.test_browser_setup import click_tab, saved, upload_refused_then_stored
from tests.workbooks import next_quarter_return, workbook_bytes

pytestmark = pytest.mark.browser

SIZES = ((1920, 1080), (1440, 900), (1280, 720))


def gellerup_quarter(engine, contact: str):
    """Gellerup's next quarter: a new citizen in a bakery småjob, and the team's counts."""
    quarterly = next_quarter_return(engine)
    quarterly.persons.append(("P90003", None, "adult", "kontanthjaelp", date(2026, 10, 1), None))
    quarterly.statuses.append(("P90003", "small_job", 8.0))
    return replace(quarterly, activities=[(300, 20, 40, 12, 2, 30, 10, 9)],
                   small_jobs=[("P90003", "bakery", "V901", "small", contact, date(2026, 10, 12))])


def test_a_job_type_goes_from_the_form_through_the_upload_to_the_page(tmp_path, artifacts_dir, templates):
    url = templates.sqlite_copy(tmp_path / "demo.db", demo=True)
    engine = make_engine(url)
    shots = artifacts_dir / "aktiviteter"
    shots.mkdir(exist_ok=True)
    with serving.serve(url) as (app, _), sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1440, "height": 1000}, locale="da-DK")
        visit(page, f"{app}/stamdata")
        click_tab(page, "Jobtyper")
        page.get_by_label("Navn", exact=True).fill("Bageri")
        page.get_by_label("Kode", exact=True).fill("bakery")
        page.get_by_role("button", name="Gem jobtype").click()
        saved(page, "Jobtypen 'Bageri' er gemt.")
        with engine.connect() as connection:
            assert "bakery" in {row["code"] for row in stored_rows(connection)["Jobtyper"]}
        page.screenshot(path=shots / "1-jobtyper.png", full_page=True)

        # A contact person who is not on the staff: refused, and nothing is stored.
        wrong, right = tmp_path / "gellerup-forkert.xlsx", tmp_path / "gellerup-2026K4.xlsx"
        wrong.write_bytes(workbook_bytes(engine, [gellerup_quarter(engine, contact="M99")]))
        right.write_bytes(workbook_bytes(engine, [gellerup_quarter(engine, contact="M01")]))
        upload_refused_then_stored(page, engine, wrong, right, shots)

        for width, height in SIZES:
            page.set_viewport_size({"width": width, "height": height})
            visit(page, f"{app}/aktiviteter?sted=Opgang+til+Opgang+%E2%80%93+Gellerup")
            page.get_by_text("Virksomhedskontakter i 2026 K4: 12").wait_for(timeout=60_000)
            # Dozens of company contacts the quarter before, 12 now: a fall the steering group hears of at once.
            page.get_by_text("Virksomhedskontakter faldt fra").wait_for(timeout=30_000)
            assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
            page.screenshot(path=shots / f"3-aktiviteter-{width}.png", full_page=True)
            click_tab(page, "Småjob")
            page.get_by_text("Bageri").first.wait_for(timeout=60_000)
            assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
            page.screenshot(path=shots / f"4-smaajob-{width}.png", full_page=True)
        browser.close()
