"""Resultater: what has happened to the people, by category, from entry to now, and after the course."""

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from data_access.vocabulary import CATEGORY_GROUPS, JOB_OR_EDUCATION_GROUPS
from metrics.disclosure import long_table_mask, series_mask, share_hidden
from metrics.outcomes import (
    categories_by_quarter,
    completed_courses,
    follow_up_in_job_or_education,
    small_job_hours,
    status_flow,
)
from metrics.overview import outcomes_by_quarter
from metrics.quarters import quarter_label
from metrics.staff import wilson_interval
from ui.charts import CATEGORY_GROUP_COLOURS, NEUTRAL_GREY, OKABE_ITO, apply_layout, bars, stacked_bars, translucent
from ui.context import start_page
from ui.format import SUPPRESSED, format_count, format_number, format_percent, format_share

view = start_page("pages/resultater.py", "Resultater", needs="statuses")
quarter, frames = view.quarter, view.frames


def counts_with_hover(data: pd.DataFrame, line: str, cell: str, total: str, subtotals=(),
                      hidden_lines: set | None = None) -> pd.DataFrame:
    """Shown counts and Danish hover text, with small cells suppressed outside the project group.

    ``hidden_lines``: lines whose total is hidden elsewhere, so none of their cells may show.
    """
    data = data.copy()
    data["hidden"] = long_table_mask(data, line, cell, "persons", subtotals) if view.external else False
    if view.external and hidden_lines:
        data["hidden"] = data["hidden"] | data[line].isin(hidden_lines)
    data["shown"] = data["persons"].where(~data["hidden"], 0)
    data["quarter_label"] = data["quarter"].map(quarter_label)
    data["hover"] = [format_share(n, t, hidden=h) for n, t, h in zip(data["persons"], data[total], data["hidden"],
                                                                      strict=True)]
    return data


st.subheader("Status pr. kvartal")
# The overview publishes job + education as one figure: that subtotal is a line for suppression too.
all_quarters = view.compute(outcomes_by_quarter)
groups = counts_with_hover(all_quarters[all_quarters["quarter"].isin(view.quarters)], "quarter", "group_code",
                           "quarter_total", subtotals=(JOB_OR_EDUCATION_GROUPS,))
now = groups[groups["quarter"] == quarter].set_index("group_code")
largest = now[~now["hidden"]]["persons"].drop("in_progress", errors="ignore")
title = "Status ved kvartalets udgang"
if len(largest) and largest.max() > 0:
    top = largest.idxmax()
    title = (f"Største gruppe uden for 'i forløb' i {quarter_label(quarter)}: {CATEGORY_GROUPS[top].lower()} "
             f"({format_share(now.loc[top, 'persons'], now.loc[top, 'quarter_total'], 0)})")
st.plotly_chart(stacked_bars(groups, x="quarter_label", series="group_code", value="shown", hover="hover",
                             presence="persons", series_labels=CATEGORY_GROUPS, series_colours=CATEGORY_GROUP_COLOURS,
                             title=title, x_title="Kvartal", y_title="Borgere (voksne og unge)"), key="groups")

present = [code for code in CATEGORY_GROUPS if groups.loc[groups["group_code"] == code, "persons"].sum() > 0]
chosen = st.selectbox("Se kategorierne i en gruppe", present, format_func=CATEGORY_GROUPS.get, key="outcome_group")
hidden_group = set(groups.loc[(groups["group_code"] == chosen) & groups["hidden"], "quarter"])
categories = counts_with_hover(view.compute(categories_by_quarter, view.quarters, chosen), "quarter", "category_code",
                               "group_total", hidden_lines=hidden_group)
labels = dict(zip(frames.categories["category_code"], frames.categories["category_label"], strict=True))
category_labels = {code: labels[code] for code in categories["category_code"].unique()}
st.plotly_chart(stacked_bars(categories, x="quarter_label", series="category_code", value="shown", hover="hover",
                             presence="persons", series_labels=category_labels,
                             series_colours=dict(zip(category_labels, OKABE_ITO, strict=False)),
                             title=f"{CATEGORY_GROUPS[chosen]}: kategorier pr. kvartal", x_title="Kvartal",
                             y_title="Borgere"), key="categories")

st.subheader("Fra start til nu")
flow = view.compute(status_flow, quarter)
if flow.empty:
    st.write("Ingen borgere har en status endnu.")
