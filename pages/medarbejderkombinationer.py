"""Medarbejderkombinationer: which interdisciplinary pairs work with which families, and with what results."""

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from data_access.vocabulary import PROFESSIONS
from metrics.disclosure import share_hidden, suppression_mask
from metrics.quarters import quarter_label
from metrics.staff import (
    caseload,
    overall_family_share,
    pair_outcomes,
    pairs_standing_out,
    profession_matrix,
    staff_pairs,
)
from ui.charts import OKABE_ITO, apply_layout, bars
from ui.context import start_page
from ui.format import SUPPRESSED, format_count, format_number, format_percent, format_share

view = start_page("pages/medarbejderkombinationer.py", "Medarbejderkombinationer", needs="assignments")
quarter, frames = view.quarter, view.frames
site_names = frames.sites.set_index("site_id")["site_name"]
several_sites = frames.sites["site_id"].nunique() > 1


def staff_label(site_id: int, key: str, profession: str) -> str:
    # Staff keys are per site: with several sites the site is part of the name.
    name = f"{key} {PROFESSIONS.get(profession, profession).lower()}"
    return f"{site_names[site_id]}: {name}" if several_sites else name


pairs = view.compute(staff_pairs, quarter)
distinct = pairs[["site_id", "staff_a", "staff_b"]].drop_duplicates()
load = view.compute(caseload, quarter)
families = pairs[["site_id", "family_key"]].drop_duplicates()
first, second, third = st.columns(3)
first.metric("Forskellige makkerpar i alt", format_number(len(distinct)), border=True,
             help="To medarbejdere, der har arbejdet med samme familie på samme tid, til og med kvartalet.")
first.caption(f"{format_number(int(pairs['in_quarter'].sum()))} familie-par aktive i {quarter_label(quarter)}")
second.metric("Medarbejdere", format_number(len(load)), border=True)
second.caption(f"{format_number(load['profession'].nunique())} fagligheder")
active_load = load[load["families"] > 0]["families"]
third.metric(f"Familier pr. medarbejder i {quarter_label(quarter)}",
             format_number(active_load.mean(), 1) if len(active_load) else "–", border=True)
third.caption(f"fra {format_count(active_load.min(), view.external and active_load.min() < 5)} til "
              f"{format_count(active_load.max(), view.external and active_load.max() < 5)}"
              if len(active_load) else "")

left, right = st.columns(2)
with left:
    matrix = view.compute(profession_matrix, quarter)
    labels = [PROFESSIONS.get(name, name) for name in matrix.index]
    hidden = suppression_mask(matrix, True, True) if view.external else matrix.astype(bool) & False
    text = [[SUPPRESSED if hidden.iloc[i, j] else format_number(matrix.iloc[i, j]) for j in range(len(matrix))]
            for i in range(len(matrix))]
    shown = matrix.where(~hidden)
    top = matrix.where(~hidden).stack().idxmax() if shown.notna().any().any() else None
    title = "Familier pr. kombination af fagligheder"
    if top is not None:
        title = (f"Flest familier: {PROFESSIONS[top[0]].lower()} + {PROFESSIONS[top[1]].lower()} "
                 f"({format_number(matrix.loc[top])})")
    heatmap = go.Figure(go.Heatmap(
        z=shown.to_numpy(), x=labels, y=labels, text=text, texttemplate="%{text}", colorscale="Blues",
        hovertemplate="%{y} + %{x}: %{text} familier<extra></extra>", showscale=False,
    ))
    apply_layout(heatmap, title)
    heatmap.update_yaxes(autorange="reversed", tickformat=None)
    heatmap.update_layout(height=480)
    st.plotly_chart(heatmap, key="profession_matrix")
with right:
    load["label"] = [staff_label(site, key, profession) for site, key, profession
                     in zip(load["site_id"], load["staff_key"], load["profession"], strict=True)]
    load["hidden"] = [view.external and 0 < count < 5 for count in load["families"]]
    load["shown"] = load["families"].where(~load["hidden"], 0)
    load["hover"] = [f"{label}: {format_count(count, hidden)} familier ({department})"
                     for label, count, hidden, department in zip(load["label"], load["families"], load["hidden"],
                                                                 load["department"], strict=True)]
    chart = bars(load.iloc[::-1], x="label", y="shown", hover="hover", horizontal=True,
                 title=f"Familier pr. medarbejder i {quarter_label(quarter)}", x_title="Medarbejder",
                 y_title="Familier", colour=OKABE_ITO[2])
    chart.update_layout(height=max(480, 22 * len(load) + 120))
    st.plotly_chart(chart, key="caseload")

