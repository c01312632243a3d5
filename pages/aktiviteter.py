"""Aktiviteter og småjob: the team's work with citizens and employers, and the småjobs in detail."""

import streamlit as st

from ui.context import show_commentary, start_page
from ui.format import plain_markdown
from ui.topics.activities import (
    ORDINARY_NOTE,
    activities_table,
    activity_alert_lines,
    citizen_activity_chart,
    company_activity_chart,
    company_size_chart,
    has_activities,
    job_type_chart,
    small_job_cards,
    small_job_hours_chart,
    small_job_title,
    small_jobs_of,
)
from ui.widgets import show_cards, show_chart, show_table, show_tabs

view = start_page("pages/aktiviteter.py", "Aktiviteter og småjob")
show_commentary(view, "aktiviteter")


def activities() -> None:
    if not has_activities(view):
        st.write("Ingen aktiviteter indberettet for det valgte. De indberettes pr. sted og kvartal i arket "
                 "'Aktiviteter'.")
        return
    for text, rose in activity_alert_lines(view):
        (st.success if rose else st.warning)(
            plain_markdown(f"{text} siden kvartalet før."),
            icon=":material/trending_up:" if rose else ":material/trending_down:")
    # One under the other: twelve quarters and a finding in the title need the whole width at 1280 px.
    show_chart(company_activity_chart(view), key="company_activities")
    show_chart(citizen_activity_chart(view), key="citizen_activities")
    show_table(activities_table(view), "aktiviteter")
    st.caption("Tallene er stedernes egne opgørelser pr. kvartal. Et kvartal sammenlignes kun med kvartalet før, "
               "når alle valgte steder har indberettet begge.")


def small_jobs() -> None:
    summary = small_jobs_of(view)
    if summary["ever"] == 0:
        st.write("Ingen småjob med detaljer for det valgte. De indberettes i arket 'Småjob': jobtype, virksomhed, "
                 "virksomhedens størrelse og den faste kontaktperson.")
        return
    st.markdown(f"**{plain_markdown(small_job_title(view))}**")
    show_cards(small_job_cards(view), per_row=4)
    left, right = st.columns(2)
    show_chart(job_type_chart(view), key="small_job_types", where=left)
    show_chart(company_size_chart(view), key="small_job_sizes", where=right)
    show_chart(small_job_hours_chart(view), key="small_job_hours")
    st.caption(ORDINARY_NOTE)


show_tabs({"Aktiviteter": activities, "Småjob": small_jobs})
