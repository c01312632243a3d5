"""Which page runs: every page goes through app.py's navigation, and a link survives sign-in and restarts."""

import contextlib
from urllib.parse import urlparse

import streamlit as st
from streamlit.errors import StreamlitAPIException

from ui.session import current_account

ROUTER_KEY = "router_has_run"
PENDING_PAGE_KEY = "page_asked_for_before_router"
TABS_KEY = "visning"  # the open tab of a page, in its link: ?visning=Mål for mål
PAGE_SHOWN_KEY = "page_shown_last"


def mark_router() -> None:
    """Called by app.py on every run, before any page."""
    st.session_state[ROUTER_KEY] = True


def require_router(page_path: str) -> None:
    """Every page starts here: a page must never run without app.py's navigation and filters.

    Streamlit serves the files in pages/ directly until some session has run
    app.py once (its legacy multipage mode); a deep link opened first after a
    restart would otherwise skip the router. Send it through app.py, which then
    opens the page that was asked for.
    """
    if not st.session_state.get(ROUTER_KEY):
        # Keep the link's filters (repeated keys too, such as the period) for the page.
        link = {key: st.query_params.get_all(key) for key in st.query_params}
        st.session_state[PENDING_PAGE_KEY] = (page_path, link)
        st.switch_page("app.py")
    # Defence in depth: whatever brought the run here, nobody signed in sees nothing.
    if current_account() is None:
        st.error("Du skal være logget ind for at se denne side.", icon=":material/block:")
        st.stop()


def open_first_tab_of_a_new_page(url_path: str) -> None:
    """A page opened from the menu starts on its first tab (a link that names a tab still opens that tab)."""
    if st.session_state.get(PAGE_SHOWN_KEY) != url_path:
        st.session_state.pop(TABS_KEY, None)
    st.session_state[PAGE_SHOWN_KEY] = url_path


def open_pending_page() -> None:
    """Called by app.py once navigation is set up."""
    if pending := st.session_state.pop(PENDING_PAGE_KEY, None):
        page_path, link = pending
        # A page this role may not use is not registered: then stay on the start page.
        with contextlib.suppress(StreamlitAPIException):
            st.switch_page(page_path, query_params=link)


def keep_link_for_after_sign_in(url_paths: dict[str, str]) -> None:
    """Before sign-in: remember which page (and filters) the link asked for, to open it afterwards."""
    if PENDING_PAGE_KEY in st.session_state:
        return
    path = urlparse(st.context.url or "").path.rstrip("/").rsplit("/", 1)[-1]
    if path in url_paths:
        link = {key: st.query_params.get_all(key) for key in st.query_params}
        st.session_state[PENDING_PAGE_KEY] = (url_paths[path], link)
