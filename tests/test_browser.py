"""End to end: the real app served by ``streamlit run``, opened in headless Chromium."""

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import Page, sync_playwright

from tests.conftest import PROJECT_ROOT

pytestmark = pytest.mark.browser

CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
LOADED = "[data-testid='stApp'][data-test-script-state='notRunning']"


def chromium_path() -> str:
    path = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).exists():
        message = "Chromium findes ikke; installer Debian-pakken 'chromium'."
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def app_url(demo_database_url):
    port = free_port()
    environment = {**os.environ, "DATABASE_URL": demo_database_url}
    server = subprocess.Popen(
        [
            sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
            "--server.port", str(port), "--server.address", "127.0.0.1",
            "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none",
        ],
        cwd=PROJECT_ROOT, env=environment, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"Appen startede ikke:\n{server.stdout.read()}") from None
                time.sleep(0.3)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=20)


@pytest.fixture(scope="module")
def browser_page(app_url):
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1440, "height": 1600}, locale="da-DK")
        yield page
        browser.close()


def open_and_wait(page: Page, url: str, charts: int) -> None:
    page.goto(url)
    page.wait_for_selector(LOADED, timeout=60_000)
    page.wait_for_function(
        "n => document.querySelectorAll(\"[data-testid='stPlotlyChart'] .main-svg\").length >= n",
        arg=charts, timeout=60_000,
    )
    page.wait_for_selector(LOADED, timeout=60_000)


def test_overview_draws_key_figures_and_chart(browser_page, app_url, artifacts_dir):
    open_and_wait(browser_page, app_url, charts=1)
    browser_page.screenshot(path=artifacts_dir / "overview.png", full_page=True)
    main = browser_page.locator("[data-testid='stMain']")
    assert main.get_by_role("heading", name="Overblik").is_visible()
    metrics = browser_page.locator("[data-testid='stMetric']")
    assert metrics.count() == 5
    assert "Aktive borgere" in metrics.first.inner_text()
    chart_text = browser_page.locator("[data-testid='stPlotlyChart']").first.inner_text()
    assert "i job eller uddannelse i 2026 K3" in chart_text
    assert "2023 K4" in chart_text


def test_a_link_reproduces_the_view(browser_page, app_url, artifacts_dir):
    open_and_wait(browser_page, f"{app_url}/overblik?kvartal=2025+K1", charts=1)
    browser_page.screenshot(path=artifacts_dir / "overview-2025K1.png", full_page=True)
    caption = browser_page.locator("[data-testid='stCaptionContainer']").first.inner_text()
    assert "2025 K1" in caption


@pytest.mark.parametrize("path", ["delmaal", "resultater", "medarbejderkombinationer", "trivsel", "rapport"])
def test_upcoming_pages_say_so(browser_page, app_url, path):
    browser_page.goto(f"{app_url}/{path}")
    browser_page.wait_for_selector(LOADED, timeout=60_000)
    browser_page.get_by_text("Denne side kommer snart").wait_for(timeout=30_000)
    assert "Kommer snart" in browser_page.locator("[data-testid='stSidebarNav']").inner_text()
