"""Overblik: the state of the project at a glance for the chosen quarter."""

from presentation.topics.overview import PAGE
from ui.context import show_commentary, start_page
from ui.widgets import show_page

view = start_page("pages/overblik.py", "Overblik")
show_commentary(view, "overblik", summary=True)
show_page(view, PAGE)
