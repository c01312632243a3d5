"""Overblik: the state of the project at a glance for the chosen quarter."""

import pandas as pd
import streamlit as st

from data_access.vocabulary import CATEGORY_GROUPS, JOB_OR_EDUCATION_GROUPS
from metrics.disclosure import long_table_mask, share_hidden
from metrics.overview import category_alerts, key_figures, outcomes_by_quarter
from metrics.quarters import previous_quarter, quarter_label
from metrics.registry import INDICATORS, project_target_status
from ui.charts import CATEGORY_GROUP_COLOURS, stacked_bars
from ui.context import start_page
from ui.format import SUPPRESSED, format_count, format_date, format_number, format_share, format_signed

# Counts that rise and fall with intake are not good or bad in themselves.
NEUTRAL_CHANGE = {"active_persons", "active_families"}

view = start_page("pages/overblik.py", "Overblik")
quarter, frames = view.quarter, view.frames
before = quarter_label(previous_quarter(quarter))
before_available = previous_quarter(quarter) in frames.quarters()

figures = view.compute(key_figures, quarter)
# Project targets concern the whole project, whatever the target-group filter says.
whole_project = view.compute(key_figures, quarter, ("subgoals_met",), all_groups=True).set_index("key")
figures = figures.set_index("key")
figures.loc["subgoals_met"] = whole_project.loc["subgoals_met"]
figures = figures.reset_index()
# Three to a row stays readable on a 1280 px meeting-room projector.
columns = [column for _ in range(0, len(figures), 3) for column in st.columns(3)]
for column, figure in zip(columns, figures.itertuples(index=False), strict=False):
    indicator = INDICATORS[figure.key]
    # Outside the project group a count of 1-4 persons (or a mean of fewer than 5) is not shown.
    if figure.unit == "points":
        hidden = view.external and (figure.denominator or 0) < 5
    else:
        hidden = view.external and figure.key != "subgoals_met" and 0 < (figure.value or 0) < 5
    previous_hidden = view.external and figure.unit == "count" and figure.key != "subgoals_met" and \
        0 < (figure.previous_value or 0) < 5
    if figure.key == "subgoals_met":
        value = f"{format_number(figure.value)} af {format_number(figure.denominator)}"
    elif hidden:
        value = SUPPRESSED
    elif figure.unit == "points":
        value = f"{format_signed(figure.value, figure.decimals)} point"
    else:
        value = format_number(figure.value, figure.decimals)
    if figure.key == "who5_mean_change":
        detail = f"n = {format_count(figure.denominator, hidden)} borgere med to målinger"
    elif figure.denominator is not None and not pd.isna(figure.denominator) and figure.key != "subgoals_met":
        share = format_share(figure.numerator, int(figure.denominator),
                             hidden=view.external and share_hidden(figure.numerator, figure.denominator))
        detail = f"{share} af voksne og unge med en status"
    else:
        detail = None
    definition = indicator.numerator + (f". Ud af: {indicator.denominator}." if indicator.denominator else ".")
    with column:
        st.metric(
            indicator.label,
            value,
            delta=None if pd.isna(figure.change) or hidden or previous_hidden
            else format_signed(figure.change, figure.decimals),
            delta_color="off" if figure.key in NEUTRAL_CHANGE else "normal",
            delta_description=f"siden {before}",
            help=definition,
            border=True,
        )
        if detail:
            st.caption(detail)

st.subheader("Siden sidste kvartal")
successes = view.compute(INDICATORS["newly_in_job_or_education"].compute, quarter)
alerts = view.compute(category_alerts, quarter)
success_column, alert_column = st.columns([1, 2])
with success_column:
    new = successes.value or 0
    hidden_new = view.external and 0 < new < 5
    st.metric("Nye i job eller uddannelse", format_count(new, hidden_new), border=True,
              help=INDICATORS["newly_in_job_or_education"].numerator)
    if new and not hidden_new:
        st.caption(f"{format_number(new)} borgere er kommet i job eller uddannelse i {quarter_label(quarter)}: "
                   "fortæl det videre.")
with alert_column:
    if not before_available:
        st.caption("Intet kvartal før det valgte at sammenligne med.")
    elif alerts.empty:
        st.caption(f"Ingen kategori har ændret sig markant siden {before}.")
    for alert in alerts.head(4).itertuples(index=False):
        hide = view.external and (0 < alert.before < 5 or 0 < alert.now < 5)
        verb = "steg" if alert.change > 0 else "faldt"
        text = (f"{alert.label} {verb} fra {format_count(alert.before, view.external and 0 < alert.before < 5)} "
                f"til {format_count(alert.now, view.external and 0 < alert.now < 5)}")
        if hide:
            text = f"{alert.label} {verb} markant"
        (st.success if alert.change > 0 else st.warning)(
            text, icon=":material/trending_up:" if alert.change > 0 else ":material/trending_down:")

outcomes = view.compute(outcomes_by_quarter)
outcomes = outcomes[outcomes["quarter"].isin(view.quarters)].copy()
# "In job or education" is published too: job + education is a subtotal that must not give a cell away.
outcomes["hidden"] = long_table_mask(outcomes, "quarter", "group_code", "persons",
                                     subtotals=(JOB_OR_EDUCATION_GROUPS,)) if view.external else False
outcomes["shown"] = outcomes["persons"].where(~outcomes["hidden"], 0)
outcomes["quarter_label"] = outcomes["quarter"].map(quarter_label)
outcomes["hover"] = [
    format_share(row.persons, row.quarter_total, hidden=row.hidden) for row in outcomes.itertuples(index=False)
]
job_or_education = figures.set_index("key").loc["in_job_or_education"]
change_text = ""
if not pd.isna(job_or_education.change):
    change = int(job_or_education.change)
    change_text = f", {format_signed(change)} siden {before}" if change else f", uændret siden {before}"
count = job_or_education.value
if view.external and (0 < count < 5 or 0 < (job_or_education.previous_value or 0) < 5):
    change_text = ""
title = (
    f"{format_count(count, view.external and 0 < count < 5)} i job eller uddannelse i {quarter_label(quarter)}"
    f"{change_text}"
)
chart = stacked_bars(
    outcomes, x="quarter_label", series="group_code", value="shown", hover="hover", presence="persons",
    series_labels=CATEGORY_GROUPS, series_colours=CATEGORY_GROUP_COLOURS,
    title=title, x_title="Kvartal", y_title="Borgere (voksne og unge)",
)
st.plotly_chart(chart, key="outcomes_by_quarter")
st.caption(
    ("Felter med under 5 borgere er skjult (<5), og så er et felt mere i samme kvartal. " if view.external else "")
    + "Status ved kvartalets udgang for borgere med en status i kvartalet. Før/efter-tal uden "
    "kontrolgruppe er beskrivende og viser ikke i sig selv en effekt af indsatsen."
)

st.subheader("Projektmål")
targets = view.compute(project_target_status, quarter, all_groups=True)
if targets.empty:
    st.caption("Ingen projektmål for de valgte steder.")
else:
    table = pd.DataFrame({
        "Projekt": targets["project_name"],
        "Projektmål": targets["label"],
        "Mål": targets["target_value"].map(format_number),
        f"Status {quarter_label(quarter)}": [
            format_count(actual, view.external and 0 < (actual or 0) < 5) for actual in targets["actual"]
        ],
        "Frist": targets["deadline"].map(lambda day: format_date(day.date())),
        "Nået": targets["met"].map({True: "Ja", False: "Nej"}),
    })
    st.dataframe(table, hide_index=True)
