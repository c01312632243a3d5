"""The shared filters: drawn by app.py in the sidebar on every run, so their values survive moving between
pages, and bound to the URL so that a link reproduces the view; ``current_view`` is what they select."""

from dataclasses import dataclass

import streamlit as st

from metrics.disclosure import THRESHOLD
from metrics.quarters import quarter_label
from metrics.selection import selection_fields
from metrics.vocabulary import TARGET_GROUPS, site_label
from presentation.format import CHOOSE, SUPPRESSED
from ui.data_cache import (
    LATEST_DATA,
    MEETING_KEY,
    View,
    data_key_in_force,
    frames_for,
    published_quarters,
    purged_projects_of,
    shared,
    shown_key,
    view_frames,
)
from ui.session import allowed_sites, current_account

SITE_KEY = "sted"
TARGET_GROUP_KEY = "maalgruppe"
PERIOD_KEY = "periode"
DISCLOSURE_KEY = "ekstern"
LATEST_SEEN_KEY = "latest_quarter_seen"
SITES_SEEN_KEY = "sites_seen"
RUN_DATA_KEY = "data_key_of_this_run"  # set by the sidebar before the page runs, on every run


@dataclass(frozen=True)
class SiteFacts:
    """What the filters need to know of every site, once per data version."""

    labels: dict[int, str]  # site id -> "project – site", in the sites' order
    project_of: dict[int, int]
    purged_projects: frozenset[int]  # projects whose person data are deleted

    @property
    def site_ids(self) -> list[int]:
        return list(self.labels)


@shared(max_entries=16)
def site_facts(data_key: tuple) -> SiteFacts:
    sites = frames_for(*data_key, ()).sites
    return SiteFacts(
        labels={int(site.site_id): site_label(site.project_name, site.site_name) for site in sites.itertuples()},
        project_of={int(site): int(project) for site, project in zip(sites["site_id"], sites["project_id"],
                                                                     strict=True)},
        purged_projects=frozenset(int(project) for project in purged_projects_of(data_key)["project_id"]))


def render_filters() -> None:
    """Draw the shared filters in the sidebar (called by app.py before the page runs)."""
    # One fingerprint query per page view: the sidebar and the page read the data as of one moment.
    data_key = st.session_state[RUN_DATA_KEY] = data_key_in_force()
    facts = site_facts(data_key)
    site_ids = allowed_sites(facts.site_ids)
    with st.sidebar:
        st.header("Filtre")
        _follow_new_sites(site_ids)
        st.multiselect(
            # A default beside a value set in the session (a new site followed) makes Streamlit warn.
            "Projekt og sted", site_ids, default=None if SITE_KEY in st.session_state else site_ids, key=SITE_KEY,
            bind="query-params",
            format_func=facts.labels.__getitem__,
            placeholder="Vælg mindst ét sted", select_all=False,  # "Select all" is English
        )
        chosen = sorted(site for site in st.session_state.get(SITE_KEY, site_ids) if site in site_ids)
        published = [quarter_label(quarter) for quarter in published_quarters(data_key, chosen)]
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
                              "offentliggjort. Seneste data: alt, hvad der er indlæst, også det ikke forelagte.",
                         placeholder=CHOOSE)
        st.multiselect(
            "Målgruppe", list(TARGET_GROUPS), default=[], key=TARGET_GROUP_KEY, bind="query-params",
            format_func=TARGET_GROUPS.get, placeholder="Alle målgrupper", select_all=False,
        )
        shown = view_frames(shown_key(data_key, chosen), tuple(chosen), None) if chosen else None
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
    in_force = st.session_state.get(RUN_DATA_KEY) or data_key_in_force()
    facts = site_facts(in_force)
    allowed = allowed_sites(facts.site_ids)
    # The widget's value is checked against the account's sites here, on the server.
    site_ids = sorted(site_id for site_id in st.session_state.get(SITE_KEY, allowed) if site_id in allowed)
    # A purged project's sites have no rows: the page shows its kept figures beside the rest.
    purged_chosen = tuple(sorted({facts.project_of[site] for site in site_ids} & facts.purged_projects))
    site_ids = [site_id for site_id in site_ids if facts.project_of[site_id] not in facts.purged_projects]
    data_key = shown_key(in_force, site_ids)
    target_groups = st.session_state.get(TARGET_GROUP_KEY) or None
    groups_key = tuple(sorted(target_groups)) if target_groups else None
    frames_all_groups = view_frames(data_key, tuple(site_ids), None)
    period = st.session_state.get(PERIOD_KEY) if frames_all_groups.quarters() else None
    return View(
        **selection_fields(view_frames(data_key, tuple(site_ids), groups_key), frames_all_groups, site_ids,
                           target_groups, tuple(period) if period else None,
                           bool(st.session_state.get(DISCLOSURE_KEY))),
        data_key=data_key,
        target_groups=groups_key,
        purged_project_ids=purged_chosen,
    )
