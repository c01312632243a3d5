"""Medarbejderkombinationer: which interdisciplinary pairs work with which families, and with what results."""

import pandas as pd
import streamlit as st

from metrics.quarters import quarter_label
from metrics.registry import INDICATORS
from metrics.staff import caseload, staff_pairs
from ui.charts import OKABE_ITO, bars
from ui.context import show_commentary, start_page
from ui.format import format_count, format_number, format_percent, format_share
from ui.topics.staff import pair_results, pair_results_chart, profession_matrix_chart, staff_label
from ui.widgets import show_table

view = start_page("pages/medarbejderkombinationer.py", "Medarbejderkombinationer", needs="assignments")
quarter = view.quarter
show_commentary(view, "medarbejderkombinationer")

pairs = view.compute(staff_pairs, quarter)
load = view.compute(caseload, quarter)
families = pairs[["site_id", "family_key"]].drop_duplicates()
first, second, third = st.columns(3)
distinct = INDICATORS["distinct_staff_pairs"]
first.metric(f"{distinct.label} i alt", format_number(view.compute(distinct.compute, quarter).value), border=True,
             help=distinct.definition)
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
    st.plotly_chart(profession_matrix_chart(view), key="profession_matrix")
with right:
    load["label"] = [staff_label(view, site, key, profession) for site, key, profession
                     in zip(load["site_id"], load["staff_key"], load["profession"], strict=True)]
    load["hidden"] = [view.hidden(count) for count in load["families"]]
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
outcomes, finding, overall = pair_results(view)
if outcomes["hidden"].all():
    st.info("Alle makkerpar har under 5 familier (eller under 5 i job eller uddannelse), så intet par kan vises "
            "uden for projektgruppen.", icon=":material/visibility_off:")
else:
    st.plotly_chart(pair_results_chart(view, outcomes, finding, overall), key="pair_outcomes")
if view.external and outcomes["hidden"].any():
    st.caption(f"{format_number(int(outcomes['hidden'].sum()))} makkerpar med under 5 familier (eller under 5 i "
               "job eller uddannelse) er skjult.")
show_table(pd.DataFrame({
    "Makkerpar": outcomes["pair"],
    "Familier (n)": [format_count(n, h) for n, h in zip(outcomes["families"], outcomes["hidden"], strict=True)],
    f"Aktive i {quarter_label(quarter)}": [format_count(n, view.hidden(n)) for n in outcomes["in_quarter"]],
    "Med job eller uddannelse": [format_share(x, n, hidden=h) for x, n, h in zip(
        outcomes["with_job_or_education"], outcomes["families"], outcomes["hidden"], strict=True)],
    "95 %-interval": ["skjult" if h else f"{format_percent(low, 0)} til {format_percent(high, 0)}"
                      for low, high, h in zip(outcomes["low"], outcomes["high"], outcomes["hidden"], strict=True)],
}), "makkerpar")
st.caption(
    f"{format_number(len(families))} familier har haft et makkerpar til og med {quarter_label(quarter)}. "
    "En familie, der har skiftet par, tæller med hos begge par."
)
