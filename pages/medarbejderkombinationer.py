"""Medarbejderkombinationer: which interdisciplinary pairs work with which families, and with what results."""

from presentation.topics.staff import PAGE
from ui.context import show_commentary, start_page
from ui.widgets import show_page

view = start_page("pages/medarbejderkombinationer.py", "Medarbejderkombinationer")
show_commentary(view, "medarbejderkombinationer")
show_page(view, PAGE)
