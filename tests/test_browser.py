"""End to end: the real app served by ``streamlit run``, opened in headless Chromium."""

import os
import re
import time
from contextlib import contextmanager
from urllib.parse import parse_qsl, urlparse

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect, sync_playwright
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from bench import serving
from bench.serving import CHROMIUM_ARGS, LOADED, chromium_executable
from data_access.engine import make_engine
from data_access.importer import version_history
from demo.charts import DEMO_TAB_CHARTS
from demo.simulation import DEMO_PASSWORD
from presentation.page_registry import PAGES
from tests.workbooks import next_quarter_return, workbook_bytes

pytestmark = pytest.mark.browser
TALL = {"width": 1440, "height": 1600}  # the page's own size between the passes: a whole tab in one screenshot


def chromium_path() -> str:
    path = chromium_executable()
    if path is None:
        message = "Chromium findes ikke; installer Debian-pakken 'chromium'."
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path


@contextmanager
def serve(database_url: str):
    with serving.serve(database_url) as (url, _):
        yield url


@pytest.fixture(scope="module")
def app_url(demo_database_url):
    with serve(demo_database_url) as url:
        yield url


@pytest.fixture(scope="module")
def browser_page(app_url):
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport=TALL, locale="da-DK")
        yield page
        browser.close()


def _page_of(url: str) -> str:
    # The start page (Overblik) is shown at the root address.
    return urlparse(url).path.strip("/") or "overblik"


# The sign-in form, a signed-in page, or the accessibility statement, which anybody may read, is drawn.
SIGN_IN_OR_SIGNED_IN = """() => [...document.querySelectorAll("[data-testid='stForm']")].some(
        form => form.innerText.includes('Log ind'))
    || (document.querySelector("[data-testid='stSidebar']")?.textContent || '').includes('Logget ind som')
    || (location.pathname.endsWith('/tilgaengelighed') && document.querySelector("[data-testid='stMain'] h1"))"""


def visit(page: Page, url: str, username: str = "admin") -> None:
    """Open a link as a person would: the sign-in form first, then the page the link asked for."""
    page.goto(url)
    page.wait_for_selector(LOADED, timeout=60_000)
    # The app is idle before its first run has drawn anything: wait for the sign-in form or a signed-in page.
    page.wait_for_function(SIGN_IN_OR_SIGNED_IN, timeout=60_000)
    form = page.locator("[data-testid='stForm']")
    if form.count() and "Log ind" in form.inner_text():
        page.get_by_label("Brugernavn").fill(username)
        page.get_by_label("Adgangskode", exact=True).fill(DEMO_PASSWORD)
        page.get_by_role("button", name="Log ind").click()
        page.locator("[data-testid='stSidebar']").get_by_text("Logget ind som").wait_for(timeout=60_000)
        # After signing in, the app opens the page (and filters) the link asked for.
        wanted = urlparse(url)
        deadline = time.monotonic() + 60
        while not (_page_of(page.url) == _page_of(url)
                   and sorted(parse_qsl(urlparse(page.url).query)) == sorted(parse_qsl(wanted.query))):
            assert time.monotonic() < deadline, f"stayed at {page.url}, wanted {url}"
            page.wait_for_timeout(200)
        page.wait_for_selector(LOADED, timeout=60_000)


def open_and_wait(page: Page, url: str, charts: int) -> None:
    visit(page, url)
    page.wait_for_function(
        "n => document.querySelectorAll(\"[data-testid='stPlotlyChart'] .main-svg\").length >= n",
        arg=charts, timeout=60_000,
    )
    page.wait_for_selector(LOADED, timeout=60_000)


# Each analysis page with tabs -> its tabs, each with the charts it draws on the demo (only the open tab is drawn).
TAB_CHARTS = {url: tabs for url, tabs in DEMO_TAB_CHARTS.items() if None not in tabs}


def charts_drawn(page: Page) -> int:
    return page.locator("[data-testid='stPlotlyChart']").count()


AXE = Axe()
WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
              "resultTypes": ["violations"]}


