"""The data behind the pages, and every cache that keeps it, named here in one place.

From the database up:
1. ``site_figure`` (table; ``data_access/site_figures/``): each site's part of a figure that adds up over
   sites, kept across processes and releases; its key names what the part depends on.
2. ``site_figures.source._COMBINED`` (process): the sites' parts joined into one figure, by the parts' keys.
3. ``frames_for`` (process, ``st.cache_resource``): the data in force (or as published) for the chosen sites,
   read when a figure needs it; keyed by the data fingerprint, which changes with every import and edit.
4. ``view_frames`` (process): one view's frames (sites, target groups), shared by every session; what is
   worked out from them (each quarter's rows, staff pairs) is kept with them.
5. ``memo_of_view`` (process): a page's figure for one view, period and audience.
6. Small lookups (``shared``, process): publications, quarters with data, commentary, corrections, erasures,
   the published quarters and the publications shown; read-only, as everything here.
Nothing is ever invalidated by hand: every key holds the data fingerprint, so an import gives new keys.
"""

import functools
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import streamlit as st
from sqlalchemy import Engine

from data_access.commentary import commentary_in_force
from data_access.engine import database_url, make_engine, read_database_url
from data_access.migrate import upgrade
from data_access.personal_data import purged_projects
from data_access.publication import (
    commentary_as_published,
    corrections,
    erasures_since,
    kept_figures,
    publications,
    shown_publications,
)
from data_access.queries import data_fingerprint, quarters_in_force
from data_access.settings import site_figures_from, warm_after_change
from data_access.shared_memo import SharedMemo
from data_access.site_figures import frames_of_view
from metrics.frames import ProgrammeFrames, filter_frames
from metrics.quarters import parse_quarter
from metrics.selection import Selection
from presentation.format import LATEST_DATA

PROJECT_ROOT = Path(__file__).resolve().parent.parent
MEETING_KEY = "forelagt"  # the filter "Styregruppemøde": a published quarter, or the latest data


_MEMOS: list[SharedMemo] = []


def shared(max_entries: int):
    """A lookup of hashable arguments, one of them the data key (so an import or a publication gives new keys),
    kept in a ``SharedMemo``: callers must treat what it gives as read-only. A plain dict: Streamlit's caches
    hashed (and ``cache_data`` unpickled) on every page view, which cost more than the lookups themselves."""
    def decorate(function: Callable):
        memo = SharedMemo(max_entries)
        _MEMOS.append(memo)

        @functools.wraps(function)
        def lookup(*args):
            return memo(args, lambda: function(*args))

        lookup.clear = memo.clear
        return lookup

    return decorate


memo_of_view = SharedMemo(max_entries=2048)
_MEMOS.append(memo_of_view)


def forget_memos() -> None:
    """Drop every shared memo (the benchmark times a first view with every cache of the process empty)."""
    for memo in _MEMOS:
        memo.clear()


@st.cache_resource
def _engine_for(url: str) -> Engine:
    engine = make_engine(url)
    upgrade(engine)
    return engine


def get_engine() -> Engine:
    """The database: everything written goes here (the primary, with a read replica)."""
    return _engine_for(database_url())


@st.cache_resource
def _read_engine_for(url: str) -> Engine:
    # A replica gets its schema from the primary: it is never migrated itself.
    return make_engine(url)


def get_read_engine() -> Engine:
    """Where the analysis pages read their data: the read replica where one is configured."""
    url = read_database_url()
    return get_engine() if url == database_url() else _read_engine_for(url)


@st.cache_resource(max_entries=8, show_spinner="Henter data …")
def frames_for(database: str, fingerprint: tuple, publication_ids: tuple[int, ...] | None,
                site_ids: tuple[int, ...]) -> ProgrammeFrames:
    # The chosen sites' data in force (or as published), loaded once per data version and shared read-only
    # by every session (cache_data would unpickle a full copy on every use). Only the sites in view are
    # loaded: a national programme's reader of one municipality never holds the other 97. A view of many sites
    # holds no rows at all: its figures are the sums of its sites' parts, kept in the database.
    return frames_of_view(get_read_engine(), list(site_ids), publication_ids, write_engine=get_engine())


def data_key_in_force(publication_ids: tuple[int, ...] | None = None) -> tuple:
    """(database, data fingerprint, publications shown or None for the data in force): what the figures
    depend on."""
    engine = get_read_engine()
    return engine.url.render_as_string(hide_password=True), data_fingerprint(engine), publication_ids


@shared(max_entries=16)
def publications_of(data_key: tuple) -> pd.DataFrame:
    return publications(get_read_engine())


def published_quarters(data_key: tuple, site_ids: list[int]) -> list[str]:
    """The quarters published for the projects of these sites, newest first."""
    return list(_published_quarters(data_key, tuple(site_ids)))


@shared(max_entries=256)
def _published_quarters(data_key: tuple, site_ids: tuple[int, ...]) -> tuple[str, ...]:
    projects = _project_ids(data_key, site_ids)
    published = publications_of(data_key)
    return tuple(sorted(set(published.loc[published["project_id"].isin(projects), "quarter"]), reverse=True))


def _project_ids(data_key: tuple, site_ids) -> list[int]:
    sites = frames_for(*data_key[:2], None, ()).sites
    return sorted(set(sites.loc[sites["site_id"].isin(site_ids), "project_id"]))


