"""The frame of every analysis page: router check, title, the view, the publication and the leader's words."""

import streamlit as st

from metrics.published import ALL_GROUPS
from metrics.quarters import quarter_label
from metrics.registry import TOPICS
from presentation.format import CHOOSE, format_local_date, format_number, plain_markdown
from presentation.page_registry import BY_PATH
from presentation.topics import commentary_lines
from presentation.topics.published import kept_figures_table, purge_line, target_group_label
from ui.data_cache import (
    LATEST_DATA,
    View,
    commentary_of,
    corrections_of,
    erasures_of,
    installation_is_set_up,
    kept_figures_of,
    publications_of,
    purged_projects_of,
)
from ui.filters import current_view
from ui.routing import require_router
from ui.widgets import show_table


def topic_of(page_path: str) -> str | None:
    """The topic of an analysis page (its file's name); None for a page of every topic (the report)."""
    name = page_path.removeprefix("pages/").removesuffix(".py")
    return name if name in TOPICS else None


def show_commentary(view: View, topic: str, summary: bool = False) -> None:
    """The project leader's words for this page and quarter, if any, next to the figures."""
    lines = view.memo(_commentary_lines, topic, summary)
    if not lines:
        return
    with st.container(border=True):
        st.markdown(f"**Projektlederens kommentar til {quarter_label(view.quarter)}**")
        for heading, text in lines:
            st.markdown(f"*{plain_markdown(heading)}:* {plain_markdown(text)}")


def _commentary_lines(view: View, topic: str, summary: bool) -> list[tuple[str, str]]:
    return commentary_lines(commentary_of(view), topic, view.site_names_by_id, summary=summary)


NO_DATA = ("Der er ingen data for det valgte. Vælg mindst ét sted i filtrene til venstre, "
           "eller indlæs en kvartalsindberetning.")


NOT_SET_UP = ("Dashboardet er ikke sat op endnu. En administrator opretter projekter, steder, kategorier og delmål "
              "under Stamdata og opsætning; derefter kan det første kvartal indlæses under Data og import.")


def show_publication(view: "View") -> None:
    """Under a published quarter: when and by whom it was presented, and any correction made since."""
    publication_ids = view.data_key[2] if len(view.data_key) > 2 else None
    if not publication_ids:
        return
    presented, erased, corrected = view.memo(_publication_notes)
    st.info(presented, icon=":material/verified:")
    if erased:
        st.warning(erased, icon=":material/person_remove:")
    if corrected:
        st.warning(corrected, icon=":material/edit:")


def _publication_notes(view: "View") -> tuple[str, str | None, str | None]:
    """What a published quarter's reader is told: when it was presented, who was erased since (the rows behind
    the presented figures are gone: the figures are worked out without them), and the corrections since."""
    published = publications_of(view.data_key).set_index("publication_id").loc[list(view.data_key[2])]
    moments = {(quarter_label(row.quarter), format_local_date(row.published_at)) for row in published.itertuples()}
    if len(moments) == 1:
        [(quarter, day)] = moments
        when = f"{quarter} som forelagt styregruppen den {day}"
    else:
        when = "Som forelagt styregruppen: " + "; ".join(
            f"{row.project_name} {quarter_label(row.quarter)} den {format_local_date(row.published_at)}"
            for row in published.itertuples())
    erased = erasures_of(view.data_key)
    presented = plain_markdown(f"{when}." + ("" if erased else " Tallene er dem, der blev vist dengang."))
    erasure = None
    if erased:
        erasure = (f"Efter forelæggelsen er {format_number(len(erased))} "
                   f"{'borger' if len(erased) == 1 else 'borgere'} slettet fra data (senest "
                   f"{format_local_date(erased[-1])}). Tallene her er regnet uden dem og kan afvige fra dem, der "
                   "blev vist.")
    correction = None
    if found := corrections_of(view.data_key):
        listed = "; ".join(f"{item.site_name} {quarter_label(item.quarter)} (version {item.version_id}, "
                           f"{format_local_date(item.imported_at)})"
                           for item in found[:5]) + (" …" if len(found) > 5 else "")
        correction = plain_markdown(f"Rettet siden forelæggelsen: {listed}. Rettelserne er ikke med her; vælg "
                                    f"«{LATEST_DATA}» under Styregruppemøde for at se dem.")
    return presented, erasure, correction


KEPT_DISCLOSURE = ("Tallene blev gemt til brug uden for projektgruppen: et antal under 5, og et tal, som et "
                   "skjult antal kunne regnes ud fra, blev ikke gemt og står som «skjult».")


def show_purged_projects(view: View, topic: str | None) -> None:
    """Each chosen project whose person data are deleted: the line that says so, and its published quarters'
    kept figures for the page's topic (None: every topic), as they were presented."""
    purged = purged_projects_of(view.data_key).set_index("project_id")
    published = publications_of(view.data_key)
    group = view.target_groups[0] if view.target_groups and len(view.target_groups) == 1 else ALL_GROUPS
    for project_id in view.purged_project_ids:
        project = purged.loc[project_id]
        st.warning(purge_line(project.project_name, project.deleted_at), icon=":material/delete_history:")
        own = published[published["project_id"] == project_id]
        if own.empty:
            st.caption(f"{project.project_name} offentliggjorde intet kvartal.")
            continue
        newest = own.sort_values("publication_id").groupby("quarter").last().sort_index(ascending=False)
        quarter = st.selectbox("Forelagt kvartal", list(newest.index), format_func=quarter_label,
                               key=f"kept_quarter_{project_id}", placeholder=CHOOSE)
        figures = kept_figures_of(view.data_key, int(newest.loc[quarter, "publication_id"]))
        table = kept_figures_table(figures, topic, group)
        st.markdown(f"**{plain_markdown(project.project_name)}, {quarter_label(quarter)} som forelagt "
                    f"({target_group_label(group)})**")
        if table.empty:
            st.caption("Kvartalet har ingen tal om dette emne.")
        else:
            show_table(table, f"offentliggjorte tal {project.project_name} {quarter_label(quarter)}")
        st.caption(KEPT_DISCLOSURE)


def start_page(page_path: str, title: str) -> View:
    """Every analysis page starts here: router check, title, the view, and a clear message without the data
    the page cannot do without (its ``needs`` in the page registry)."""
    require_router(page_path)
    st.title(title)
    view = current_view()
    if view.purged_project_ids:
        show_purged_projects(view, topic_of(page_path))
    if view.quarter is None or not view.frames.has_rows(BY_PATH[page_path].needs):
        if not view.purged_project_ids:
            st.info(NO_DATA if installation_is_set_up() else NOT_SET_UP)
        st.stop()
    if view.purged_project_ids:
        st.divider()  # the kept figures above, the projects still worked out below
    st.caption(plain_markdown(view.description))
    show_publication(view)
    if note := view.missing_returns_note:
        st.warning(plain_markdown(note), icon=":material/schedule:")
    elif note := view.newer_quarter_note:
        st.info(plain_markdown(note), icon=":material/schedule:")
    return view