def assert_accessible(page: Page, view: str) -> None:
    """No violation of axe-core's WCAG 2.1 A and AA rules on what is on the screen (the run finished, nothing
    faded as stale or still fading in)."""
    page.wait_for_selector(LOADED, timeout=60_000)
    page.wait_for_function("() => !document.querySelector(\"[data-stale='true']\")"
                           " && document.getAnimations().every(animation => animation.playState !== 'running')",
                           timeout=60_000)
    found = AXE.run(page, options=WCAG_21_AA).response["violations"]
    assert not found, (view, [(rule["id"], [node["html"][:120] for node in rule["nodes"][:3]]) for rule in found])
    # axe does not read the charts' SVG text: their axis names, labels, legends and titles on white, checked here.
    faint = page.evaluate(CHART_TEXT_CONTRAST)
    assert not faint, (view, faint[:5])
    assert_danish(page, view)


# Words of Streamlit's and plotly's English that a Danish page never uses (icon names too: a screen reader would
# read "visibility" as a word).
ENGLISH_WORDS = ["show", "hide", "search", "fullscreen", "collapse", "expand", "skip", "main content", "help for",
                 "password", "upload", "choose", "option", "results", "close", "open", "sidebar", "download",
                 "file", "view", "settings", "clear", "print", "record", "deploy", "running", "copy", "press",
                 "select", "delete", "remove", "toggle", "loading", "please", "reset", "autoscale", "plot", "drag",
                 "drop", "browse", "heading", "columns", "previous", "next", "per file", "made with", "visibility",
                 "accessibility", "arrow_back", "arrow_forward", "keyboard_", "logout", "slideshow", "manage_"]
ENGLISH_LEFT = """words => {
  const english = new RegExp("(^|[^a-zæøå])(" + words.join("|") + ")([^a-zæøå]|$)", "i");
  // Text marked as English (lang="en": the accessibility statement quoting the framework) is allowed.
  const perceived = element => !element.closest("[aria-hidden='true'], [lang='en']:not(html), noscript, style, "
                                                + "script, template")
    && getComputedStyle(element).fontSize !== "0px";
  const found = new Set();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode, text = node.textContent.trim();
    if (text && english.test(text) && perceived(node.parentElement)) found.add(text.slice(0, 80));
  }
  for (const element of document.querySelectorAll("[aria-label], [title], [alt], [placeholder], [data-title]"))
    for (const name of ["aria-label", "title", "alt", "placeholder", "data-title"]) {
      const value = element.getAttribute(name);
      if (value && english.test(value) && perceived(element)) found.add(`${name}=${value.slice(0, 80)}`);
    }
  return [...found];
}"""


def assert_danish(page: Page, view: str) -> None:
    """Nothing a reader sees or a screen reader reads is English (ui/widgets.DANISH_NAMES renames the
    framework's own controls; what no app can reach is listed in ui/widgets.FRAMEWORK_ENGLISH)."""
    # The page's observer renames what a run drew in the next animation frame.
    page.wait_for_timeout(100)
    assert page.evaluate(ENGLISH_LEFT, ENGLISH_WORDS) == [], view


CHART_TEXT_CONTRAST = """() => {
    const luminance = ([r, g, b]) => [r, g, b].map(value => value / 255)
        .map(c => c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4)
        .reduce((sum, c, i) => sum + c * [0.2126, 0.7152, 0.0722][i], 0);
    const selector = ".xtick text, .ytick text, .g-xtitle text, .g-ytitle text, .legendtext, .gtitle";
    return [...document.querySelectorAll(`[data-testid='stPlotlyChart'] :is(${selector})`)].map(text => {
        const rgb = getComputedStyle(text).fill.match(/\\d+/g).slice(0, 3).map(Number);
        return [text.textContent, (1.05) / (luminance(rgb) + 0.05)];
    }).filter(([content, ratio]) => content.trim() && ratio < 4.5);
}"""


SCREEN_SIZES = [(1920, 1080), (1440, 900), (1280, 720)]


def fits_the_meeting_screens(page: Page, artifacts_dir, view: str) -> None:
    """The view already open, at each screen size a steering group meets with: no error, nothing wider than the
    page; the screenshots are kept (tests/artifacts/skærme/) to be looked at."""
    shots = artifacts_dir / "skærme"
    shots.mkdir(exist_ok=True)
    main = page.locator("[data-testid='stMain']")
    try:
        for width, height in SCREEN_SIZES:
            page.set_viewport_size({"width": width, "height": height})
            page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
            assert page.locator("[data-testid='stException']").count() == 0, view
            overflow = main.evaluate("element => element.scrollWidth - element.clientWidth")
            assert overflow <= 1, (view, width, overflow)
            page.screenshot(path=shots / re.sub(r"[^\w.-]+", "_", f"{view}-{width}x{height}.png"))
    finally:
        page.set_viewport_size(TALL)


