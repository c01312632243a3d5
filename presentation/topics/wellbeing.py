"""Trivsel: WHO-5 from first to latest measurement, low wellbeing, school absence for children."""

import pandas as pd
import plotly.graph_objects as go

from metrics.counting import expanded
from metrics.disclosure import THRESHOLD, series_mask, share_hidden
from metrics.quarters import quarter_label
from metrics.selection import Selection
from metrics.wellbeing import (
    LIKELY_DEPRESSION,
    LOW_WELLBEING,
    MEANINGFUL_CHANGE,
    WORRYING_ABSENCE,
    change_distribution,
    school_absence_by_quarter,
    who5_by_group,
    who5_first_measured,
    who5_pair_scores,
    who5_summary,
)
from presentation.charts import OKABE_ITO, bars, lines
from presentation.format import (
    SUPPRESSED,
    WITHHELD,
    format_count,
    format_number,
    format_percent,
    format_share,
    format_signed,
    with_unit,
)
from presentation.sections import FIGURE, Cards, Chart, Page, Section, Side, Table
from presentation.topics import Card, paired_by_group, paired_columns, per_selection

NO_CONTROL_GROUP = ("Før/efter-tal uden kontrolgruppe er beskrivende: de viser, hvordan det er gået deltagerne, "
                    "ikke hvor meget der skyldes indsatsen.")


@per_selection
def who5_of(selection: Selection) -> tuple[pd.DataFrame, dict]:
    """Per person with two WHO-5 measurements (first, latest, change), and the counts behind the figures."""
    pairs = expanded(selection.compute(who5_pair_scores, selection.quarter))
    return pairs, who5_summary(pairs)


@per_selection
def who5_baseline(selection: Selection) -> list[str]:
    """Before anybody is measured twice: how many have a first WHO-5 score and how many of them low wellbeing,
    in words (a chart of one measurement would show no change)."""
    measured, low = selection.compute(who5_first_measured, selection.quarter)
    if not measured:
        return ["Ingen borgere har en WHO-5-måling endnu.",
                "Ændringen i trivsel vises, når borgerne er målt to gange."]
    low_hidden = selection.external and share_hidden(low, measured)
    low_share = "" if low_hidden or selection.too_few(measured) else f" ({format_percent(low / measured, 0)})"
    return [f"{format_count(measured, selection.hidden(measured))} borgere har en første WHO-5-måling; "
            f"{format_count(low, low_hidden)} af dem{low_share} har lav trivsel (WHO-5 ≤ {LOW_WELLBEING}).",
            "Ændringen i trivsel vises, når de er målt igen."]


def _hidden(selection: Selection, summary: dict) -> dict[str, bool]:
    n = summary["n"]
    return {
        "n": selection.too_few(n),
        "improved": selection.external and share_hidden(summary["improved"], n),
        "low_latest": selection.external and share_hidden(summary["low_latest"], n),
        # The change from first to latest gives either away when the other is shown.
        "low": selection.external and (share_hidden(summary["low_first"], n)
                                       or share_hidden(summary["low_latest"], n)),
    }


@per_selection
def who5_cards(selection: Selection) -> list[Card]:
    """Mean change, improved by 10 points or more, and low wellbeing now; each with its n."""
    _, summary = who5_of(selection)
    n = summary["n"]
    hidden = _hidden(selection, summary)
    low_change = 100 * (summary["low_latest"] - summary["low_first"]) / n if n else None
    return [
        Card("Gns. ændring fra første til seneste måling",
             WITHHELD if hidden["n"] else with_unit(format_signed(summary["mean_change"], 1), "point"),
             detail=f"n = {format_count(n, selection.hidden(n))} borgere med to målinger",
             help=f"Gennemsnit for de {format_count(n, selection.hidden(n))} borgere, der har mindst to målinger."),
        Card(f"Forbedret {MEANINGFUL_CHANGE} point eller mere", format_count(summary["improved"], hidden["improved"]),
             detail=format_share(summary["improved"], n, hidden=hidden["improved"])),
        Card(f"Lav trivsel (WHO-5 ≤ {LOW_WELLBEING}) nu",
             SUPPRESSED if hidden["low_latest"] else format_percent(summary["low_latest"] / n),
             # The share is the value; the detail gives what it is out of, not the share again.
             detail=(format_share(summary["low_latest"], n, hidden=True) if hidden["low_latest"] else
                     f"{format_number(summary['low_latest'])} af {format_number(n)} med to målinger"),
             delta=None if hidden["low"] or not n else with_unit(format_signed(low_change, 1), "%-point"),
             delta_colour="inverse", delta_description="siden første måling"),
    ]


