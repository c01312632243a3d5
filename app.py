"""Entry point: sign-in, the pages the signed-in role may use, and the shared filters.

A page that a role may not use is not registered for that session, so it can be
reached neither from the menu nor by URL. Page files are named after their URL
(pages/overblik.py is /overblik) so that a link works even before the navigation
is set up after a restart.

Served by ``streamlit run server.py``, which puts the upload guard in front (the README's start script does it
for you); ``streamlit run app.py`` runs the same pages without it.
"""

from pathlib import Path

import streamlit as st

from presentation.format import plain_markdown
from presentation.page_registry import PAGES
from presentation.page_registry import sections as page_sections
from ui.auth import ACCESSIBILITY_STATEMENT, sign_in_page, sign_out, signed_in_account, stop_if_misconfigured
from ui.data_cache import installation_is_set_up
from ui.filters import render_filters
from ui.routing import keep_link_for_after_sign_in, mark_router, open_first_tab_of_a_new_page, open_pending_page
from ui.server_guard import close_uploads, uploads_follow_the_page
from ui.widgets import one_time_download_links, show_menu, use_app_style

FAVICON = Path(__file__).parent / "ui" / "favicon.png"

# A local icon: a Material icon as favicon is fetched from a font server, which fails offline and would
# contact Google from municipal browsers.
st.set_page_config(page_title="Styregruppens dashboard", page_icon=str(FAVICON), layout="wide")
mark_router()
stop_if_misconfigured()
one_time_download_links()
use_app_style()

account = signed_in_account()


def sign_in_at(url_path: str):
    # Every page's address shows the sign-in form (rather than "page not found") until signed in.
    def page() -> None:
        sign_in_page()

    page.__name__ = f"sign_in_{url_path}"
    return page


if account is None:
    close_uploads()
    addresses = {page.url: page.path for page in PAGES if page.path != ACCESSIBILITY_STATEMENT}
    keep_link_for_after_sign_in(addresses)
    st.navigation(
        [st.Page(sign_in_page, title="Log ind", url_path="login", default=True),
         st.Page(ACCESSIBILITY_STATEMENT, title="Tilgængelighedserklæring", url_path="tilgaengelighed")]
        + [st.Page(sign_in_at(url), title="Log ind", url_path=url) for url in addresses],
        position="hidden",
    ).run()
    st.stop()



def signed_in_as() -> None:
    with st.sidebar:
        st.caption(f"Logget ind som {plain_markdown(account.display_name)} ({account.role_label})")
        st.button("Log ud", on_click=sign_out, icon=":material/logout:", key="sign_out")


if account.must_change_password:
    # After an administrator's reset the user chooses a password of their own before anything else.
    close_uploads()
    navigation = st.navigation([st.Page("pages/konto.py", title="Skift adgangskode", url_path="konto",
                                        default=True)], position="hidden")
    signed_in_as()
    navigation.run()
    st.stop()

# A new installation opens where the administrator sets it up; everyone else starts on Overblik.
start_page = "pages/stamdata.py" if account.may("admin") and not installation_is_set_up() else "pages/overblik.py"
sections = {
    section: [
        st.Page(page.path, title=page.title, url_path=page.url, icon=page.icon, default=page.path == start_page)
        for page in pages if account.may(page.role)
    ]
    for section, pages in page_sections().items()
}
sections = {section: pages for section, pages in sections.items() if pages}
# The menu is the app's own: Streamlit's menu with sections puts <div>s straight inside its <ul>, which screen
# readers cannot read as a list (WCAG 1.3.1). Page links, section by section, are read as links under headings.
navigation = st.navigation(sections, position="hidden")
if navigation.url_path == "praesentation":
    # The meeting-room screen shows the slide only; the filters stay one click away.
    st.set_page_config(initial_sidebar_state="collapsed")
open_pending_page()
open_first_tab_of_a_new_page(navigation.url_path)
show_menu(sections)
signed_in_as()
render_filters()
with uploads_follow_the_page():
    navigation.run()
