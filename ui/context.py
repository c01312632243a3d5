"""What every page needs: the engine, the data in force, and the shared filters.

The filter widgets are drawn by ``app.py`` on every run, in the sidebar, so
their values survive moving between pages; they are bound to the URL so that
a link reproduces the view.
"""

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlparse

import pandas as pd
import streamlit as st
from sqlalchemy import Engine
from streamlit.errors import StreamlitAPIException

from data_access.commentary import commentary_in_force
from data_access.engine import database_url, make_engine, read_database_url
from data_access.migrate import upgrade
from data_access.publication import commentary_as_published, corrections, publications, shown_publications
from data_access.queries import data_fingerprint, deferred_frames, quarters_in_force
from metrics.disclosure import THRESHOLD
from metrics.frames import ProgrammeFrames, filter_frames
from metrics.quarters import parse_quarter, quarter_label
from metrics.selection import Selection, selection_fields
from metrics.vocabulary import TARGET_GROUPS, site_label
from ui.format import SUPPRESSED, format_local_date, plain_markdown
from ui.topics import commentary_lines

ROUTER_KEY = "router_has_run"
ACCOUNT_KEY = "signed_in_account"
PENDING_PAGE_KEY = "page_asked_for_before_router"
SITE_KEY = "sted"
TARGET_GROUP_KEY = "maalgruppe"
PERIOD_KEY = "periode"
DISCLOSURE_KEY = "ekstern"
MEETING_KEY = "forelagt"
LATEST_DATA = "Seneste data"
LATEST_SEEN_KEY = "latest_quarter_seen"
SITES_SEEN_KEY = "sites_seen"
TABS_KEY = "visning"  # the open tab of a page, in its link: ?visning=Mål for mål
PAGE_SHOWN_KEY = "page_shown_last"


def mark_router() -> None:
    """Called by app.py on every run, before any page."""
    st.session_state[ROUTER_KEY] = True


def require_router(page_path: str) -> None:
    """Every page starts here: a page must never run without app.py's navigation and filters.

    Streamlit serves the files in pages/ directly until some session has run
    app.py once (its legacy multipage mode); a deep link opened first after a
    restart would otherwise skip the router. Send it through app.py, which then
    opens the page that was asked for.
    """
    if not st.session_state.get(ROUTER_KEY):
        # Keep the link's filters (repeated keys too, such as the period) for the page.
        link = {key: st.query_params.get_all(key) for key in st.query_params}
        st.session_state[PENDING_PAGE_KEY] = (page_path, link)
        st.switch_page("app.py")
    # Defence in depth: whatever brought the run here, nobody signed in sees nothing.
    if current_account() is None:
        st.error("Du skal være logget ind for at se denne side.", icon=":material/block:")
        st.stop()


def open_first_tab_of_a_new_page(url_path: str) -> None:
    """A page opened from the menu starts on its first tab (a link that names a tab still opens that tab)."""
    if st.session_state.get(PAGE_SHOWN_KEY) != url_path:
        st.session_state.pop(TABS_KEY, None)
    st.session_state[PAGE_SHOWN_KEY] = url_path


def open_pending_page() -> None:
    """Called by app.py once navigation is set up."""
    if pending := st.session_state.pop(PENDING_PAGE_KEY, None):
        page_path, link = pending
        # A page this role may not use is not registered: then stay on the start page.
        with contextlib.suppress(StreamlitAPIException):
            st.switch_page(page_path, query_params=link)


def keep_link_for_after_sign_in(url_paths: dict[str, str]) -> None:
    """Before sign-in: remember which page (and filters) the link asked for, to open it afterwards."""
    if PENDING_PAGE_KEY in st.session_state:
        return
    path = urlparse(st.context.url or "").path.rstrip("/").rsplit("/", 1)[-1]
    if path in url_paths:
        link = {key: st.query_params.get_all(key) for key in st.query_params}
        st.session_state[PENDING_PAGE_KEY] = (url_paths[path], link)


def remember_account(account) -> None:
    """app.py stores the account checked in this run, for pages to check roles again."""
    st.session_state[ACCOUNT_KEY] = account


def current_account():
    return st.session_state.get(ACCOUNT_KEY)


