"""End to end in Chromium: a real installation from an empty database to its first quarter, through the UI alone.

The first administrator is created on the command line (as the README says); everything after that is
clicked: project, site, the standard categories, a delmål, the template, the upload, and the figures on
Overblik and Delmål.
"""

import io
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from playwright.sync_api import Page, expect, sync_playwright

from bench import serving
from bench.serving import CHROMIUM_ARGS, LOADED
from cli.__main__ import main
from data_access.importer import version_history
from metrics.quarters import previous_quarter, quarter_label, quarter_of, quarter_start
from tests.test_browser import chromium_path

pytestmark = pytest.mark.browser

PASSWORD = "Kvartalsmøde-i-Gellerup-2026"
REPORTED = previous_quarter(quarter_of(date.today()))


def main_text(page: Page) -> str:
    return page.locator("[data-testid='stMain']").inner_text()


def click_tab(page: Page, name: str) -> None:
    page.get_by_role("tab", name=name).click()
    page.wait_for_selector(LOADED, timeout=60_000)


def choose(page: Page, label: str, option: str) -> None:
    """Pick an option in a select box or multiselect by its visible text, as a person would."""
    page.get_by_label(label).first.click()
    page.get_by_role("option", name=option, exact=True).click()
    page.keyboard.press("Escape")


def saved(page: Page, text: str) -> None:
    page.get_by_text(text).wait_for(timeout=60_000)
    page.wait_for_selector(LOADED, timeout=60_000)


def upload_refused_then_stored(page: Page, engine, wrong: Path, right: Path, shots: Path,
                               site: str | None = None) -> None:
    """On Data og import (for ``site``, else the first): ``wrong`` is refused with one error and nothing is stored,
    then ``right`` is checked, confirmed and stored; screenshots of the refusal in ``shots``."""
    versions = len(version_history(engine))
    page.locator(".st-key-menu").get_by_text("Data og import").click()
    page.get_by_role("heading", name="Data og import").wait_for(timeout=30_000)
    if site is not None:
        page.get_by_label("Sted", exact=True).click()
        page.get_by_role("option", name=site, exact=True).click()
    page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(str(wrong))
    page.get_by_text("Filen er afvist: 1 fejl. Intet er gemt.").wait_for(timeout=60_000)
    page.wait_for_selector(LOADED, timeout=60_000)
    page.screenshot(path=shots / "2-afvist.png", full_page=True)
    assert len(version_history(engine)) == versions
    page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(str(right))
    page.get_by_text("Filen er kontrolleret uden fejl").wait_for(timeout=60_000)
    save = page.get_by_role("button", name="Bekræft og gem som ny version")
    expect(save).to_be_enabled(timeout=30_000)
    save.click()
    saved(page, "Gemt som version")
    assert len(version_history(engine)) == versions + 1