@per_selection
def low_wellbeing_chart(selection: Selection) -> go.Figure:
    """Shares with low wellbeing and signs of depression at the first and the latest measurement."""
    _, summary = who5_of(selection)
    n = summary["n"]
    hidden = _hidden(selection, summary)
    levels = pd.DataFrame({
        "level": [f"Lav trivsel (≤ {LOW_WELLBEING})", f"Tegn på depression (≤ {LIKELY_DEPRESSION})"] * 2,
        "when": ["Første måling"] * 2 + ["Seneste måling"] * 2,
        "persons": [summary["low_first"], summary["depression_first"],
                    summary["low_latest"], summary["depression_latest"]],
    })
    levels["hidden"] = [selection.external and share_hidden(count, n) for count in levels["persons"]]
    levels["share"] = [None if h else count / n for count, h in zip(levels["persons"], levels["hidden"], strict=True)]
    levels["hover"] = [format_share(count, n, hidden=h)
                       for count, h in zip(levels["persons"], levels["hidden"], strict=True)]
    if hidden["low"]:
        title = f"Andel med lav trivsel (n = {format_count(n, hidden['n'])})"
    else:
        title = (f"Lav trivsel: {format_percent(summary['low_first'] / n, 0)} ved første måling, "
                 f"{format_percent(summary['low_latest'] / n, 0)} nu")
    first, latest = levels[levels["when"] == "Første måling"], levels[levels["when"] == "Seneste måling"]
    latest_bars = {"type": "bar", "x": latest["level"], "y": latest["share"], "marker": {"color": OKABE_ITO[0]},
                   "customdata": latest[["hover"]], "hovertemplate": "%{customdata[0]}<extra></extra>",
                   "name": "Seneste måling"}
    return bars(first, x="level", y="share", hover="hover", title=title, x_title="",
                y_title=f"Andel af {format_count(n, selection.hidden(n))} borgere", percent=True,
                colour=OKABE_ITO[1], name="Første måling", more_traces=(latest_bars,), barmode="group")


@per_selection
def improved_title(selection: Selection) -> str:
    _, summary = who5_of(selection)
    hidden = _hidden(selection, summary)
    return (f"{format_count(summary['improved'], hidden['improved'])} af {format_count(summary['n'], hidden['n'])} "
            f"forbedrede sig {MEANINGFUL_CHANGE} point eller mere")


@per_selection
def change_chart(selection: Selection) -> go.Figure:
    """Persons per band of change in WHO-5, titled with how many improved 10 points or more."""
    pairs, _ = who5_of(selection)
    distribution = change_distribution(pairs)
    distribution["hidden"] = series_mask(distribution["persons"]) if selection.external else False
    distribution["label"] = [f"{format_signed(start)} til {format_signed(end)}" for start, end in
                             zip(distribution["band_start"], distribution["band_end"], strict=True)]
    distribution["shown"] = distribution["persons"].where(~distribution["hidden"], 0)
    distribution["hover"] = [f"{label} point: {format_count(count, hidden)} borgere" for label, count, hidden in
                             zip(distribution["label"], distribution["persons"], distribution["hidden"], strict=True)]
    return bars(distribution, x="label", y="shown", hover="hover", title=improved_title(selection),
                x_title="Ændring i WHO-5 (point)", y_title="Borgere")


