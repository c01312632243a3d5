"""Progression og fastholdelse: moving closer to a job, staying in it, and the aftercare that helps."""

from presentation.topics.progression import PAGE
from ui.context import show_commentary, start_page
from ui.widgets import show_page

view = start_page("pages/progression.py", "Progression og fastholdelse")
show_commentary(view, "progression")
show_page(view, PAGE)
