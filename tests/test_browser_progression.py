"""End to end in Chromium: a project's own progression instrument from the Stamdata form, its scores through the
upload (a wrong score refused in Danish, nothing stored), and the figures on Progression og fastholdelse at the
meeting-room sizes."""

from dataclasses import replace
from datetime import date

import pytest
from playwright.sync_api import sync_playwright

from bench import serving
from bench.serving import CHROMIUM_ARGS, LOADED
from data_access.engine import make_engine
from data_access.master_data import stored_rows
from tests.test_browser import chromium_path, visit
from tests.test_browser_setup import choose, click_tab, main_text, saved, upload_refused_then_stored
from tests.workbooks import next_quarter_return, workbook_bytes

pytestmark = pytest.mark.browser

OUTREACH = "Fremskudt beskæftigelsesindsats – Fremskudt jobcenterteam"
SIZES = ((1920, 1080), (1440, 900), (1280, 720))


def outreach_quarter(engine, first_health: float):
    """The outreach team's next quarter with a new citizen scored twice on BIP, item by item."""
    quarterly = next_quarter_return(engine, site_name="Fremskudt jobcenterteam")
    quarterly.persons.append(("P90001", None, "adult", "kontanthjaelp", date(2026, 10, 1), None))
    quarterly.statuses.append(("P90001", "in_progress", None))
    return replace(quarterly, progression=[
        ("P90001", "bip", "Helbred", first_health, date(2026, 10, 5)),
        ("P90001", "bip", "Motivation", 5.0, date(2026, 10, 5)),
        ("P90001", "bip", "Helbred", 2.0, date(2026, 12, 10)),
        ("P90001", "bip", "Motivation", 3.0, date(2026, 12, 10)),
    ])


def test_a_projects_own_instrument_goes_from_the_form_through_the_upload_to_the_page(
        tmp_path, artifacts_dir, templates):
    url = templates.sqlite_copy(tmp_path / "demo.db", demo=True)
    engine = make_engine(url)
    shots = artifacts_dir / "progression"
    shots.mkdir(exist_ok=True)
    with serving.serve(url) as (app, _), sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1440, "height": 1000}, locale="da-DK")
        visit(page, f"{app}/stamdata")
        click_tab(page, "Progressionsmål")
        page.get_by_label("Navn", exact=True).fill("BIP-indikatorer (1-5)")
        page.get_by_label("Kode", exact=True).fill("bip")
        page.get_by_text("Lav score", exact=True).click()
        page.get_by_label("Laveste score").fill("1")
        page.get_by_label("Højeste score").fill("5")
        page.get_by_role("textbox", name="Betydende ændring").fill("1")
        page.get_by_role("textbox", name="Delområder (tom: én samlet score)").fill("Helbred, Motivation")
        page.get_by_role("button", name="Gem måleredskab").click()
        saved(page, "Måleredskabet 'BIP-indikatorer (1-5)' er gemt.")
        with engine.connect() as connection:
            stored = {row["code"]: row for row in stored_rows(connection)["Progressionsmål"]}
        assert stored["bip"]["items"] == "Helbred, Motivation" and not stored["bip"]["higher_is_closer"]
        page.screenshot(path=shots / "1-stamdata.png", full_page=True)

        # A score of 7 on a 1-5 scale: refused with sheet, row and column, and nothing is stored.
        wrong, right = tmp_path / "fremskudt-forkert.xlsx", tmp_path / "fremskudt-2026K4.xlsx"
        wrong.write_bytes(workbook_bytes(engine, [outreach_quarter(engine, first_health=7.0)]))
        right.write_bytes(workbook_bytes(engine, [outreach_quarter(engine, first_health=4.0)]))
        upload_refused_then_stored(page, engine, wrong, right, shots, site=OUTREACH)

        for width, height in SIZES:
            page.set_viewport_size({"width": width, "height": height})
            visit(page, f"{app}/progression?sted={OUTREACH.replace(' ', '+')}")
            choose(page, "Måleredskab", "BIP-indikatorer (1-5)")
            page.get_by_text("1 af 1 borgere er rykket tættere på job siden første måling").wait_for(timeout=60_000)
            page.wait_for_selector(LOADED, timeout=60_000)
            assert "Delområder: Helbred, Motivation" in main_text(page)
            assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
            page.screenshot(path=shots / f"3-progression-{width}.png", full_page=True)
        browser.close()