@pytest.mark.parametrize("path", TAB_CHARTS)
def test_analysis_pages_draw_the_open_tab_and_each_tab_on_a_click(browser_page, app_url, artifacts_dir, path):
    """Each tab drawn, opened by the link and by a click, and fitting every meeting screen."""
    tabs = TAB_CHARTS[path]
    first, *others = tabs
    open_and_wait(browser_page, f"{app_url}/{path}", charts=tabs[first])
    browser_page.screenshot(path=artifacts_dir / f"{path}.png", full_page=True)
    assert charts_drawn(browser_page) == tabs[first]
    assert_accessible(browser_page, f"{path}: {first}")
    fits_the_meeting_screens(browser_page, artifacts_dir, f"{path}-{first}")
    for tab in others:
        browser_page.get_by_role("tab", name=tab).click()
        browser_page.wait_for_function("tab => decodeURIComponent(location.search.replace(/\\+/g, ' ')).includes(tab)",
                                       arg=tab, timeout=30_000)
        browser_page.wait_for_selector(LOADED, timeout=60_000)
        # The count is read in the same moment as the run is seen finished: the tab before may still be leaving.
        browser_page.wait_for_function(
            "n => { const charts = [...document.querySelectorAll(\"[data-testid='stPlotlyChart']\")];"
            f" return document.querySelector(\"{LOADED}\") !== null"
            " && charts.length === n && charts.every(chart => chart.querySelector('.main-svg')); }",
            arg=tabs[tab], timeout=60_000)
        assert_accessible(browser_page, f"{path}: {tab}")
        fits_the_meeting_screens(browser_page, artifacts_dir, f"{path}-{tab}")
    browser_page.screenshot(path=artifacts_dir / f"{path}-{len(tabs)}.png", full_page=True)


def test_a_link_opens_the_tab_it_names(browser_page, app_url, artifacts_dir):
    charts = TAB_CHARTS["delmaal"]["Mål for mål"]
    open_and_wait(browser_page, f"{app_url}/delmaal?visning=M%C3%A5l+for+m%C3%A5l", charts=charts)
    browser_page.screenshot(path=artifacts_dir / "delmaal-maal-for-maal.png", full_page=True)
    assert charts_drawn(browser_page) == charts
    assert browser_page.get_by_role("tab", name="Mål for mål").get_attribute("aria-selected") == "true"


def test_overview_draws_key_figures_and_chart(browser_page, app_url, artifacts_dir):
    open_and_wait(browser_page, app_url, charts=DEMO_TAB_CHARTS["overblik"][None])
    browser_page.screenshot(path=artifacts_dir / "overview.png", full_page=True)
    assert_accessible(browser_page, "overblik")
    fits_the_meeting_screens(browser_page, artifacts_dir, "overblik")
    main = browser_page.locator("[data-testid='stMain']")
    assert main.get_by_role("heading", name="Overblik").is_visible()
    metrics = browser_page.locator("[data-testid='stMetric']")
    # Gellerup's two headline delmål, five key figures (the other project has no headline delmål, so "I job eller
    # uddannelse" stays), progression and retention (the demo projects follow them) and the quarter's successes.
    assert metrics.count() == 10
    assert "Borgere i ordinært arbejde eller uddannelse" in metrics.first.inner_text()
    assert "Opgang til Opgang: mål 25 inden 31-12-2026" in main.inner_text()
    chart_text = browser_page.locator("[data-testid='stPlotlyChart']").first.inner_text()
    assert "i job eller uddannelse i 2026 K3" in chart_text
    assert "2023 K4" in chart_text


def test_a_link_reproduces_the_view(browser_page, app_url, artifacts_dir):
    open_and_wait(browser_page, f"{app_url}/overblik?periode=2024+K1&periode=2025+K1", charts=1)
    browser_page.screenshot(path=artifacts_dir / "overview-2025K1.png", full_page=True)
    caption = browser_page.locator("[data-testid='stMain'] [data-testid='stCaptionContainer']").first.inner_text()
    assert "2025 K1" in caption