else:
    flow["hidden"] = series_mask(flow["persons"]) if view.external else False
    total = int(flow["persons"].sum())
    moved = int(flow[(flow["from_group"] == "in_progress") & flow["to_group"].isin(["job", "education"])]
                ["persons"].sum())
    started = int(flow[flow["from_group"] == "in_progress"]["persons"].sum())
    hidden_moved = view.external and share_hidden(moved, started)
    title = (f"{format_count(moved, hidden_moved)} af {format_count(started, view.external and started < 5)} "
             f"der startede 'i forløb', er nu i job eller uddannelse")
    nodes = [f"Ved start: {CATEGORY_GROUPS[g]}" for g in CATEGORY_GROUPS] + \
            [f"Nu: {CATEGORY_GROUPS[g]}" for g in CATEGORY_GROUPS]
    index = {code: number for number, code in enumerate(CATEGORY_GROUPS)}
    shown = flow[~flow["hidden"]]
    sankey = go.Figure(go.Sankey(
        node={"label": nodes, "pad": 14, "thickness": 18,
              "color": [CATEGORY_GROUP_COLOURS.get(g, NEUTRAL_GREY) for g in CATEGORY_GROUPS] * 2},
        link={"source": [index[g] for g in shown["from_group"]],
              "target": [len(CATEGORY_GROUPS) + index[g] for g in shown["to_group"]],
              "value": shown["persons"].tolist(),
              "color": [translucent(CATEGORY_GROUP_COLOURS.get(g, NEUTRAL_GREY)) for g in shown["to_group"]],
              "customdata": [f"{CATEGORY_GROUPS[a]} → {CATEGORY_GROUPS[b]}: {format_number(n)} borgere"
                             for a, b, n in zip(shown["from_group"], shown["to_group"], shown["persons"],
                                                strict=True)],
              "hovertemplate": "%{customdata}<extra></extra>"},
    ))
    apply_layout(sankey, title)
    sankey.update_layout(height=520)
    st.plotly_chart(sankey, key="flow")
    note = f"{format_number(total)} borgere med mindst én status til og med {quarter_label(quarter)}."
    if view.external and flow["hidden"].any():
        note += " Strømme med under 5 borgere (og den mindste strøm ved siden af) er skjult."
    st.caption(note)

st.subheader("Afsluttede forløb")
courses = view.compute(completed_courses, quarter)
total = int(courses["total"].iloc[0]) if len(courses) else 0
if total == 0:
    st.write("Ingen afsluttede forløb endnu.")
else:
    courses["hidden"] = series_mask(courses["persons"]) if view.external else False
    courses["shown"] = courses["share"].where(~courses["hidden"], 0)
    courses["hover"] = [format_share(n, total, hidden=h)
                        for n, h in zip(courses["persons"], courses["hidden"], strict=True)]
    parts = [f"{SUPPRESSED if h else format_percent(s, 0)} {word}" for s, h, word in zip(
        courses["share"], courses["hidden"], ["job", "uddannelse m.m.", "førtidspension", "andet"], strict=True)]
    title = f"{format_count(total, view.external and total < 5)} afsluttede forløb: " + ", ".join(parts)
    st.plotly_chart(bars(courses.iloc[::-1], x="label", y="shown", hover="hover", horizontal=True,
                         title=title, x_title="", y_title=f"Andel af {format_number(total)} afsluttede forløb",
                         percent=True, colour=OKABE_ITO[0]), key="completed")
st.subheader("6 måneder efter")
in_activity, followed = view.compute(follow_up_in_job_or_education, quarter)
benchmarks = frames.benchmarks.set_index("indicator_key")
if followed == 0:
    st.write("Ingen opfølgninger 6 måneder efter afslutning endnu.")
else:
    hidden = view.external and share_hidden(in_activity, followed)
    low, high = wilson_interval(in_activity, followed)
    share = in_activity / followed
    figure = go.Figure(go.Bar(
        x=["Projektet"], y=[None if hidden else share], marker_color=OKABE_ITO[0],
        error_y=None if hidden else {"type": "data", "symmetric": False, "array": [high - share],
                                     "arrayminus": [share - low], "color": "#555555"},
        customdata=[[format_share(in_activity, followed, hidden=hidden)]],
        hovertemplate="%{customdata[0]}<extra></extra>",
    ))
    title = f"{format_share(in_activity, followed, 0, hidden=hidden)} i job eller uddannelse 6 mdr. efter"
    if "job_or_education_6m" in benchmarks.index:
        benchmark = benchmarks.loc["job_or_education_6m"]
        national = f"Landstal {format_percent(benchmark['value'], 0)} ({benchmark['period']})"
        figure.add_hline(y=benchmark["value"], line_dash="dash", line_color=OKABE_ITO[5], annotation_text=national)
    apply_layout(figure, title, "", "Andel (95 %-interval)")
    figure.update_yaxes(tickformat=".0%", range=[0, 1])
    st.plotly_chart(figure, key="follow_up")
    if followed < 30:
        st.caption(f"Kun {format_count(followed, view.external and followed < 5)} borgere er fulgt op: "
                   "intervallet er bredt, og forskellen til landstallet er usikker.")

st.subheader("Småjob: timer pr. uge")
hours = view.compute(small_job_hours, quarter)
if hours.empty:
    st.write(f"Ingen i småjob i {quarter_label(quarter)}.")
else:
    distribution = hours["hours_now"].round().astype(int).value_counts().sort_index()
    histogram = pd.DataFrame({"hours": distribution.index, "persons": distribution.to_numpy()})
    histogram["hidden"] = series_mask(histogram["persons"]) if view.external else False
    histogram["shown"] = histogram["persons"].where(~histogram["hidden"], 0)
    histogram["hover"] = [f"{h} timer: {format_count(n, hidden)} borgere"
                          for h, n, hidden in zip(histogram["hours"], histogram["persons"], histogram["hidden"],
                                                  strict=True)]
    grown = int((hours["change"] > 0).sum())
    n = len(hours)
    title = (f"{format_count(n, view.external and n < 5)} i småjob: median {format_number(hours['hours_now'].median())}"
             f" timer/uge; {format_count(grown, view.external and 0 < grown < 5)} har flere timer end ved start")
    st.plotly_chart(bars(histogram, x="hours", y="shown", hover="hover", title=title, x_title="Timer pr. uge",
                         y_title="Borgere", colour=CATEGORY_GROUP_COLOURS["job"]), key="small_job_hours")