def _allowed_sites(site_ids: list[int]) -> list[int]:
    account = current_account()
    if account is None or account.site_id is None:
        return site_ids
    return [site_id for site_id in site_ids if site_id == account.site_id]


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
def _frames_for(database: str, fingerprint: tuple, publication_ids: tuple[int, ...] | None,
                site_ids: tuple[int, ...]) -> ProgrammeFrames:
    # The chosen sites' data in force (or as published), loaded once per data version and shared read-only
    # by every session (cache_data would unpickle a full copy on every use). Only the sites in view are
    # loaded: a national programme's reader of one municipality never holds the other 97. Rows are read only
    # for the figures that need them; counts and pairs are worked out in the database.
    return deferred_frames(get_read_engine(), list(site_ids), publication_ids, write_engine=get_engine())


def _data_key(publication_ids: tuple[int, ...] | None = None) -> tuple:
    """(database, data fingerprint, publications shown or None for the data in force): what the figures
    depend on."""
    engine = get_read_engine()
    return engine.url.render_as_string(hide_password=True), data_fingerprint(engine), publication_ids


@st.cache_data(max_entries=16, show_spinner=False)
def _publications(data_key: tuple) -> pd.DataFrame:
    return publications(get_read_engine())


def _published_quarters(data_key: tuple, site_ids: list[int]) -> list[str]:
    """The quarters published for the projects of these sites, newest first."""
    projects = _project_ids(data_key, site_ids)
    published = _publications(data_key)
    return sorted(set(published.loc[published["project_id"].isin(projects), "quarter"]), reverse=True)


def _project_ids(data_key: tuple, site_ids) -> list[int]:
    sites = _frames_for(*data_key[:2], None, ()).sites
    return sorted(set(sites.loc[sites["site_id"].isin(site_ids), "project_id"]))


def _shown_key(data_key: tuple, site_ids: list[int]) -> tuple:
    """The data key of what the reader chose in "Styregruppemøde": a published quarter, or the latest data."""
    chosen = st.session_state.get(MEETING_KEY)
    if chosen in (None, LATEST_DATA):
        return data_key
    shown = shown_publications(_publications(data_key), _project_ids(data_key, site_ids), parse_quarter(chosen))
    return _data_key_with(data_key, tuple(sorted(shown.values())) or None)


def _data_key_with(data_key: tuple, publication_ids: tuple[int, ...] | None) -> tuple:
    return (*data_key[:2], publication_ids)


def reference_frames() -> ProgrammeFrames:
    """Sites, categories, targets and benchmarks, without any reported rows."""
    return _frames_for(*_data_key(), ())


@st.cache_data(max_entries=64, show_spinner=False)
def _quarters(data_key: tuple, site_ids: tuple[int, ...]) -> list[str]:
    return quarters_in_force(get_read_engine(), list(site_ids))


def quarters_with_data(site_ids: list[int]) -> list[str]:
    """The quarters with data in force for these sites, oldest first."""
    return _quarters(_data_key(), tuple(sorted(site_ids)))


@st.cache_resource(max_entries=16, show_spinner=False)
def _view_frames(data_key: tuple, site_ids: tuple[int, ...], target_groups: tuple[str, ...] | None) -> ProgrammeFrames:
    # One view's frames, shared by all sessions: what its computations work out (each quarter's rows,
    # each project's sites, intermediates such as the staff pairs) is kept with them and done once.
    # The loaded frames hold only these sites' reported rows, but every site's reference data (and targets).
    frames = _frames_for(*data_key, site_ids)
    filtered = filter_frames(frames, site_ids=list(site_ids), target_groups=list(target_groups or ()) or None)
    # A view of its own even when nothing is filtered away, so that forgetting the view forgets its work.
    return filtered.fresh() if filtered is frames else filtered


@dataclass(frozen=True)
class View(Selection):
    """The app's selection: its computations are cached per data version and filter choice."""

    data_key: tuple = ()  # (database, data fingerprint): changes with every import
    target_groups: tuple[str, ...] | None = None

    def frames_of(self, all_groups: bool) -> ProgrammeFrames:
        return _view_frames(self.data_key, self.site_ids, None if all_groups else self.target_groups)

    def memo(self, function: Callable, *args):
        view = (self.data_key, self.site_ids, self.target_groups, tuple(self.quarters), self.external)
        return _memo(view, f"{function.__module__}:{function.__qualname__}", args, self, function)


@st.cache_resource(max_entries=2048, show_spinner=False)
def _memo(view: tuple, function_path: str, args: tuple, _view: "View", _function: Callable):
    # Keyed on what the result depends on (data version, sites, groups, period, audience); the view object
    # and the function itself are not hashed. Shared read-only: no copy per hit.
    return _function(_view, *args)


def _site_label(frames: ProgrammeFrames, site_id: int) -> str:
    site = frames.sites.set_index("site_id").loc[site_id]
    return site_label(site["project_name"], site["site_name"])