# Per chart on the screen: the boxes of its value-axis names (y ticks), and of its annotations and written figures.
CHART_BOXES = """() => [...document.querySelectorAll("[data-testid='stPlotlyChart']")].map(chart => {
    const boxes = selector => [...chart.querySelectorAll(selector)].map(element => {
        const box = element.getBoundingClientRect();
        return [box.left, box.top, box.right, box.bottom];
    }).filter(([left, top, right, bottom]) => right > left && bottom > top);
    return {ticks: boxes('.ytick text'), notes: boxes('.annotation-text'), figures: boxes('.textpoint text')};
})"""


def _overlaps(one, other) -> bool:
    return one[0] < other[2] - 1 and other[0] < one[2] - 1 and one[1] < other[3] - 1 and other[1] < one[3] - 1


@pytest.mark.parametrize(("width", "height"), [(1920, 1080), (1280, 720)])
def test_presentation_fits_the_meeting_room_screen(browser_page, app_url, artifacts_dir, width, height):
    """Every slide fits the screen without scrolling, and no name or figure on a chart lies over another."""
    browser_page.set_viewport_size({"width": width, "height": height})
    try:
        open_and_wait(browser_page, f"{app_url}/praesentation?dias=1", charts=0)
        # No sidebar clutter: the filters are folded away.
        assert browser_page.locator("[data-testid='stSidebar'][aria-expanded='true']").count() == 0
        caption = browser_page.locator("[data-testid='stMain']").get_by_text(re.compile(r"dias 1 af \d+")).first
        caption.wait_for(timeout=60_000)
        slides = int(re.search(r"dias 1 af (\d+)", caption.inner_text()).group(1))
        for number in range(1, slides + 1):
            if number > 1:
                browser_page.keyboard.press("PageDown")
                browser_page.wait_for_function(f"() => location.search.includes('dias={number}')", timeout=30_000)
                browser_page.wait_for_selector(LOADED, timeout=60_000)
                browser_page.wait_for_function(
                    "() => [...document.querySelectorAll(\"[data-testid='stPlotlyChart']\")]"
                    ".every(chart => chart.querySelector('.main-svg'))", timeout=60_000)
            browser_page.screenshot(path=artifacts_dir / f"praesentation-{number}-{width}x{height}.png")
            main = browser_page.locator("[data-testid='stMain']")
            overflow = main.evaluate("element => element.scrollHeight - element.clientHeight")
            assert overflow <= 1, f"slide {number} is {overflow} px taller than the {width}x{height} screen"
            for chart in browser_page.evaluate(CHART_BOXES):
                ticks = sorted(chart["ticks"], key=lambda box: box[1])
                touching = [pair for pair in zip(ticks, ticks[1:], strict=False) if _overlaps(*pair)]
                assert not touching, f"slide {number}: names lie over each other"
                covered = [note for note in chart["notes"] for figure in chart["figures"] if _overlaps(note, figure)]
                assert not covered, f"slide {number}: a label lies over a figure"
            if number == 4:
                heading = browser_page.locator("[data-testid='stMain'] h2").first
                assert heading.inner_text().startswith("Største gruppe uden for 'i forløb'")
    finally:
        browser_page.set_viewport_size(TALL)


def test_the_report_is_made_and_downloaded_in_the_browser(browser_page, app_url, artifacts_dir, tmp_path):
    visit(browser_page, f"{app_url}/rapport?ekstern=true")
    browser_page.get_by_role("button", name="Lav rapporten").click()
    download_button = browser_page.get_by_role("button", name="Hent PowerPoint")
    download_button.wait_for(timeout=180_000)
    browser_page.screenshot(path=artifacts_dir / "rapport-side.png", full_page=True)
    with browser_page.expect_download() as download:
        download_button.click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.name == "styregruppemoede-2026-K3-ekstern.pptx"
    assert saved.read_bytes()[:2] == b"PK"