def filled_template(content: bytes) -> bytes:
    """The downloaded template with a first quarter: 12 citizens, 4 in ordinary job, 2 in småjob."""
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    categories = ["Ordinært job"] * 4 + ["Småjob / deltidsjob"] * 2 + ["I forløb"] * 6
    for number, category in enumerate(categories, start=2):
        workbook["Borgere"].append([None, None, f"P{number:03d}", None, "Voksne", "Kontanthjælp",
                                    quarter_start(REPORTED)])
        workbook["Status"].append([None, None, f"P{number:03d}", category])
    for sheet in ("Borgere", "Status"):
        # The template's rows are pre-formatted; the data belong right under the headers.
        worksheet = workbook[sheet]
        rows = [row for row in worksheet.iter_rows(min_row=2, values_only=True) if any(v is not None for v in row)]
        worksheet.delete_rows(2, worksheet.max_row)
        for row in rows:
            worksheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_an_empty_installation_reaches_its_first_quarter_through_the_ui(tmp_path, artifacts_dir, monkeypatch):
    url = f"sqlite:///{tmp_path / 'ny.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("ADMIN_PASSWORD", PASSWORD)
    assert main(["create-admin", "--username", "admin@kommune.dk", "--name", "Administrator"]) == 0
    shots = artifacts_dir / "opsaetning"
    shots.mkdir(exist_ok=True)
    with serving.serve(url) as (app, _), sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1440, "height": 1000}, locale="da-DK", accept_downloads=True)
        page.goto(app)
        page.wait_for_selector(LOADED, timeout=60_000)
        page.get_by_label("Brugernavn").fill("admin@kommune.dk")
        page.get_by_label("Adgangskode", exact=True).fill(PASSWORD)
        page.get_by_role("button", name="Log ind").click()
        # A new installation opens on the set-up page with its guide.
        page.get_by_role("heading", name="Stamdata og opsætning").wait_for(timeout=60_000)
        page.get_by_text("Kom i gang").wait_for(timeout=30_000)
        page.screenshot(path=shots / "1-ny-installation.png", full_page=True)

        page.get_by_label("Projekt", exact=True).fill("Jobløft Nord")
        page.get_by_label("Beskrivelse").fill("Helhedsorienteret indsats for familier (syntetisk test)")
        page.get_by_role("button", name="Gem projekt").click()
        saved(page, "Projektet 'Jobløft Nord' er gemt.")
        page.get_by_label("Sted", exact=True).fill("Nordbyen")
        page.get_by_label("Kommune").fill("Testkommune")
        page.get_by_role("button", name="Gem sted").click()
        saved(page, "Stedet 'Nordbyen' er gemt.")
        page.screenshot(path=shots / "2-projekt-og-sted.png", full_page=True)

        click_tab(page, "Kategorier")
        page.get_by_role("button", name="Opret de valgte kategorier").click()
        saved(page, "20 kategorier er oprettet.")
        page.screenshot(path=shots / "3-kategorier.png", full_page=True)

        click_tab(page, "Delmål")
        page.get_by_label("Delmål (projektets egne ord)").fill("Borgere i ordinært arbejde eller uddannelse")
        choose(page, "Kategorier, der tæller", "Ordinært job")
        choose(page, "Kategorier, der tæller", "Ordinær uddannelse")
        page.get_by_label("Målværdi (antal)", exact=True).fill("10")
        page.get_by_label("Frist (dd-mm-åååå)").fill("31-12-2027")
        page.get_by_text("Hovedtal på Overblik").click()
        page.get_by_role("button", name="Gem delmål").click()
        saved(page, "Delmålet 'Borgere i ordinært arbejde eller uddannelse' er gemt.")
        # The guide stays until the first quarter is in: its last step leads to the template.
        assert "5. Hent skabelonen" in main_text(page)
        page.screenshot(path=shots / "4-delmaal.png", full_page=True)

        # The template now has the site and the categories in its dropdowns.
        page.get_by_role("link", name="Gå til Data og import").click()
        page.get_by_role("heading", name="Data og import").wait_for(timeout=30_000)
        with page.expect_download(timeout=60_000) as download:
            page.get_by_role("button", name="Hent tom skabelon (.xlsx)").click()
        template = tmp_path / "skabelon.xlsx"
        download.value.save_as(template)
        lists = openpyxl.load_workbook(template)["Lister"]
        listed = {cell.value for row in lists.iter_rows() for cell in row}
        assert {"Jobløft Nord – Nordbyen", "Ordinært job", "Fleksjob"} <= listed
        workbook = tmp_path / "nordbyen-2027K1.xlsx"
        workbook.write_bytes(filled_template(template.read_bytes()))
        # A new installation offers the quarter that ended last.
        assert page.get_by_role("combobox", name="Kvartal").input_value() == quarter_label(REPORTED)
        page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(str(workbook))
        page.get_by_text("Filen er kontrolleret uden fejl").wait_for(timeout=60_000)
        save = page.get_by_role("button", name="Bekræft og gem som ny version")
        expect(save).to_be_enabled(timeout=30_000)
        page.screenshot(path=shots / "5-forhaandsvisning.png", full_page=True)
        save.click()
        saved(page, f"Gemt som version 1 for Jobløft Nord – Nordbyen, {quarter_label(REPORTED)}.")

        page.locator(".st-key-menu").get_by_text("Overblik").click()
        page.get_by_role("heading", name="Overblik").wait_for(timeout=30_000)
        page.wait_for_selector(LOADED, timeout=60_000)
        page.get_by_text("Borgere i ordinært arbejde eller uddannelse").first.wait_for(timeout=30_000)
        page.screenshot(path=shots / "6-overblik.png", full_page=True)
        metric = page.locator("[data-testid='stMetric']").filter(has_text="Borgere i ordinært arbejde")
        assert "4" in metric.locator("[data-testid='stMetricValue']").inner_text()
        assert "Mål 10 inden 31-12-2027" in main_text(page)

        page.locator(".st-key-menu").get_by_text("Delmål").click()
        page.get_by_role("heading", name="Delmål").wait_for(timeout=30_000)
        page.wait_for_selector(LOADED, timeout=60_000)
        page.get_by_text("4 af 10 (40 %)").wait_for(timeout=30_000)
        page.screenshot(path=shots / "7-delmaal.png", full_page=True)
        browser.close()