def render_filters() -> None:
    """Draw the shared filters in the sidebar (called by app.py before the page runs)."""
    data_key = _data_key()  # one fingerprint query for the whole sidebar
    frames = _frames_for(*data_key, ())
    site_ids = _allowed_sites(frames.sites["site_id"].tolist())
    with st.sidebar:
        st.header("Filtre")
        _follow_new_sites(site_ids)
        st.multiselect(
            "Projekt og sted", site_ids, default=site_ids, key=SITE_KEY, bind="query-params",
            format_func=lambda site_id: _site_label(frames, site_id),
            placeholder="Vælg mindst ét sted", select_all=False,  # "Select all" is English
        )
        chosen = sorted(site for site in st.session_state.get(SITE_KEY, site_ids) if site in site_ids)
        published = [quarter_label(quarter) for quarter in _published_quarters(data_key, chosen)]
        if published:
            # The steering group reads a published quarter as it was presented; whoever prepares the next
            # one starts on the latest data.
            options = [*published, LATEST_DATA]
            default = 0 if not current_account() or current_account().role == "viewer" else len(published)
            if st.session_state.get(MEETING_KEY) not in (None, *options):
                del st.session_state[MEETING_KEY]
            st.selectbox("Styregruppemøde", options, index=default, key=MEETING_KEY, bind="query-params",
                         format_func=lambda option: option if option == LATEST_DATA else f"{option}, som forelagt",
                         help="Et kvartal som forelagt styregruppen: tallene, som de var, da kvartalet blev "
                              "offentliggjort. Seneste data: alt, hvad der er indlæst, også det ikke forelagte.")
        st.multiselect(
            "Målgruppe", list(TARGET_GROUPS), default=[], key=TARGET_GROUP_KEY, bind="query-params",
            format_func=TARGET_GROUPS.get, placeholder="Alle målgrupper", select_all=False,
        )
        shown_key = _shown_key(data_key, chosen)
        shown = _view_frames(shown_key, tuple(chosen), None) if chosen else None
        quarters = shown.quarters() if shown is not None else []
        if len(quarters) > 1:
            # The period ends, unless chosen otherwise, at the latest quarter every chosen site has reported.
            complete = shown.complete_quarters(chosen)
            latest = complete[-1] if complete else quarters[-1]
            _follow_new_quarters(latest)
            period = st.session_state.get(PERIOD_KEY)
            if period and not set(period) <= set(quarters):  # e.g. a published quarter chosen instead
                st.session_state[PERIOD_KEY] = (quarters[0], latest)
            st.select_slider(
                "Periode", quarters, value=(quarters[0], latest), key=PERIOD_KEY, bind="query-params",
                format_func=quarter_label, help="Tallene gælder periodens sidste kvartal; grafer viser hele perioden.",
            )
        st.toggle(
            "Vis til brug uden for projektgruppen", key=DISCLOSURE_KEY, bind="query-params",
            help=f"Skjuler alle antal under {THRESHOLD} (vist som {SUPPRESSED}) og de andele og summer, de kunne "
                 "findes ud fra.",
        )


def _follow_new_sites(site_ids: list[int]) -> None:
    """A site created while the session runs (e.g. the first one of a new installation) is selected too."""
    seen = st.session_state.get(SITES_SEEN_KEY)
    if seen is not None and (new := set(site_ids) - set(seen)):
        st.session_state[SITE_KEY] = sorted(set(st.session_state.get(SITE_KEY) or []) | new)
    st.session_state[SITES_SEEN_KEY] = list(site_ids)


def _follow_new_quarters(latest: str) -> None:
    """A period that ended at the latest complete quarter keeps doing so when a newer one is complete."""
    seen = st.session_state.get(LATEST_SEEN_KEY)
    period = st.session_state.get(PERIOD_KEY)
    if seen and seen != latest and period and period[1] == seen:
        st.session_state[PERIOD_KEY] = (period[0], latest)
    st.session_state[LATEST_SEEN_KEY] = latest