def open_upload_page(page: Page, app: str) -> None:
    """The upload page through a link, signed in as the project leader."""
    visit(page, f"{app}/data", "projektleder")
    heading = page.get_by_role("heading", name="Data og import")
    try:
        heading.wait_for(timeout=30_000)
    except PlaywrightTimeout:
        # Signing in may end on the start page; a person would then click the menu (which, with two servers and
        # two browsers busy on two cores, can take a while to be drawn).
        page.locator(".st-key-menu").get_by_text("Data og import").click(timeout=90_000)
        heading.wait_for(timeout=60_000)


def test_upload_through_the_real_page(browser_page, tmp_path, artifacts_dir, templates):
    """A fresh server, opened straight on /data (a deep link), then a real upload and confirmation."""
    url = templates.sqlite_copy(tmp_path / "upload.db", demo=True)
    engine = make_engine(url)
    workbook = tmp_path / "kvartal.xlsx"
    workbook.write_bytes(workbook_bytes(engine, [next_quarter_return(engine, "2026Q4")]))
    with serve(url) as app:
        open_upload_page(browser_page, app)
        assert "Filtre" in browser_page.locator("[data-testid='stSidebar']").inner_text()
        browser_page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(str(workbook))
        browser_page.get_by_text("Filen er kontrolleret uden fejl").wait_for(timeout=60_000)
        save = browser_page.get_by_role("button", name="Bekræft og gem som ny version")
        expect(save).to_be_enabled(timeout=30_000)
        browser_page.screenshot(path=artifacts_dir / "upload-preview.png", full_page=True)
        save.click()
        browser_page.get_by_text("Gemt som version 25").wait_for(timeout=60_000)
        browser_page.screenshot(path=artifacts_dir / "upload-stored.png", full_page=True)
        # Only one of the two sites has reported 2026 K4: the view stays on 2026 K3 and says what is coming.
        open_and_wait(browser_page, f"{app}/overblik", charts=1)
        caption = browser_page.locator("[data-testid='stMain'] [data-testid='stCaptionContainer']").first.inner_text()
        assert caption.endswith("2026 K3")
        assert "2026 K4 er indtil videre kun indberettet fra Opgang til Opgang – Gellerup" in \
            browser_page.locator("[data-testid='stMain']").inner_text()
    assert version_history(engine).iloc[0]["quarter"] == "2026Q4"


def test_a_link_with_filters_works_on_a_freshly_started_server(browser_page, demo_database_url):
    with serve(demo_database_url) as app:
        visit(browser_page, f"{app}/trivsel?sted=Opgang+til+Opgang+%E2%80%93+Gellerup&periode=2024+K1&periode=2025+K2",
              "styregruppe")
        # A freshly started server imports its libraries and works out the view on the first visit.
        browser_page.get_by_role("heading", name="Trivsel").wait_for(timeout=90_000)
        caption = browser_page.locator("[data-testid='stMain'] [data-testid='stCaptionContainer']").first.inner_text()
        assert caption.startswith("Opgang til Opgang – Gellerup ·") and "2024 K1–2025 K2" in caption


def test_sign_out_leaves_nothing_on_screen(browser_page, app_url):
    visit(browser_page, f"{app_url}/overblik", "styregruppe")
    assert "Data og import" not in browser_page.locator(".st-key-menu").inner_text()
    browser_page.get_by_role("button", name="Log ud").click()
    browser_page.get_by_role("button", name="Log ind").wait_for(timeout=30_000)
    assert browser_page.locator("[data-testid='stMetric']").count() == 0


def test_the_app_contacts_no_other_host(browser_page, app_url):
    """Favicon, fonts and icons come from the app itself: nothing is fetched from a font server (which fails
    offline and would tell Google who opens a municipal dashboard)."""
    page = browser_page.context.browser.new_page(viewport={"width": 1440, "height": 900}, locale="da-DK")
    hosts = set()
    page.on("request", lambda request: hosts.add(urlparse(request.url).hostname))
    try:
        visit(page, f"{app_url}/overblik", "styregruppe")
        page.wait_for_load_state("networkidle")
        icon = page.locator("link[rel*='icon']").first.get_attribute("href")
    finally:
        page.close()
    assert hosts == {"127.0.0.1"}, hosts
    assert not icon.startswith("http") or urlparse(icon).hostname == "127.0.0.1", icon


