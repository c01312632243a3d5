"""Medarbejderkombinationer: which interdisciplinary pairs work with which families, and with what results."""

import streamlit as st

from metrics.disclosure import THRESHOLD
from metrics.quarters import quarter_label
from presentation.format import format_number
from presentation.topics.staff import (
    COMBINATION_CHART_MINIMUM,
    DRAWN_ONE_BY_ONE,
    caseload_chart,
    caseload_in_bands,
    combination_chart,
    combination_table,
    families_with_a_pair,
    no_combination_drawn,
    pair_results,
    pair_results_chart,
    pair_table,
    pairs_drawn_note,
    profession_matrix_chart,
    staff_cards,
)
from ui.context import show_commentary, start_page
from ui.widgets import show_card, show_chart, show_table, show_tabs

view = start_page("pages/medarbejderkombinationer.py", "Medarbejderkombinationer", needs="assignments")
show_commentary(view, "medarbejderkombinationer")

for column, card in zip(st.columns(3), staff_cards(view), strict=True):
    with column:
        show_card(card)


def professions() -> None:
    show_chart(profession_matrix_chart(view), key="profession_matrix")


def caseloads() -> None:
    if caseload_in_bands(view):
        st.caption(f"Med over {DRAWN_ONE_BY_ONE} medarbejdere på de valgte steder viser grafen, hvor mange "
                   "medarbejdere der har hvor mange familier. Vælg et sted i sidepanelet for at se hver medarbejder.")
    show_chart(caseload_chart(view), key="caseload")


def chart_unless_all_hidden(rows, draw, key: str, all_of: str, none_of: str) -> None:
    """The chart, or (outside the project group, when every row is too small to show) why there is none."""
    if rows["hidden"].all():
        st.info(f"{all_of} har under {THRESHOLD} familier (eller under {THRESHOLD} i job eller uddannelse), så "
                f"{none_of} kan vises uden for projektgruppen.", icon=":material/visibility_off:")
    else:
        show_chart(draw(view), key=key)


def combinations() -> None:
    st.caption("Makkerpar med samme to fagligheder er lagt sammen: med få familier pr. par kan intet enkelt par "
               "skelnes fra gennemsnittet, men en kombination af fagligheder kan. En familie tæller, når en voksen "
               "eller ung i familien er i job eller uddannelse. Familierne er ikke fordelt tilfældigt, så en "
               f"forskel viser ikke i sig selv en effekt af kombinationen. Grafen viser kombinationer med mindst "
               f"{COMBINATION_CHART_MINIMUM} familier; tabellen viser dem alle.")
    figure = combination_chart(view)
    if figure is None:
        st.info(no_combination_drawn(view), icon=":material/info:")
    else:
        show_chart(figure, key="combination_outcomes")
    show_table(combination_table(view), "fagligheder")


def pairs() -> None:
    st.warning(
        "Små tal afgør intet. Et makkerpar med 3 familier kan ligne en succes eller en fiasko ved et tilfælde; "
        "intervallet viser, hvor usikkert tallet er. Familierne er heller ikke fordelt tilfældigt mellem parrene.",
        icon=":material/warning:",
    )
    outcomes, _, _ = pair_results(view)
    note = pairs_drawn_note(view)
    if note:
        st.caption(note)
    chart_unless_all_hidden(outcomes, pair_results_chart, "pair_outcomes", "Alle makkerpar", "intet par")
    if view.external and outcomes["hidden"].any():
        st.caption(f"{format_number(int(outcomes['hidden'].sum()))} makkerpar med under {THRESHOLD} familier (eller "
                   f"under {THRESHOLD} i job eller uddannelse) er skjult.")
    show_table(pair_table(view), "makkerpar")
    st.caption(
        f"{format_number(families_with_a_pair(view))} familier har haft et makkerpar til og med "
        f"{quarter_label(view.quarter)}. "
        "En familie, der har skiftet par, tæller med hos begge par."
    )


show_tabs({"Resultater pr. faglighed": combinations, "Resultater pr. makkerpar": pairs,
           "Fagligheder sammen": professions, "Familier pr. medarbejder": caseloads})
