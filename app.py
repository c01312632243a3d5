"""Entry point: page set-up, navigation and the shared filters.

Page files are named after their URL (pages/overblik.py is /overblik) so that a link works
even before the navigation is set up after a restart.

Run with ``streamlit run app.py`` (the README's start script does it for you).
"""

import streamlit as st

from ui.context import mark_router, open_pending_page, render_filters

st.set_page_config(page_title="Styregruppens dashboard", page_icon=":material/monitoring:", layout="wide")
mark_router()

UPCOMING = {
    "rapport": ("Rapport", "materiale til styregruppemødet som PowerPoint og PDF."),
}


def upcoming_page(url_path: str, title: str, description: str) -> st.Page:
    def page() -> None:
        st.title(title)
        st.info(f"Denne side kommer snart: {description}", icon=":material/construction:")

    return st.Page(page, title=title, url_path=url_path, icon=":material/schedule:")


navigation = st.navigation({
    "Styregruppen": [
        st.Page("pages/overblik.py", title="Overblik", url_path="overblik", icon=":material/dashboard:",
                default=True),
        st.Page("pages/delmaal.py", title="Delmål", url_path="delmaal", icon=":material/flag:"),
        st.Page("pages/resultater.py", title="Resultater", url_path="resultater", icon=":material/bar_chart:"),
        st.Page("pages/medarbejderkombinationer.py", title="Medarbejderkombinationer",
                url_path="medarbejderkombinationer", icon=":material/group:"),
        st.Page("pages/trivsel.py", title="Trivsel", url_path="trivsel", icon=":material/favorite:"),
    ],
    "Data": [
        st.Page("pages/data.py", title="Data og import", url_path="data", icon=":material/upload_file:"),
        st.Page("pages/historik.py", title="Importhistorik", url_path="historik", icon=":material/history:"),
    ],
    "Kommer snart": [
        upcoming_page(url_path, title, description) for url_path, (title, description) in UPCOMING.items()
    ],
})
open_pending_page()
render_filters()
navigation.run()
