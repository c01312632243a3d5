"""Resultater: what has happened to the people, by category, from entry to now, and after the course."""

import streamlit as st

from metrics.quarters import quarter_label
from metrics.vocabulary import CATEGORY_GROUPS
from presentation.format import CHOOSE, plain_markdown
from presentation.topics.outcomes import (
    categories_chart,
    completed_courses_chart,
    flow_chart,
    follow_up_chart,
    no_flow_text,
    small_job_chart,
    status_chart,
)
from presentation.topics.overview import outcome_groups
from ui.context import show_commentary, start_page
from ui.widgets import show_chart, show_tabs

view = start_page("pages/resultater.py", "Resultater", needs="statuses")
quarter = view.quarter
show_commentary(view, "resultater")


def status_by_quarter() -> None:
    # The overview publishes job + education as one figure: that subtotal is a line for suppression too.
    groups = outcome_groups(view)
    show_chart(status_chart(view), key="groups")
    present = [code for code in CATEGORY_GROUPS if groups.loc[groups["group_code"] == code, "persons"].sum() > 0]
    chosen = st.selectbox("Se kategorierne i en gruppe", present, format_func=CATEGORY_GROUPS.get,
                          key="outcome_group", placeholder=CHOOSE)
    show_chart(categories_chart(view, chosen), key="categories")


def from_start_to_now() -> None:
    flow = flow_chart(view)
    if flow is None:
        st.write(no_flow_text(view))
        return
    figure, note = flow
    show_chart(figure, key="flow")
    st.caption(plain_markdown(note))


def after_the_course() -> None:
    completed = completed_courses_chart(view)
    if completed is None:
        st.write("Ingen afsluttede forløb endnu.")
    else:
        show_chart(completed, key="completed")
    st.markdown("**6 måneder efter**")
    follow_up, few_followed = follow_up_chart(view)
    if follow_up is None:
        st.write("Ingen opfølgninger 6 måneder efter afslutning endnu.")
    else:
        show_chart(follow_up, key="follow_up")
        if few_followed:
            st.caption(plain_markdown(few_followed))


def small_jobs() -> None:
    chart = small_job_chart(view)
    if chart is None:
        st.write(f"Ingen i småjob i {quarter_label(quarter)}.")
    else:
        show_chart(chart, key="small_job_hours")


show_tabs({"Status pr. kvartal": status_by_quarter, "Fra start til nu": from_start_to_now,
                     "Afsluttede forløb": after_the_course, "Småjob: timer pr. uge": small_jobs})
