"""Trivsel: is wellbeing improving? WHO-5 for adults and young people, school absence for children."""

import streamlit as st

from ui.context import show_commentary, start_page
from ui.topics.wellbeing import (
    NO_CONTROL_GROUP,
    change_chart,
    low_wellbeing_chart,
    school_absence_chart,
    who5_baseline,
    who5_cards,
    who5_group_table,
    who5_of,
)
from ui.widgets import show_card, show_chart, show_table, show_tabs

view = start_page("pages/trivsel.py", "Trivsel")
st.info(NO_CONTROL_GROUP, icon=":material/info:")
show_commentary(view, "trivsel")


def who5() -> None:
    _, summary = who5_of(view)
    if summary["n"] == 0:
        st.info("Ingen borgere har to WHO-5-målinger endnu for det valgte. " + " ".join(who5_baseline(view)),
                icon=":material/schedule:")
        return
    for column, card in zip(st.columns(3), who5_cards(view), strict=True):
        with column:
            show_card(card)
    left, right = st.columns(2)
    show_chart(low_wellbeing_chart(view), key="who5_levels", where=left)
    show_chart(change_chart(view), key="who5_change", where=right)
    st.markdown("**Efter målgruppe og sted**")
    show_table(who5_group_table(view), "trivsel efter gruppe")


def school_absence() -> None:
    absence = school_absence_chart(view)
    if absence is None:
        st.write("Ingen målinger af skolefravær for det valgte.")
    else:
        show_chart(absence, key="school_absence")


show_tabs({"WHO-5 for voksne og unge": who5, "Skolefravær for børn": school_absence})
