"""Medarbejderkombinationer: which interdisciplinary pairs work with which families, and with what results."""

from presentation.topics.staff import SECTIONS, cards_section
from ui.context import show_commentary, start_page
from ui.widgets import show_section, show_sections

view = start_page("pages/medarbejderkombinationer.py", "Medarbejderkombinationer", needs="assignments")
show_commentary(view, "medarbejderkombinationer")
show_section(cards_section(view))
show_sections(view, SECTIONS)
