"""Delmål: are the project's sub-goals being met, and will they be by the deadline?"""

import streamlit as st

from presentation.topics.subgoals import PAGE
from ui.context import show_commentary, start_page
from ui.widgets import show_page

view = start_page("pages/delmaal.py", "Delmål")
show_commentary(view, "delmaal")
if view.target_group_labels:
    st.caption("Projektmålene gælder hele projektet; målgruppefilteret bruges ikke her.")
show_page(view, PAGE)