def current_view() -> View:
    """The frames limited to the filters chosen in the sidebar."""
    in_force = _data_key()
    allowed = _allowed_sites(_frames_for(*in_force, ()).sites["site_id"].tolist())
    # The widget's value is checked against the account's sites here, on the server.
    site_ids = sorted(site_id for site_id in st.session_state.get(SITE_KEY, allowed) if site_id in allowed)
    data_key = _shown_key(in_force, site_ids)
    target_groups = st.session_state.get(TARGET_GROUP_KEY) or None
    groups_key = tuple(sorted(target_groups)) if target_groups else None
    frames_all_groups = _view_frames(data_key, tuple(site_ids), None)
    period = st.session_state.get(PERIOD_KEY) if frames_all_groups.quarters() else None
    return View(
        **selection_fields(_view_frames(data_key, tuple(site_ids), groups_key), frames_all_groups, site_ids,
                           target_groups, tuple(period) if period else None,
                           bool(st.session_state.get(DISCLOSURE_KEY))),
        data_key=data_key,
        target_groups=groups_key,
    )


@st.cache_data(max_entries=256, show_spinner=False)
def _commentary(data_key: tuple, site_ids: tuple[int, ...], quarter: str) -> pd.DataFrame:
    if not data_key[2]:
        return commentary_in_force(get_read_engine(), list(site_ids), quarter)
    # A published quarter with the leader's words as they stood when it was published.
    return commentary_as_published(get_read_engine(), data_key[2], site_ids, quarter)


def commentary_of(view: View) -> pd.DataFrame:
    """The project leader's texts in force for the view's sites and quarter."""
    return _commentary(view.data_key, view.site_ids, view.quarter)


def show_commentary(view: View, topic: str, summary: bool = False) -> None:
    """The project leader's words for this page and quarter, if any, next to the figures."""
    lines = commentary_lines(commentary_of(view), topic, view.site_names_by_id, summary=summary)
    if not lines:
        return
    with st.container(border=True):
        st.markdown(f"**Projektlederens kommentar til {quarter_label(view.quarter)}**")
        for heading, text in lines:
            st.markdown(f"*{plain_markdown(heading)}:* {plain_markdown(text)}")


NO_DATA = ("Der er ingen data for det valgte. Vælg mindst ét sted i filtrene til venstre, "
           "eller indlæs en kvartalsindberetning.")


NOT_SET_UP = ("Dashboardet er ikke sat op endnu. En administrator opretter projekter, steder, kategorier og delmål "
              "under Stamdata og opsætning; derefter kan det første kvartal indlæses under Data og import.")


@st.cache_data(max_entries=64, show_spinner=False)
def _corrections(data_key: tuple) -> list:
    return corrections(get_read_engine(), data_key[2] or ())


def show_publication(view: "View") -> None:
    """Under a published quarter: when and by whom it was presented, and any correction made since."""
    publication_ids = view.data_key[2] if len(view.data_key) > 2 else None
    if not publication_ids:
        return
    published = _publications(view.data_key).set_index("publication_id").loc[list(publication_ids)]
    moments = {(quarter_label(row.quarter), format_local_date(row.published_at)) for row in published.itertuples()}
    if len(moments) == 1:
        [(quarter, day)] = moments
        when = f"{quarter} som forelagt styregruppen den {day}"
    else:
        when = "Som forelagt styregruppen: " + "; ".join(
            f"{row.project_name} {quarter_label(row.quarter)} den {format_local_date(row.published_at)}"
            for row in published.itertuples())
    st.info(plain_markdown(f"{when}. Tallene er dem, der blev vist dengang."), icon=":material/verified:")
    if found := _corrections(view.data_key):
        listed = "; ".join(f"{item.site_name} {quarter_label(item.quarter)} (version {item.version_id}, "
                           f"{format_local_date(item.imported_at)})"
                           for item in found[:5]) + (" …" if len(found) > 5 else "")
        st.warning(plain_markdown(f"Rettet siden forelæggelsen: {listed}. Rettelserne er ikke med her; vælg "
                                  f"«{LATEST_DATA}» under Styregruppemøde for at se dem."), icon=":material/edit:")


def installation_is_set_up() -> bool:
    """Whether any project has a site: until then there is nothing to report on."""
    return not _frames_for(*_data_key(), ()).sites.empty


def start_page(page_path: str, title: str, needs: str = "persons") -> View:
    """Every analysis page starts here: router check, title, the view, and a clear message without data.

    ``needs`` names the frame the page cannot do without (e.g. ``assignments``).
    """
    require_router(page_path)
    st.title(title)
    view = current_view()
    if view.quarter is None or not view.frames.has_rows(needs):
        st.info(NO_DATA if installation_is_set_up() else NOT_SET_UP)
        st.stop()
    st.caption(plain_markdown(view.description))
    show_publication(view)
    if note := view.missing_returns_note:
        st.warning(plain_markdown(note), icon=":material/schedule:")
    elif note := view.newer_quarter_note:
        st.info(plain_markdown(note), icon=":material/schedule:")
    return view
