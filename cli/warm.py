"""Kept figures worked out before anybody asks: ``python -m cli warm-figures``.

At deploy (after ``migrate``, with ``--before-release`` while the old release still serves) and in the
background after an import or a master-data save, every section of every analysis page (each tab, each choice
as the page opens) is built once for the views read first, the latest data and the newest quarter presented to
the steering group, as a reader of every site sees them. No page is run: the pages draw the same descriptions
(``presentation/topic_pages.py``). What a programme's sites give (``data_access/site_figures/``) is then kept in
the database, and the first reader after a release, an import or an edit reads it instead of waiting for it.
Kept parts that no view can reach any more are deleted afterwards.
"""

import time

from sqlalchemy import Engine, select

from data_access.engine import make_engine
from data_access.models import ImportVersion, Site
from data_access.personal_data import purged_projects
from data_access.publication import keep_every_published_figure, publications, shown_publications
from data_access.settings import site_figures_from
from data_access.site_figures import delete_unreachable, frames_of_view
from metrics.quarters import quarter_label
from metrics.selection import make_selection
from presentation.format import LATEST_DATA
from presentation.page_registry import ANALYSIS_PAGES
from presentation.sections import every_section
from presentation.topic_pages import TOPIC_MODULES


def warm_figures(database_url: str, *, before_release: bool = False) -> dict:
    """Build every page's sections for the views read first; then delete what is no longer reachable.

    ``before_release``: the deploy step of a new release, run while the old one still serves readers; what the
    old release's code reads is left for it (the new release's next warm-up deletes it)."""
    started = time.perf_counter()
    engine = make_engine(database_url)
    with engine.connect() as connection:
        reporting = len(set(connection.execute(select(ImportVersion.site_id)).scalars()))
    views = []
    if reporting >= site_figures_from():
        # Only a programme worked out site by site keeps figures; a smaller one is worked out from its rows.
        site_ids, project_ids = _sites_shown(engine)
        published = publications(engine)
        views.append((LATEST_DATA, None))
        if not published.empty:
            quarter = published["quarter"].max()
            shown = shown_publications(published, project_ids, quarter)
            views.append((quarter_label(quarter), tuple(sorted(shown.values())) or None))
        for _, publication_ids in views:
            work_out_every_page(engine, site_ids, publication_ids)
    # A large programme's publications keep their figures here rather than while the project leader waits.
    _, kept = keep_every_published_figure(engine)
    deleted = delete_unreachable(engine, keep_other_bases=before_release)
    engine.dispose()
    return {"views": [label for label, _ in views], "deleted": deleted, "published_figures": kept,
            "seconds": round(time.perf_counter() - started, 1)}


def _sites_shown(engine: Engine) -> tuple[list[int], list[int]]:
    """The sites (and their projects) a reader of every site is shown: all but those of projects whose person
    data are deleted, which are shown from their kept figures."""
    purged = set(purged_projects(engine)["project_id"])
    with engine.connect() as connection:
        sites = connection.execute(select(Site.id, Site.project_id).order_by(Site.id)).all()
    shown = [(site_id, project_id) for site_id, project_id in sites if project_id not in purged]
    return [site_id for site_id, _ in shown], sorted({project_id for _, project_id in shown})


def work_out_every_page(engine: Engine, site_ids: list[int], publication_ids: tuple[int, ...] | None) -> None:
    """Every section of every analysis page for these sites, all target groups and the default period, as the
    data in force or as these publications showed them."""
    frames = frames_of_view(engine, site_ids, publication_ids)
    selection = make_selection(frames, site_ids)
    if selection.quarter is None:
        return  # nothing reported: every page says so
    for page in ANALYSIS_PAGES.values():
        if selection.frames.has_rows(page.needs):
            every_section(TOPIC_MODULES[page.topic].PAGE, selection)