def test_the_import_history_fits_beside_the_menu_at_1280(browser_page, app_url, artifacts_dir):
    """Every column of the version table within its frame on the smallest meeting screen, the menu open."""
    browser_page.set_viewport_size({"width": 1280, "height": 720})
    try:
        visit(browser_page, f"{app_url}/historik")
        browser_page.locator("[data-testid='stDataFrame']").first.wait_for(timeout=60_000)
        browser_page.wait_for_selector(LOADED, timeout=60_000)
        browser_page.screenshot(path=artifacts_dir / "historik-1280x720.png")
        hidden = browser_page.locator("[data-testid='stDataFrame'] .dvn-scroller").first.evaluate(
            "element => element.scrollWidth - element.clientWidth")
        assert hidden <= 1, f"{hidden} px of the table are out of sight"
    finally:
        browser_page.set_viewport_size(TALL)


# The pages besides the analysis pages (checked in their own pass), and their tabs.
OTHER_PAGES = [page.url for page in PAGES if page.topic is None]


def test_every_other_page_and_tab_and_the_sign_in_meet_wcag_21_aa(browser_page, app_url):
    signed_out = browser_page.context.browser.new_page(viewport={"width": 1440, "height": 900}, locale="da-DK")
    try:
        signed_out.goto(app_url)
        signed_out.get_by_role("button", name="Log ind").wait_for(timeout=60_000)
        assert_accessible(signed_out, "log ind")
    finally:
        signed_out.close()
    for path in OTHER_PAGES:
        visit(browser_page, f"{app_url}/{path}")
        assert_accessible(browser_page, path)
        for tab in browser_page.get_by_role("tab").all_inner_texts()[1:]:
            browser_page.get_by_role("tab", name=tab, exact=True).click()
            assert_accessible(browser_page, f"{path}: {tab}")


def tab_until(page: Page, description: str, condition: str, limit: int = 120) -> None:
    """Press Tab until the element with the keyboard focus meets ``condition`` (JavaScript, given it)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"element => ({condition})(element)", page.evaluate_handle("document.activeElement")):
            return
    raise AssertionError(f"Tab never reached {description}")


def focused_is(role: str, name: str) -> str:
    return (f"element => element.getAttribute('role') === '{role}' || element.tagName.toLowerCase() === '{role}'"
            f" ? (element.innerText || element.getAttribute('aria-label') || '').includes('{name}') : false")


def test_the_meeting_can_be_run_by_keyboard_alone(browser_page, app_url, artifacts_dir):
    """Menu, filters, tabs and the presentation's Forrige/Næste, with the keyboard only, as the steering group."""
    page = browser_page.context.browser.new_page(viewport={"width": 1440, "height": 900}, locale="da-DK")
    try:
        visit(page, f"{app_url}/overblik", "styregruppe")
        page.locator("body").focus()
        # The menu: to Delmål, opened with Enter.
        tab_until(page, "the menu's Delmål", focused_is("a", "Delmål"))
        page.keyboard.press("Enter")
        page.get_by_role("heading", name="Delmål", exact=True).wait_for(timeout=60_000)
        page.wait_for_selector(LOADED, timeout=60_000)
        # A filter: the target group chosen from its list.
        tab_until(page, "the target-group filter", "element => element.getAttribute('aria-label')?.includes("
                                                    "'Målgruppe') || element.closest('[data-testid=stMultiSelect]')"
                                                    "?.innerText.includes('Målgruppe')")
        page.keyboard.type("Unge")
        page.keyboard.press("Enter")
        page.keyboard.press("Escape")
        page.wait_for_function("() => location.search.includes('maalgruppe=')", timeout=30_000)
        page.wait_for_selector(LOADED, timeout=60_000)
        # The tabs: the first one reached with Tab, the next one with the arrow key.
        tab_until(page, "the page's tabs", "element => element.getAttribute('role') === 'tab'")
        page.keyboard.press("ArrowRight")
        page.keyboard.press("Enter")
        page.wait_for_function("() => decodeURIComponent(location.search.replace(/\\+/g, ' '))"
                               ".includes('Mål for mål')", timeout=30_000)
        assert page.get_by_role("tab", name="Mål for mål").get_attribute("aria-selected") == "true"
        page.wait_for_selector(LOADED, timeout=60_000)
        # The presentation: opened from the menu, then Næste and Forrige.
        page.locator("body").focus()
        tab_until(page, "the menu's Præsentation", focused_is("a", "Præsentation"))
        page.keyboard.press("Enter")
        page.get_by_role("button", name="Næste").wait_for(timeout=60_000)
        page.wait_for_selector(LOADED, timeout=60_000)
        page.locator("body").focus()
        tab_until(page, "Næste", focused_is("button", "Næste"))
        page.keyboard.press("Enter")
        page.wait_for_function("() => location.search.includes('dias=2')", timeout=30_000)
        page.wait_for_selector(LOADED, timeout=60_000)
        page.locator("body").focus()
        tab_until(page, "Forrige", focused_is("button", "Forrige"))
        page.keyboard.press("Enter")
        page.wait_for_function("() => location.search.includes('dias=1')", timeout=30_000)
        page.screenshot(path=artifacts_dir / "tastatur-praesentation.png")
    finally:
        page.close()


