"""Trivsel: is wellbeing improving? WHO-5 for adults and young people, school absence for children."""

import pandas as pd
import streamlit as st

from data_access.vocabulary import TARGET_GROUPS
from metrics.disclosure import series_mask, share_hidden
from metrics.quarters import quarter_label
from metrics.wellbeing import (
    LIKELY_DEPRESSION,
    LOW_WELLBEING,
    MEANINGFUL_CHANGE,
    WORRYING_ABSENCE,
    change_distribution,
    school_absence_by_quarter,
    who5_by_group,
    who5_pairs,
    who5_summary,
)
from ui.charts import OKABE_ITO, bars, lines
from ui.context import start_page
from ui.format import SUPPRESSED, format_count, format_number, format_percent, format_share, format_signed

view = start_page("pages/trivsel.py", "Trivsel")
st.info(
    "Før/efter-tal uden kontrolgruppe er beskrivende: de viser, hvordan det er gået deltagerne, "
    "ikke hvor meget der skyldes indsatsen.", icon=":material/info:",
)

pairs = view.compute(who5_pairs, view.quarter)
summary = who5_summary(pairs)
n = summary["n"]
st.subheader("WHO-5 for voksne og unge")
if n == 0:
    st.write("Ingen borgere har to WHO-5-målinger endnu for det valgte.")
else:
    hide = view.external and n < 5
    first, second, third = st.columns(3)
    first.metric("Gns. ændring fra første til seneste måling",
                 SUPPRESSED if hide else f"{format_signed(summary['mean_change'], 1)} point", border=True,
                 help=f"Gennemsnit for de {n} borgere, der har mindst to målinger.")
    first.caption(f"n = {format_count(n, hide)} borgere med to målinger")
    improved_hidden = view.external and share_hidden(summary["improved"], n)
    second.metric(f"Forbedret {MEANINGFUL_CHANGE} point eller mere",
                  format_count(summary["improved"], improved_hidden), border=True)
    second.caption(format_share(summary["improved"], n, hidden=improved_hidden))
    low_hidden = view.external and (share_hidden(summary["low_first"], n) or share_hidden(summary["low_latest"], n))
    low_change = 100 * (summary["low_latest"] - summary["low_first"]) / n
    third.metric(f"Lav trivsel (WHO-5 ≤ {LOW_WELLBEING}) nu",
                 SUPPRESSED if low_hidden else format_percent(summary["low_latest"] / n), border=True,
                 delta=None if low_hidden else f"{format_signed(low_change, 1)} %-point",
                 delta_color="inverse", delta_description="siden første måling")
    third.caption(format_share(summary["low_latest"], n, hidden=low_hidden))

    levels = pd.DataFrame({
        "level": [f"Lav trivsel (≤ {LOW_WELLBEING})", f"Tegn på depression (≤ {LIKELY_DEPRESSION})"] * 2,
        "when": ["Første måling"] * 2 + ["Seneste måling"] * 2,
        "persons": [summary["low_first"], summary["depression_first"],
                    summary["low_latest"], summary["depression_latest"]],
    })
    levels["hidden"] = [view.external and share_hidden(count, n) for count in levels["persons"]]
    levels["share"] = [None if hidden else count / n for count, hidden in zip(levels["persons"], levels["hidden"],
                                                                               strict=True)]
    levels["hover"] = [format_share(count, n, hidden=hidden)
                       for count, hidden in zip(levels["persons"], levels["hidden"], strict=True)]
    left, right = st.columns(2)
    with left:
        if low_hidden:
            title = f"Andel med lav trivsel (n = {format_count(n, hide)})"
        else:
            title = (f"Lav trivsel: {format_percent(summary['low_first'] / n, 0)} ved første måling, "
                     f"{format_percent(summary['low_latest'] / n, 0)} nu")
        figure = bars(levels[levels["when"] == "Første måling"], x="level", y="share", hover="hover",
                      title=title, x_title="", y_title=f"Andel af {n} borgere", percent=True, colour=OKABE_ITO[1])
        figure.add_bar(x=levels[levels["when"] == "Seneste måling"]["level"],
                       y=levels[levels["when"] == "Seneste måling"]["share"], marker_color=OKABE_ITO[0],
                       customdata=levels[levels["when"] == "Seneste måling"][["hover"]],
                       hovertemplate="%{customdata[0]}<extra></extra>", name="Seneste måling")
        figure.data[0].name = "Første måling"
        figure.update_layout(barmode="group", showlegend=True)
        st.plotly_chart(figure, key="who5_levels")
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
        title = (f"{format_count(summary['improved'], improved_hidden)} af {format_count(n, hide)} "
                 f"forbedrede sig {MEANINGFUL_CHANGE} point eller mere")
        st.plotly_chart(bars(distribution, x="label", y="shown", hover="hover", title=title,
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
    st.dataframe(pd.DataFrame({
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
    }), hide_index=True)

st.subheader("Skolefravær for børn")
absence = view.compute(school_absence_by_quarter, view.quarters)
measured = absence[absence["children"] > 0]
if measured.empty:
    st.write("Ingen målinger af skolefravær for det valgte.")
else:
    absence["quarter_label"] = absence["quarter"].map(quarter_label)
    absence["hidden"] = [view.external and count < 5 for count in absence["children"]]
    absence["shown"] = absence["mean_absence"].where(~absence["hidden"])
    absence["series"] = "mean"
    absence["hover"] = [
        f"{label}: {'skjult' if hidden else format_number(mean, 1) + ' %'} i gns. fravær, "
        f"{format_count(children, hidden)} børn; "
        f"{format_share(worrying, children, 0, hidden=view.external and share_hidden(worrying, children))} "
        f"med {format_number(WORRYING_ABSENCE, 0)} % fravær eller mere"
        for label, mean, children, worrying, hidden in zip(
            absence["quarter_label"], absence["mean_absence"], absence["children"], absence["worrying"],
            absence["hidden"], strict=True)
    ]
    latest = absence.iloc[-1]
    if latest["hidden"] or latest["children"] == 0:
        title = f"Gns. skolefravær pr. kvartal ({quarter_label(view.quarter)}: for få målinger til at vise)"
    else:
        title = (f"Gns. skolefravær {quarter_label(view.quarter)}: {format_number(latest['mean_absence'], 1)} % "
                 f"(n = {format_number(latest['children'])} børn)")
    figure = lines(absence, x="quarter_label", y="shown", series="series", hover="hover", title=title,
                   x_title="Kvartal", y_title="Fravær (% af skoledage)", series_labels={"mean": "Gns. fravær"},
                   y_format=",.1f")
    figure.update_layout(showlegend=False)
    st.plotly_chart(figure, key="school_absence")