@per_selection
def who5_group_table(selection: Selection) -> pd.DataFrame:
    """Paired WHO-5 by target group and by site, as the page's table, with small groups suppressed."""
    pairs, _ = who5_of(selection)
    table = paired_by_group(selection, pairs, who5_by_group)
    improved_hidden = series_mask(table["improved"]) | table["hidden"] | (table["n"] < THRESHOLD) \
        if selection.external else pd.Series(False, index=table.index)
    return pd.DataFrame({
        **paired_columns(table, "mean_change", "Gns. ændring"),
        f"Forbedret {MEANINGFUL_CHANGE}+ point": [
            format_share(improved, count, hidden=bool(h))
            for improved, count, h in zip(table["improved"], table["n"], improved_hidden, strict=True)
        ],
    })


@per_selection
def school_absence_chart(selection: Selection) -> go.Figure | None:
    """Mean school absence per quarter with the number of children; None without measurements."""
    absence = selection.compute(school_absence_by_quarter, selection.quarters)
    if absence[absence["children"] > 0].empty:
        return None
    absence["quarter_label"] = absence["quarter"].map(quarter_label)
    absence["hidden"] = [selection.too_few(count) for count in absence["children"]]
    absence["shown"] = absence["mean_absence"].where(~absence["hidden"])
    absence["series"] = "mean"
    absence["hover"] = [
        f"{label}: {'skjult' if hidden else format_number(mean, 1) + ' %'} i gns. fravær, "
        f"{format_count(children, selection.hidden(children))} børn; "
        f"{format_share(worrying, children, 0, hidden=selection.external and share_hidden(worrying, children))} "
        f"med {format_number(WORRYING_ABSENCE, 0)} % fravær eller mere"
        for label, mean, children, worrying, hidden in zip(
            absence["quarter_label"], absence["mean_absence"], absence["children"], absence["worrying"],
            absence["hidden"], strict=True)
    ]
    latest = absence.iloc[-1]
    if latest["hidden"] or latest["children"] == 0:
        title = f"Gns. skolefravær pr. kvartal ({quarter_label(selection.quarter)}: for få målinger til at vise)"
    else:
        title = (f"Gns. skolefravær {quarter_label(selection.quarter)}: {format_number(latest['mean_absence'], 1)} % "
                 f"(n = {format_number(latest['children'])} børn)")
    figure = lines(absence, x="quarter_label", y="shown", series="series", hover="hover", title=title,
                   x_title="Kvartal", y_title="Fravær (% af skoledage)", series_labels={"mean": "Gns. fravær"},
                   y_format=",.1f", showlegend=False)
    return figure


WHO5_TAB, ABSENCE_TAB = "WHO-5 for voksne og unge", "Skolefravær for børn"


def who5_section(selection: Selection) -> Section:
    """WHO-5: the cards, the shares with low wellbeing (the slide's figure), the changes, and the table by group;
    before anybody is measured twice, the first measurements in words."""
    _, summary = who5_of(selection)
    if summary["n"] == 0:
        return Section(WHO5_TAB, "Trivsel", empty="Ingen borgere har to WHO-5-målinger endnu",
                       empty_facts=who5_baseline(selection), empty_slide=True, note=NO_CONTROL_GROUP)
    return Section(WHO5_TAB, "Trivsel", (
        Cards(who5_cards(selection)),
        Side((Chart(low_wellbeing_chart(selection), "who5_levels", FIGURE),
              Chart(change_chart(selection), "who5_change"))),
        Table(who5_group_table(selection), "trivsel efter gruppe", heading="Efter målgruppe og sted"),
    ), note=NO_CONTROL_GROUP)


def school_absence_section(selection: Selection) -> Section:
    absence = school_absence_chart(selection)
    if absence is None:
        return Section(ABSENCE_TAB, "Trivsel: skolefravær", empty="Ingen målinger af skolefravær for det valgte")
    return Section(ABSENCE_TAB, "Trivsel: skolefravær", (Chart(absence, "school_absence", FIGURE),),
                   note=NO_CONTROL_GROUP)


SECTIONS = {WHO5_TAB: who5_section, ABSENCE_TAB: school_absence_section}
PAGE = Page(SECTIONS)


def slide_sections(selection: Selection) -> list[Section]:
    """WHO-5 for adults and young people (in words before anybody is measured twice), then school absence for
    children where it is measured."""
    return [who5_section(selection), school_absence_section(selection)]
