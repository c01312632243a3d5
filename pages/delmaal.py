"""Delmål: are the project's sub-goals being met, and will they be by the deadline?"""

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from data_access.vocabulary import GOAL_AREAS, GOAL_STATUSES
from metrics.disclosure import suppression_mask
from metrics.quarters import quarter_end, quarter_label, quarter_range
from metrics.subgoals import (
    AT_RISK,
    NOT_REACHED,
    ON_TRACK,
    REACHED,
    forecast,
    goals_by_area,
    median_days_to_achieve,
    person_goals,
    target_trajectory,
)
from ui.charts import OKABE_ITO, apply_layout, translucent
from ui.context import start_page
from ui.format import SUPPRESSED, format_count, format_date, format_number

VERDICT_ICONS = {REACHED: ":material/check_circle:", ON_TRACK: ":material/trending_up:",
                 AT_RISK: ":material/warning:", NOT_REACHED: ":material/cancel:"}
VERDICT_COLOURS = {REACHED: OKABE_ITO[2], ON_TRACK: OKABE_ITO[2], AT_RISK: OKABE_ITO[1], NOT_REACHED: OKABE_ITO[5]}

view = start_page("pages/delmaal.py", "Delmål")
quarter, frames = view.quarter, view.frames


def shown(value: float | None) -> str:
    return format_count(value, view.external and value is not None and 0 < value < 5)


st.subheader("Projektmål")
if view.target_group_labels:
    st.caption("Projektmålene gælder hele projektet; målgruppefilteret bruges ikke her.")
targets = frames.project_targets
if targets.empty:
    st.write("Der er ingen projektmål for de valgte steder.")
for target in targets.itertuples(index=False):
    series = pd.Series(target._asdict())
    deadline = pd.Timestamp(target.deadline)
    # Targets count everybody in the project, whatever the target group filter says.
    quarters = [q for q in view.frames_all_groups.quarters() if q <= quarter]
    trajectory = view.compute(target_trajectory, series, quarters, all_groups=True)
    outlook = forecast(trajectory, target.target_value, deadline)
    latest = trajectory["actual"].iloc[-1]
    project = frames.sites.loc[frames.sites["project_id"] == target.project_id, "project_name"].iloc[0]
    heading = (f"{outlook.verdict.capitalize()}: {target.label} inden {format_date(deadline.date())} "
               f"({shown(latest)} nu)")
    figure = go.Figure()
    labels = trajectory["quarter"].map(quarter_label)
    figure.add_scatter(x=labels, y=[None if view.external and v is not None and 0 < v < 5 else v
                                    for v in trajectory["actual"]],
                       mode="lines+markers", name="Faktisk", line={"color": OKABE_ITO[0], "width": 3},
                       hovertemplate="%{x}: %{y:,.0f}<extra>Faktisk</extra>")
    future = quarter_range(quarter, outlook.deadline_quarter) if outlook.deadline_quarter > quarter else []
    path_quarters = [trajectory["quarter"].iloc[0]] + [outlook.deadline_quarter]
    figure.add_scatter(x=[quarter_label(q) for q in path_quarters],
                       y=[trajectory["actual"].iloc[0], target.target_value], mode="lines",
                       name="Lige vej til målet", line={"color": "#7F7F7F", "dash": "dot"},
                       hovertemplate="%{x}: %{y:,.0f}<extra>Lige vej</extra>")
    if future:
        steps = len(future) - 1
        future_labels = [quarter_label(q) for q in future]
        expected = [latest + (outlook.value - latest) * i / steps for i in range(len(future))] if steps else [latest]
        low = [latest + (outlook.low - latest) * i / steps for i in range(len(future))] if steps else [latest]
        high = [latest + (outlook.high - latest) * i / steps for i in range(len(future))] if steps else [latest]
        figure.add_scatter(x=future_labels + future_labels[::-1], y=high + low[::-1], fill="toself", mode="lines",
                           fillcolor=translucent(OKABE_ITO[1], 0.2), line={"width": 0}, name="Usikkerhed (95 %)",
                           hoverinfo="skip")
        figure.add_scatter(x=future_labels, y=expected, mode="lines", name="Prognose i nuværende tempo",
                           line={"color": OKABE_ITO[1], "dash": "dash"},
                           hovertemplate="%{x}: %{y:,.0f}<extra>Prognose</extra>")
    figure.add_hline(y=target.target_value, line_color=VERDICT_COLOURS[outlook.verdict],
                     annotation_text=f"Mål: {format_number(target.target_value)}")
    apply_layout(figure, heading, "Kvartal", "")
    figure.update_layout(height=380)
    with st.container(border=True):
        st.markdown(f"**{project}**")
        chart_column, text_column = st.columns([3, 1])
        chart_column.plotly_chart(figure, key=f"target_{target.target_id}")
        with text_column:
            st.metric("Nu", shown(latest), help=f"Målt i {quarter_label(quarter)}")
            st.metric("Mål", format_number(target.target_value))
            deadline_passed = outlook.deadline_quarter <= quarter
            st.metric(f"{'Ved fristen' if deadline_passed else 'Forventet'} {quarter_label(outlook.deadline_quarter)}",
                      SUPPRESSED if view.external and 0 < outlook.value < 5 else format_number(outlook.value))
            if outlook.verdict in (ON_TRACK, AT_RISK) and quarter_end(quarter) < deadline.date():
                st.caption(f"95 %-interval: {format_number(outlook.low)} til {format_number(outlook.high)}")
            icon = VERDICT_ICONS[outlook.verdict]
            {REACHED: st.success, ON_TRACK: st.success, AT_RISK: st.warning, NOT_REACHED: st.error}[
                outlook.verdict](outlook.verdict.capitalize(), icon=icon)

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
