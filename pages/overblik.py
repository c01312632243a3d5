"""Overblik: the state of the project at a glance for the chosen quarter."""

from presentation.topics.overview import overview_section
from ui.context import show_commentary, start_page
from ui.widgets import show_section

view = start_page("pages/overblik.py", "Overblik")
show_commentary(view, "overblik", summary=True)
show_section(overview_section(view))
