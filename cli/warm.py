"""Kept figures worked out before anybody asks: ``python -m cli warm-figures``.

At deploy (after ``migrate``, with ``--before-release`` while the old release still serves) and in the
background after an import or a master-data save, every analysis
page and tab is run once, headless, as an account that sees every site: for the latest data and for the
newest quarter presented to the steering group. What a programme's sites give (``data_access/site_figures/``)
is then kept in the database, and the first reader after a release, an import or an edit reads it instead of
waiting for it. Kept parts that no view can reach any more are deleted afterwards.
"""

import os
import time
from pathlib import Path

from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from data_access.engine import make_engine
from data_access.models import ImportVersion, UserAccount
from data_access.publication import keep_every_published_figure, publications
from data_access.settings import site_figures_from
from data_access.site_figures import delete_unreachable
from metrics.quarters import quarter_label
from presentation.page_registry import ANALYSIS_PAGES
from ui.data_cache import LATEST_DATA, MEETING_KEY
from ui.routing import TABS_KEY

PROJECT_ROOT = Path(__file__).resolve().parent.parent
WALK_SECONDS = 1800  # a whole programme worked out from its rows for the first time


def warm_figures(database_url: str, *, before_release: bool = False) -> dict:
    """Walk every page and tab for the views read first; then delete what is no longer reachable.

    ``before_release``: the deploy step of a new release, run while the old one still serves readers; what the
    old release's code reads is left for it (the new release's next warm-up deletes it)."""
    started = time.perf_counter()
    engine = make_engine(database_url)
    with engine.connect() as connection:
        sites = len(set(connection.execute(select(ImportVersion.site_id)).scalars()))
        reader = connection.execute(
            select(UserAccount.id).where(UserAccount.is_active, UserAccount.site_id.is_(None))
            .order_by(UserAccount.id)).scalars().first()
    views = []
    if sites >= site_figures_from() and reader is not None:
        # Only a programme worked out site by site keeps figures; a smaller one is worked out from its rows.
        published = publications(engine)
        views.append(LATEST_DATA)
        if not published.empty:
            views.append(quarter_label(published["quarter"].max()))
        os.environ["DATABASE_URL"] = database_url
        os.environ["PASSWORD_SIGN_IN"] = "ja"  # the walk signs in as the account itself, in this process only
        for view in views:
            _walk(reader, view)
    # A large programme's publications keep their figures here rather than while the project leader waits.
    _, kept = keep_every_published_figure(engine)
    deleted = delete_unreachable(engine, keep_other_bases=before_release)
    engine.dispose()
    return {"views": views, "deleted": deleted, "published_figures": kept,
            "seconds": round(time.perf_counter() - started, 1)}


def _walk(account_id: int, meeting: str) -> None:
    at = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=WALK_SECONDS)
    at.session_state["account_id"] = account_id
    at.query_params[MEETING_KEY] = meeting
    walk_every_page(at)


def walk_every_page(at: AppTest) -> None:
    """Every analysis page and tab once, in a signed-in test session; an error on any of them is raised."""
    at.run()
    for page in ANALYSIS_PAGES.values():
        path = page.path
        for tab in page.tabs_or_none:
            if tab:
                at.query_params[TABS_KEY] = tab
            at.switch_page(path).run()
            if at.exception:
                raise RuntimeError(f"{path} {tab or ''}: {at.exception[0].message}")
