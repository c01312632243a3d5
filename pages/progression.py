"""Progression og fastholdelse: moving closer to a job, staying in it, and the aftercare that helps."""

import streamlit as st

from ui.context import show_commentary, start_page
from ui.format import CHOOSE, plain_markdown
from ui.topics.progression import (
    AFTERCARE_NOTE,
    NOT_AN_EFFECT,
    RETENTION_NOTE,
    aftercare_cards,
    aftercare_of,
    bands_chart,
    instruments_with_data,
    progression_cards,
    progression_group_table,
    progression_of,
    retention_cards,
    retention_chart,
    scale_description,
)
from ui.widgets import show_cards, show_chart, show_table, show_tabs

view = start_page("pages/progression.py", "Progression og fastholdelse")
show_commentary(view, "progression")


def progression() -> None:
    instruments = instruments_with_data(view)
    if not instruments:
        st.write("Ingen progressionsmålinger for det valgte. Et projekt vælger sit måleredskab under Stamdata "
                 "(Progressionsmål) og indberetter scorerne i arket 'Progression'.")
        return
    instrument = next(iter(instruments))
    if len(instruments) > 1:
        instrument = st.selectbox("Måleredskab", list(instruments), format_func=instruments.get, key="redskab",
                                  placeholder=CHOOSE)
    st.caption(plain_markdown(scale_description(view, instrument)))
    _, summary = progression_of(view, instrument)
    if summary["n"] == 0:
        st.write("Ingen borgere har to målinger endnu for det valgte.")
        return
    show_cards(progression_cards(view, instrument))
    show_chart(bands_chart(view, instrument), key="progression_bands")
    st.markdown("**Efter målgruppe og sted** (borgere med mindst to målinger)")
    show_table(progression_group_table(view, instrument), "progression efter gruppe")
    st.caption(NOT_AN_EFFECT)


def retention() -> None:
    chart = retention_chart(view)
    if chart is None:
        st.write("Ingen borgere med jobstart for mindst 3 måneder siden for det valgte.")
        return
    show_cards(retention_cards(view))
    show_chart(chart, key="retention_curve")
    st.caption(plain_markdown(RETENTION_NOTE))


def aftercare() -> None:
    if aftercare_of(view)["starters"] == 0:
        st.write("Ingen borgere med jobstart for det valgte.")
        return
    cards = aftercare_cards(view)
    show_cards(cards[:2])
    show_cards(cards[2:])
    st.caption(AFTERCARE_NOTE + " Efterværn indberettes i arket 'Efterværn' som antal kontakter pr. kvartal.")


show_tabs({"Progression mod job": progression, "Fastholdelse i job": retention, "Efterværn": aftercare})