# Every text of a key figure (label, value, change and its description) and every button's word, cut short with
# "…" or clipped: what a tablet at the meeting must not show.
CUT_TEXT = """() => [...document.querySelectorAll(
    "[data-testid='stMetric'] p, [data-testid='stMetricDeltaDescription'], [data-testid='stMain'] button p")]
  .filter(element => element.getClientRects().length && getComputedStyle(element).fontSize !== '0px'
          && element.scrollWidth > element.clientWidth + 1)
  .map(element => element.innerText)"""
MENU_OPEN = "[data-testid='stSidebarCollapseButton'] button[aria-expanded='true']"


def open_menu(page: Page) -> None:
    expand = page.get_by_role("button", name="Vis sidepanelet")
    if expand.count():
        expand.click()
    page.locator(MENU_OPEN).wait_for(timeout=30_000)


@pytest.mark.parametrize(("width", "height"), [(768, 1024), (1024, 768)])
def test_a_tablet_reads_overblik_delmaal_and_the_presentation(browser_page, app_url, artifacts_dir, width, height):
    """Portrait and landscape, with the menu opened as a reader would: no figure or button cut short, a chart and
    its figures above each other where they do not fit side by side, and the menu folded away on Præsentation and
    after a page is chosen from it."""
    tablet = browser_page.context.browser.new_page(viewport={"width": width, "height": height}, locale="da-DK",
                                                   has_touch=True)
    try:
        visit(tablet, f"{app_url}/overblik")
        open_menu(tablet)
        tablet.wait_for_timeout(300)
        assert tablet.evaluate(CUT_TEXT) == [], "overblik"
        tablet.screenshot(path=artifacts_dir / f"tablet-overblik-{width}x{height}.png")
        # Choosing a page from the menu folds the menu away, as on a phone.
        tablet.locator(".st-key-menu").get_by_text("Delmål", exact=True).click()
        tablet.wait_for_function("() => location.pathname.endsWith('/delmaal')", timeout=30_000)
        tablet.wait_for_selector(LOADED, timeout=60_000)
        tablet.wait_for_function(f"() => !document.querySelector(\"{MENU_OPEN}\")", timeout=10_000)
        tablet.get_by_role("tab", name="Mål for mål", exact=True).click()
        tablet.wait_for_selector(LOADED, timeout=60_000)
        tablet.locator("[data-testid='stPlotlyChart'] .main-svg").first.wait_for(timeout=60_000)
        assert tablet.evaluate(CUT_TEXT) == [], "delmål"
        tablet.screenshot(path=artifacts_dir / f"tablet-delmaal-{width}x{height}.png")
        # The menu opened again, then Præsentation opened by its link: the slide gets the whole screen.
        open_menu(tablet)
        visit(tablet, f"{app_url}/praesentation?dias=1")
        tablet.get_by_role("button", name="Næste").wait_for(timeout=60_000)
        tablet.wait_for_function(f"() => !document.querySelector(\"{MENU_OPEN}\")", timeout=10_000)
        assert tablet.evaluate(CUT_TEXT) == [], "præsentation"
        # The key hints (PageUp, PageDown) give their room to the buttons' words on a tablet.
        assert not [kbd for kbd in tablet.locator("[data-testid='stMain'] button kbd").all() if kbd.is_visible()]
        tablet.screenshot(path=artifacts_dir / f"tablet-praesentation-{width}x{height}.png")
    finally:
        tablet.close()
