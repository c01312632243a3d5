"""Delmål: are the project's sub-goals being met, and will they be by the deadline?"""

import streamlit as st

from metrics.quarters import quarter_end, quarter_label
from metrics.subgoals import (
    AT_RISK,
    NOT_REACHED,
    ON_TRACK,
    REACHED,
    TOO_EARLY,
)
from presentation.format import SUPPRESSED, format_count, format_number, format_part, plain_markdown
from presentation.topics.subgoals import (
    ALL_TARGETS_TAB,
    EACH_TARGET_TAB,
    PERSON_GOALS_TAB,
    SECTIONS,
    TOO_EARLY_NOTE,
    target_chart,
    target_outlooks,
)
from ui.context import show_commentary, start_page
from ui.widgets import section_tabs, show_chart, show_tabs

VERDICT_ICONS = {REACHED: ":material/check_circle:", ON_TRACK: ":material/trending_up:",
                 TOO_EARLY: ":material/hourglass_empty:", AT_RISK: ":material/warning:",
                 NOT_REACHED: ":material/cancel:"}

view = start_page("pages/delmaal.py", "Delmål")
quarter = view.quarter
show_commentary(view, "delmaal")


def shown(value: float | None) -> str:
    return format_count(value, view.hidden(value))


if view.target_group_labels:
    st.caption("Projektmålene gælder hele projektet; målgruppefilteret bruges ikke her.")


def each_target() -> None:
    outlooks = target_outlooks(view)
    if not outlooks:
        st.info("Ingen projektmål for de valgte steder.", icon=":material/info:")
    for number, item in enumerate(outlooks):
        outlook = item.outlook
        with st.container(border=True):
            st.markdown(f"**{plain_markdown(item.project)}**")
            chart_column, text_column = st.columns([3, 1])
            show_chart(target_chart(view, number), key=f"target_{item.target['target_id']}", where=chart_column)
            with text_column:
                measured = item.trajectory["quarter"].iloc[-1]
                st.metric("Nu" if measured == quarter else f"I {quarter_label(measured)}", shown(item.latest),
                          help=f"Målt i {quarter_label(measured)}")
                if item.latest_part is not None:
                    st.caption(plain_markdown("Heraf " + format_part(item.latest_part, item.target["part_label"],
                                                                     view.hidden(item.latest_part))))
                if item.waiting_for:
                    st.info(plain_markdown(f"{quarter_label(quarter)} mangler fra {' og '.join(item.waiting_for)}: "
                                           "ingen vurdering, før alle har indberettet."), icon=":material/schedule:")
                    continue
                if outlook is None:
                    st.info("Delmålet følges uden måltal.", icon=":material/visibility:")
                    continue
                st.metric("Mål", format_number(item.target["target_value"]))
                if item.part_goal is not None:
                    st.caption(plain_markdown("Heraf-mål: " + format_part(item.part_goal, item.target["part_label"])))
                deadline_passed = outlook.deadline_quarter <= quarter
                if outlook.value is not None:
                    when = "Ved fristen" if deadline_passed else "Forventet"
                    st.metric(f"{when} {quarter_label(outlook.deadline_quarter)}",
                              SUPPRESSED if view.hidden(outlook.value) else format_number(outlook.value))
                if outlook.verdict in (ON_TRACK, AT_RISK) and quarter_end(quarter) < item.deadline.date():
                    st.caption(f"95 %-interval: {format_number(outlook.low)} til {format_number(outlook.high)}")
                if outlook.verdict == TOO_EARLY:
                    st.caption(TOO_EARLY_NOTE)
                {REACHED: st.success, ON_TRACK: st.success, TOO_EARLY: st.info, AT_RISK: st.warning,
                 NOT_REACHED: st.error}[outlook.verdict](outlook.verdict.capitalize(),
                                                         icon=VERDICT_ICONS[outlook.verdict])


tabs = section_tabs(view, SECTIONS)
show_tabs({ALL_TARGETS_TAB: tabs[ALL_TARGETS_TAB], EACH_TARGET_TAB: each_target,
           PERSON_GOALS_TAB: tabs[PERSON_GOALS_TAB]})
