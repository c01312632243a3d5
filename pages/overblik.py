"""Overblik: the state of the project at a glance for the chosen quarter."""

import streamlit as st

from presentation.format import plain_markdown
from presentation.topics.overview import (
    alert_lines,
    job_or_education_note,
    key_figure_cards,
    outcome_groups_note,
    overview_chart,
    project_targets_table,
    successes_card,
)
from ui.context import show_commentary, start_page
from ui.widgets import show_card, show_chart, show_table_per_project

view = start_page("pages/overblik.py", "Overblik")
show_commentary(view, "overblik", summary=True)

# Three to a row stays readable on a 1280 px meeting-room projector.
cards = key_figure_cards(view)
columns = [column for _ in range(0, len(cards), 3) for column in st.columns(3)]
for column, card in zip(columns, cards, strict=False):
    with column:
        show_card(card)
st.caption(plain_markdown(job_or_education_note(view)))

st.subheader("Siden sidste kvartal")
success_column, alert_column = st.columns([1, 2])
with success_column:
    card, sentence = successes_card(view)
    show_card(card)
    if sentence:
        st.caption(plain_markdown(sentence))
with alert_column:
    alerts, note = alert_lines(view)
    if note:
        st.caption(plain_markdown(note))
    for text, rose in alerts:
        (st.success if rose else st.warning)(
            plain_markdown(text), icon=":material/trending_up:" if rose else ":material/trending_down:")

show_chart(overview_chart(view), key="outcomes_by_quarter")
st.caption(plain_markdown(outcome_groups_note(view)))

st.subheader("Projektmål")
targets = project_targets_table(view)
if targets.empty:
    st.caption("Ingen projektmål for de valgte steder.")
else:
    show_table_per_project(targets, "projektmaal",
                           widths={column: 175 for column in targets if column.startswith("Status")})
