"""Trivsel: is wellbeing improving? WHO-5 for adults and young people, school absence for children."""

import pandas as pd
import streamlit as st

from data_access.vocabulary import TARGET_GROUPS
from metrics.disclosure import series_mask
from metrics.wellbeing import MEANINGFUL_CHANGE, change_distribution, who5_by_group
from ui.charts import bars
from ui.context import show_commentary, start_page
from ui.format import SUPPRESSED, format_count, format_number, format_share, format_signed
from ui.topics.wellbeing import (
    NO_CONTROL_GROUP,
    improved_title,
    low_wellbeing_chart,
    school_absence_chart,
    who5_cards,
    who5_of,
)
from ui.widgets import show_card, show_table

view = start_page("pages/trivsel.py", "Trivsel")
st.info(NO_CONTROL_GROUP, icon=":material/info:")
show_commentary(view, "trivsel")

pairs, summary = who5_of(view)
st.subheader("WHO-5 for voksne og unge")
if summary["n"] == 0:
    st.write("Ingen borgere har to WHO-5-målinger endnu for det valgte.")
else:
    for column, card in zip(st.columns(3), who5_cards(view, summary), strict=True):
        with column:
            show_card(card)
    left, right = st.columns(2)
    with left:
        st.plotly_chart(low_wellbeing_chart(view, summary), key="who5_levels")
    with right:
        distribution = change_distribution(pairs)
        distribution["hidden"] = series_mask(distribution["persons"]) if view.external else False
        distribution["label"] = [f"{format_signed(start)} til {format_signed(end)}"
                                 for start, end in zip(distribution["band_start"], distribution["band_end"],
                                                       strict=True)]
        distribution["shown"] = distribution["persons"].where(~distribution["hidden"], 0)
        distribution["hover"] = [f"{label} point: {format_count(count, hidden)} borgere"
                                 for label, count, hidden in zip(distribution["label"], distribution["persons"],
                                                                 distribution["hidden"], strict=True)]
        st.plotly_chart(bars(distribution, x="label", y="shown", hover="hover", title=improved_title(view, summary),
                             x_title="Ændring i WHO-5 (point)", y_title="Borgere"), key="who5_change")

    st.markdown("**Efter målgruppe og sted**")
    site_names = view.frames.sites.set_index("site_id")["site_name"]
    tables = []
    for by, labels in (("target_group", TARGET_GROUPS), ("site_id", site_names)):
        table = who5_by_group(pairs, by)
        table.insert(0, "Gruppe", table.pop(by).map(labels))
        # Each block's rows add up to the published total: one hidden row must take another with it.
        table["hidden"] = series_mask(table["n"]) if view.external else False
        table["improved_hidden"] = (series_mask(table["improved"]) | table["hidden"]
                                    | (table["n"] < 5)) if view.external else False
        tables.append(table)
    table = pd.concat(tables, ignore_index=True)
    hidden = table["hidden"].tolist()
    show_table(pd.DataFrame({
        "Gruppe": table["Gruppe"],
        "Borgere (n)": [format_count(count, h) for count, h in zip(table["n"], hidden, strict=True)],
        "Gns. første måling": [SUPPRESSED if h else format_number(v, 1)
                               for v, h in zip(table["mean_first"], hidden, strict=True)],
        "Gns. seneste måling": [SUPPRESSED if h else format_number(v, 1)
                                for v, h in zip(table["mean_latest"], hidden, strict=True)],
        "Gns. ændring": [SUPPRESSED if h else format_signed(v, 1)
                         for v, h in zip(table["mean_change"], hidden, strict=True)],
        f"Forbedret {MEANINGFUL_CHANGE}+ point": [
            format_share(improved, count, hidden=bool(h))
            for improved, count, h in zip(table["improved"], table["n"], table["improved_hidden"], strict=True)
        ],
    }), "trivsel efter gruppe")

st.subheader("Skolefravær for børn")
absence = school_absence_chart(view)
if absence is None:
    st.write("Ingen målinger af skolefravær for det valgte.")
else:
    st.plotly_chart(absence, key="school_absence")
