"""Resultater: what has happened to the people, by category, from entry to now, and after the course."""

from presentation.topics.outcomes import PAGE
from ui.context import show_commentary, start_page
from ui.widgets import show_page

view = start_page("pages/resultater.py", "Resultater")
show_commentary(view, "resultater")
show_page(view, PAGE)
