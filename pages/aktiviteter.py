"""Aktiviteter og småjob: the team's work with citizens and employers, and the småjobs in detail."""

from presentation.topics.activities import PAGE
from ui.context import show_commentary, start_page
from ui.widgets import show_page

view = start_page("pages/aktiviteter.py", "Aktiviteter og småjob")
show_commentary(view, "aktiviteter")
show_page(view, PAGE)