def shown_key(data_key: tuple, site_ids: list[int]) -> tuple:
    """The data key of what the reader chose in "Styregruppemøde": a published quarter, or the latest data."""
    chosen = st.session_state.get(MEETING_KEY)
    if chosen in (None, LATEST_DATA):
        return data_key
    return _shown_key(data_key, tuple(site_ids), chosen)


@shared(max_entries=256)
def _shown_key(data_key: tuple, site_ids: tuple[int, ...], chosen: str) -> tuple:
    shown = shown_publications(publications_of(data_key), _project_ids(data_key, site_ids), parse_quarter(chosen))
    return _data_key_with(data_key, tuple(sorted(shown.values())) or None)


def _data_key_with(data_key: tuple, publication_ids: tuple[int, ...] | None) -> tuple:
    return (*data_key[:2], publication_ids)


def reference_frames() -> ProgrammeFrames:
    """Sites, categories, targets and benchmarks, without any reported rows."""
    return frames_for(*data_key_in_force(), ())


@shared(max_entries=64)
def _quarters(data_key: tuple, site_ids: tuple[int, ...]) -> tuple[str, ...]:
    return tuple(quarters_in_force(get_read_engine(), list(site_ids)))


def quarters_with_data(site_ids: list[int]) -> list[str]:
    """The quarters with data in force for these sites, oldest first."""
    return list(_quarters(data_key_in_force(), tuple(sorted(site_ids))))


@shared(max_entries=16)
def view_frames(data_key: tuple, site_ids: tuple[int, ...], target_groups: tuple[str, ...] | None) -> ProgrammeFrames:
    # One view's frames, shared by all sessions: what its computations work out (each quarter's rows,
    # each project's sites, intermediates such as the staff pairs) is kept with them and done once.
    # The loaded frames hold only these sites' reported rows, but every site's reference data (and targets).
    frames = frames_for(*data_key, site_ids)
    filtered = filter_frames(frames, site_ids=list(site_ids), target_groups=list(target_groups or ()) or None)
    # A view of its own even when nothing is filtered away, so that forgetting the view forgets its work.
    return filtered.fresh() if filtered is frames else filtered


@dataclass(frozen=True)
class View(Selection):
    """The app's selection: its computations are cached per data version and filter choice."""

    data_key: tuple = ()  # (database, data fingerprint): changes with every import
    target_groups: tuple[str, ...] | None = None
    # Chosen projects whose person data are deleted: shown from their kept figures, not in the frames.
    purged_project_ids: tuple[int, ...] = ()

    def frames_of(self, all_groups: bool) -> ProgrammeFrames:
        return view_frames(self.data_key, self.site_ids, None if all_groups else self.target_groups)

    def memo(self, function: Callable, *args):
        view = (self.data_key, self.site_ids, self.target_groups, tuple(self.quarters), self.external)
        return memo_of_view((view, function.__module__, function.__qualname__, args), lambda: function(self, *args))


@shared(max_entries=256)
def _commentary(data_key: tuple, site_ids: tuple[int, ...], quarter: str) -> pd.DataFrame:
    if not data_key[2]:
        return commentary_in_force(get_read_engine(), list(site_ids), quarter)
    # A published quarter with the leader's words as they stood when it was published.
    return commentary_as_published(get_read_engine(), data_key[2], site_ids, quarter)


def commentary_of(view: View) -> pd.DataFrame:
    """The project leader's texts in force for the view's sites and quarter."""
    return _commentary(view.data_key, view.site_ids, view.quarter)


@shared(max_entries=64)
def corrections_of(data_key: tuple) -> tuple:
    return tuple(corrections(get_read_engine(), data_key[2] or ()))


@shared(max_entries=16)
def purged_projects_of(data_key: tuple) -> pd.DataFrame:
    """Projects whose person data are deleted (a purge changes the data fingerprint)."""
    return purged_projects(get_read_engine())


@shared(max_entries=64)
def kept_figures_of(data_key: tuple, publication_id: int) -> pd.DataFrame:
    return kept_figures(get_read_engine(), [publication_id])


@shared(max_entries=64)
def erasures_of(data_key: tuple) -> tuple:
    return tuple(erasures_since(get_read_engine(), data_key[2] or ()))


def installation_is_set_up() -> bool:
    """Whether a site has reported its first quarter: until then an administrator is in the middle of the
    setup guide and comes back to it, also after signing in again."""
    sites = reference_frames().sites["site_id"].tolist()
    return bool(sites) and bool(quarters_with_data(sites))


def warm_kept_figures_in_background() -> None:
    """After an import or a master-data save: work out a large programme's kept figures in a process of its own
    (``python -m cli warm-figures``), so that the next reader does not wait; the page returns at once."""
    if not warm_after_change() or len(reference_frames().sites) < site_figures_from():
        return  # a smaller programme is worked out from its rows, nothing is kept
    subprocess.Popen([sys.executable, "-m", "cli", "warm-figures"], cwd=PROJECT_ROOT,
                     env={**os.environ, "DATABASE_URL": database_url()}, stdout=subprocess.DEVNULL,
                     stderr=subprocess.DEVNULL, start_new_session=True)
