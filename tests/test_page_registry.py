"""The page registry (presentation/page_registry.py) is the one list of pages: each page's tabs are the registered
ones, and what walks every page (the warm-up, the benchmarks, the browser tests) walks them all."""

import streamlit
from streamlit.testing.v1 import AppTest

from bench.browser import APP_PAGES
from demo.charts import DEMO_TAB_CHARTS
from metrics.registry import TOPICS
from presentation.page_registry import ANALYSIS_PAGES, PAGES
from presentation.topic_pages import TOPIC_MODULES
from tests.conftest import PROJECT_ROOT, signed_in
from tests.test_app import APP, TIMEOUT
from ui.routing import TABS_KEY


def test_each_page_shows_the_tabs_the_registry_names(demo_database_url, monkeypatch):
    """The page's own tabs (those in its link, ui/widgets.show_tabs), not tabs inside a section."""
    monkeypatch.setenv("DATABASE_URL", demo_database_url)
    shown: list[tuple[str, ...]] = []
    tabs = streamlit.tabs

    def page_tabs(labels, *args, **kwargs):
        if kwargs.get("key") == TABS_KEY:
            shown.append(tuple(labels))
        return tabs(labels, *args, **kwargs)

    monkeypatch.setattr(streamlit, "tabs", page_tabs)
    at = signed_in(AppTest.from_file(APP, default_timeout=TIMEOUT), demo_database_url).run()
    for page in PAGES:
        shown.clear()
        at.switch_page(page.path).run()
        assert not at.exception, (page.path, at.exception)
        assert shown == ([page.tabs] if page.tabs else []), page.path


def test_every_page_file_is_registered_once_under_its_address():
    files = sorted(f"pages/{path.name}" for path in (PROJECT_ROOT / "pages").glob("*.py"))
    assert sorted(page.path for page in PAGES) == files
    assert len({page.url for page in PAGES}) == len(PAGES)
    assert {page.topic for page in ANALYSIS_PAGES.values()} == set(TOPICS), "one analysis page per topic"


def test_the_benchmark_and_the_browser_tests_walk_every_analysis_page_and_tab():
    assert set(APP_PAGES) == set(ANALYSIS_PAGES)
    assert {url: tuple(tabs) for url, tabs in DEMO_TAB_CHARTS.items()} == \
        {url: page.tabs_or_none for url, page in ANALYSIS_PAGES.items()}


def test_each_topic_describes_the_tabs_its_page_registers():
    """The warm-up builds the sections of ``PAGE``: a tab the page shows but its topic does not describe would never
    be worked out before a reader opens it."""
    assert set(TOPIC_MODULES) == set(TOPICS)
    assert {url: tuple(TOPIC_MODULES[page.topic].PAGE.tabs) for url, page in ANALYSIS_PAGES.items()} == \
        {url: page.tabs for url, page in ANALYSIS_PAGES.items()}
