"""Delmål: are the project's sub-goals being met, and will they be by the deadline?"""

import plotly.graph_objects as go
import streamlit as st

from data_access.vocabulary import GOAL_AREAS, GOAL_STATUSES
from metrics.disclosure import suppression_mask
from metrics.quarters import quarter_end, quarter_label
from metrics.subgoals import (
    AT_RISK,
    NOT_REACHED,
    ON_TRACK,
    REACHED,
    goals_by_area,
    median_days_to_achieve,
    person_goals,
)
from ui.charts import OKABE_ITO, apply_layout
from ui.context import show_commentary, start_page
from ui.format import SUPPRESSED, format_count, format_number
from ui.topics.subgoals import target_chart, target_outlooks, targets_overview_chart

VERDICT_ICONS = {REACHED: ":material/check_circle:", ON_TRACK: ":material/trending_up:",
                 AT_RISK: ":material/warning:", NOT_REACHED: ":material/cancel:"}

view = start_page("pages/delmaal.py", "Delmål")
quarter = view.quarter
show_commentary(view, "delmaal")


def shown(value: float | None) -> str:
    return format_count(value, view.hidden(value))


st.subheader("Projektmål")
if view.target_group_labels:
    st.caption("Projektmålene gælder hele projektet; målgruppefilteret bruges ikke her.")
outlooks = target_outlooks(view)
if not outlooks:
    st.write("Der er ingen projektmål for de valgte steder.")
else:
    st.plotly_chart(targets_overview_chart(view, outlooks), key="targets_overview")
for item in outlooks:
    outlook = item.outlook
    with st.container(border=True):
        st.markdown(f"**{item.project}**")
        chart_column, text_column = st.columns([3, 1])
        chart_column.plotly_chart(target_chart(view, item), key=f"target_{item.target['target_id']}")
        with text_column:
            st.metric("Nu", shown(item.latest), help=f"Målt i {quarter_label(quarter)}")
            st.metric("Mål", format_number(item.target["target_value"]))
            deadline_passed = outlook.deadline_quarter <= quarter
            st.metric(f"{'Ved fristen' if deadline_passed else 'Forventet'} {quarter_label(outlook.deadline_quarter)}",
                      SUPPRESSED if view.external and 0 < outlook.value < 5 else format_number(outlook.value))
            if outlook.verdict in (ON_TRACK, AT_RISK) and quarter_end(quarter) < item.deadline.date():
                st.caption(f"95 %-interval: {format_number(outlook.low)} til {format_number(outlook.high)}")
            {REACHED: st.success, ON_TRACK: st.success, AT_RISK: st.warning, NOT_REACHED: st.error}[
                outlook.verdict](outlook.verdict.capitalize(), icon=VERDICT_ICONS[outlook.verdict])

st.subheader("Borgernes egne delmål")
goals = view.compute(person_goals, quarter)
if goals.empty:
    st.write("Ingen delmål med borgerne for det valgte.")
    st.stop()
table = goals_by_area(goals)
hidden = suppression_mask(table, rows_have_totals=True) if view.external else table.astype(bool) & False
median_days, achieved = median_days_to_achieve(goals)
left, middle, right = st.columns(3)
total = len(goals)
left.metric("Delmål i alt", format_count(total, view.external and total < 5), border=True)
done = int(table["achieved"].sum())
middle.metric("Nået", format_count(done, view.external and 0 < done < 5), border=True)
middle.caption(f"{format_number(100 * done / total, 0)} % af alle delmål" if total and not
               (view.external and 0 < done < 5) else "")
right.metric("Median tid til et nået delmål",
             "–" if median_days is None or (view.external and achieved < 5)
             else f"{format_number(median_days / 30.4, 1)} mdr.", border=True)
right.caption(f"n = {format_count(achieved, view.external and 0 < achieved < 5)} nåede delmål")
figure = go.Figure()
areas = [GOAL_AREAS.get(area, area) for area in table.index]
for status, colour in zip(["achieved", "in_progress", "set", "abandoned"],
                          [OKABE_ITO[2], OKABE_ITO[0], OKABE_ITO[4], OKABE_ITO[5]], strict=True):
    values = table[status].where(~hidden[status], 0)
    texts = [SUPPRESSED if h else format_number(v) for v, h in zip(table[status], hidden[status], strict=True)]
    figure.add_bar(y=areas, x=values, name=GOAL_STATUSES[status], orientation="h", marker_color=colour,
                   customdata=[[t] for t in texts],
                   hovertemplate="%{y}: %{customdata[0]} " + GOAL_STATUSES[status].lower() + "<extra></extra>")
top_area = table["achieved"].where(~hidden["achieved"], 0).idxmax()
apply_layout(figure, f"Flest nåede delmål inden for {GOAL_AREAS.get(top_area, top_area).lower()}", "Delmål", "")
figure.update_layout(barmode="stack", height=420)
figure.update_yaxes(tickformat=None, autorange="reversed")
st.plotly_chart(figure, key="person_goals")
