"""Trivsel: is wellbeing improving? WHO-5 for adults and young people, school absence for children."""

import streamlit as st

from presentation.topics.wellbeing import NO_CONTROL_GROUP, PAGE
from ui.context import show_commentary, start_page
from ui.widgets import show_page

view = start_page("pages/trivsel.py", "Trivsel")
st.info(NO_CONTROL_GROUP, icon=":material/info:")
show_commentary(view, "trivsel")
show_page(view, PAGE)
