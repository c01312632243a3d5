"""Progression og fastholdelse: moving closer to a job, staying in it, and the aftercare that helps."""

import streamlit as st

from presentation.format import CHOOSE
from presentation.topics.progression import (
    NO_INSTRUMENT,
    PROGRESSION_TAB,
    SECTIONS,
    instruments_with_data,
    progression_section,
)
from ui.context import show_commentary, start_page
from ui.widgets import section_tabs, show_section, show_tabs

view = start_page("pages/progression.py", "Progression og fastholdelse")
show_commentary(view, "progression")


def progression() -> None:
    instruments = instruments_with_data(view)
    if not instruments:
        st.info(NO_INSTRUMENT, icon=":material/info:")
        return
    instrument = next(iter(instruments))
    if len(instruments) > 1:
        instrument = st.selectbox("Måleredskab", list(instruments), format_func=instruments.get, key="redskab",
                                  placeholder=CHOOSE)
    show_section(progression_section(view, instrument))


show_tabs({PROGRESSION_TAB: progression, **section_tabs(view, SECTIONS)})
