"""Resultater: what has happened to the people, by category, from entry to now, and after the course."""

import plotly.graph_objects as go
import streamlit as st

from data_access.vocabulary import CATEGORY_GROUPS
from metrics.disclosure import long_table_mask, series_mask, share_hidden
from metrics.outcomes import categories_by_quarter, status_flow
from metrics.quarters import quarter_label
from ui.charts import CATEGORY_GROUP_COLOURS, NEUTRAL_GREY, OKABE_ITO, apply_layout, stacked_bars, translucent
from ui.context import show_commentary, start_page
from ui.format import format_count, format_number, format_share
from ui.topics.outcomes import completed_courses_chart, follow_up_chart, largest_group_title, small_job_chart
from ui.topics.overview import outcome_groups, outcome_groups_chart

view = start_page("pages/resultater.py", "Resultater", needs="statuses")
quarter, frames = view.quarter, view.frames
show_commentary(view, "resultater")

st.subheader("Status pr. kvartal")
# The overview publishes job + education as one figure: that subtotal is a line for suppression too.
groups = outcome_groups(view)
st.plotly_chart(outcome_groups_chart(groups, largest_group_title(view, groups)), key="groups")

present = [code for code in CATEGORY_GROUPS if groups.loc[groups["group_code"] == code, "persons"].sum() > 0]
chosen = st.selectbox("Se kategorierne i en gruppe", present, format_func=CATEGORY_GROUPS.get, key="outcome_group")
hidden_group = set(groups.loc[(groups["group_code"] == chosen) & groups["hidden"], "quarter"])
categories = view.compute(categories_by_quarter, view.quarters, chosen)
# A quarter whose group total is hidden may show none of its categories.
categories["hidden"] = (long_table_mask(categories, "quarter", "category_code", "persons")
                        | categories["quarter"].isin(hidden_group)) if view.external else False
categories["shown"] = categories["persons"].where(~categories["hidden"], 0)
categories["quarter_label"] = categories["quarter"].map(quarter_label)
categories["hover"] = [format_share(n, t, hidden=h) for n, t, h in
                       zip(categories["persons"], categories["group_total"], categories["hidden"], strict=True)]
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
completed = completed_courses_chart(view)
if completed is None:
    st.write("Ingen afsluttede forløb endnu.")
else:
    st.plotly_chart(completed, key="completed")

st.subheader("6 måneder efter")
follow_up, few_followed = follow_up_chart(view)
if follow_up is None:
    st.write("Ingen opfølgninger 6 måneder efter afslutning endnu.")
else:
    st.plotly_chart(follow_up, key="follow_up")
    if few_followed:
        st.caption(few_followed)

st.subheader("Småjob: timer pr. uge")
small_jobs = small_job_chart(view)
if small_jobs is None:
    st.write(f"Ingen i småjob i {quarter_label(quarter)}.")
else:
    st.plotly_chart(small_jobs, key="small_job_hours")
