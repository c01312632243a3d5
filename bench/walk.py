"""Every analysis page and tab once, in a signed-in test session (Streamlit's ``AppTest``): how the benchmarks
measure a process that has shown everything, and how the tests check that the warm-up leaves nothing for the
first reader to work out."""

from streamlit.testing.v1 import AppTest

from presentation.page_registry import ANALYSIS_PAGES
from ui.routing import TABS_KEY


def walk_every_page(at: AppTest) -> None:
    """Every analysis page and tab once; an error on any of them is raised."""
    at.run()
    for page in ANALYSIS_PAGES.values():
        for tab in page.tabs_or_none:
            if tab:
                at.query_params[TABS_KEY] = tab
            at.switch_page(page.path).run()
            if at.exception:
                raise RuntimeError(f"{page.path} {tab or ''}: {at.exception[0].message}")