st.subheader("Resultater pr. makkerpar")
st.warning(
    "Små tal afgør intet. Et makkerpar med 3 familier kan ligne en succes eller en fiasko ved et tilfælde; "
    "intervallet viser, hvor usikkert tallet er. Familierne er heller ikke fordelt tilfældigt mellem parrene.",
    icon=":material/warning:",
)
outcomes = view.compute(pair_outcomes, quarter)
outcomes["pair"] = [
    staff_label(site, a, pa) + f" + {b} {PROFESSIONS.get(pb, pb).lower()}"
    for site, a, b, pa, pb in zip(outcomes["site_id"], outcomes["staff_a"], outcomes["staff_b"],
                                  outcomes["profession_a"], outcomes["profession_b"], strict=True)
]
outcomes["hidden"] = [view.external and (n < 5 or share_hidden(x, n))
                      for x, n in zip(outcomes["with_job_or_education"], outcomes["families"], strict=True)]
shown = outcomes[~outcomes["hidden"]].sort_values("share")
figure = go.Figure(go.Scatter(
    x=shown["share"], y=shown["pair"], mode="markers", marker={"size": 11, "color": OKABE_ITO[0]},
    error_x={"type": "data", "symmetric": False, "array": shown["high"] - shown["share"],
             "arrayminus": shown["share"] - shown["low"], "color": "#7F7F7F"},
    customdata=[[format_share(x, n), format_percent(low, 0), format_percent(high, 0)]
                for x, n, low, high in zip(shown["with_job_or_education"], shown["families"], shown["low"],
                                           shown["high"], strict=True)],
    hovertemplate="%{y}<br>%{customdata[0]} familier<br>95 %-interval: %{customdata[1]} til %{customdata[2]}"
                  "<extra></extra>",
))
successes, total = view.compute(overall_family_share, quarter)
overall = successes / total if total else 0.0
above, below = pairs_standing_out(outcomes, overall)
if above == below == 0:
    finding = f"Intet makkerpar skiller sig sikkert ud fra gennemsnittet på {format_percent(overall, 0)}"
else:
    finding = (f"{format_number(above)} makkerpar ligger sikkert over og {format_number(below)} sikkert under "
               f"gennemsnittet på {format_percent(overall, 0)}")
figure.add_vline(x=overall, line_dash="dash", line_color=OKABE_ITO[5],
                 annotation_text=f"Alle familier: {format_percent(overall, 0)}", annotation_position="top")
apply_layout(figure, finding, f"Andel af parrets familier med en voksen eller ung i job eller uddannelse, "
                              f"{quarter_label(quarter)} (95 %-interval)", "")
figure.update_xaxes(tickformat=".0%", range=[0, 1])
figure.update_yaxes(tickformat=None)
figure.update_layout(height=max(360, 24 * len(shown) + 120))
if shown.empty:
    st.info("Alle makkerpar har under 5 familier (eller under 5 i job eller uddannelse), så intet par kan vises "
            "uden for projektgruppen.", icon=":material/visibility_off:")
else:
    st.plotly_chart(figure, key="pair_outcomes")
if view.external and outcomes["hidden"].any():
    st.caption(f"{format_number(int(outcomes['hidden'].sum()))} makkerpar med under 5 familier (eller under 5 i "
               "job eller uddannelse) er skjult.")
st.dataframe(pd.DataFrame({
    "Makkerpar": outcomes["pair"],
    "Familier (n)": [format_count(n, h) for n, h in zip(outcomes["families"], outcomes["hidden"], strict=True)],
    f"Aktive i {quarter_label(quarter)}": [format_count(n, view.external and 0 < n < 5)
                                           for n in outcomes["in_quarter"]],
    "Med job eller uddannelse": [format_share(x, n, hidden=h) for x, n, h in zip(
        outcomes["with_job_or_education"], outcomes["families"], outcomes["hidden"], strict=True)],
    "95 %-interval": ["skjult" if h else f"{format_percent(low, 0)} til {format_percent(high, 0)}"
                      for low, high, h in zip(outcomes["low"], outcomes["high"], outcomes["hidden"], strict=True)],
}), hide_index=True)
st.caption(
    f"{format_number(len(families))} familier har haft et makkerpar til og med {quarter_label(quarter)}. "
    "En familie, der har skiftet par, tæller med hos begge par."
)
