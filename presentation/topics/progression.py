"""Progression og fastholdelse: closer to a job before it, still in the job after it, and aftercare."""

import pandas as pd
import plotly.graph_objects as go

from metrics.counting import expanded
from metrics.disclosure import long_table_mask, share_hidden
from metrics.progression import (
    BANDS,
    bands_by_quarter,
    instruments_measured,
    progression_by_group,
    progression_pair_scores,
    progression_summary,
    scales_of,
)
from metrics.quarters import quarter_label
from metrics.retention import (
    HEADLINE_MONTHS,
    aftercare_summary_in,
    retention_curve_in,
)
from metrics.selection import Selection
from presentation.charts import NEUTRAL_GREY, OKABE_ITO, bars, stacked_bars
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
from presentation.sections import FIGURE, Cards, Chart, Line, Page, Pick, Section, Table, shown_blocks
from presentation.topics import Card, paired_by_group, paired_columns, per_selection

BAND_COLOURS = dict(zip(BANDS, ("#D55E00", NEUTRAL_GREY, "#009E73"), strict=True))
NOT_AN_EFFECT = ("Før/efter-tal uden kontrolgruppe er beskrivende: de viser, hvordan det er gået deltagerne, ikke "
                 "hvor meget der skyldes indsatsen.")
RETENTION_NOTE = ("Jobstart: første kvartal, borgeren er i en jobkategori (status, afslutning eller opfølgning). "
                  "I job efter 3, 6 og 12 måneder: i en jobkategori ved udgangen af kvartalet 1, 2 og 4 kvartaler "
                  "senere. Borgere uden oplysning på det tidspunkt tælles ikke med i andelen. Hvilke kategorier der "
                  "er job, står under Stamdata.")
RETENTION_SLIDE_NOTE = ("Jobstart: første kvartal i en jobkategori. I job efter 3, 6 og 12 måneder: ved udgangen af "
                        "kvartalet 1, 2 og 4 kvartaler senere; uden oplysning tælles ikke med. Efterværn gives ikke "
                        "tilfældigt, så forskellen er ikke en effekt af efterværnet.")
AFTERCARE_NOTE = ("Hvem der får efterværn, er ikke tilfældigt: forskellen mellem borgere med og uden efterværn er "
                  "ikke en effekt af efterværnet.")


# --- Progression ----------------------------------------------------------------------------------------


@per_selection
def instruments_with_data(selection: Selection) -> dict[str, str]:
    """The instruments with scores for the selection, code -> name, in the order they were defined."""
    used = set(selection.compute(instruments_measured))
    return {code: scale.label for code, scale in scales_of(selection.frames).items() if code in used}


@per_selection
def progression_of(selection: Selection, instrument: str) -> tuple[pd.DataFrame, dict]:
    """Per person with two scores on the instrument (first, latest, change towards job), and the counts."""
    pairs = expanded(selection.compute(progression_pair_scores, selection.quarter, instrument))
    return pairs, progression_summary(pairs)


@per_selection
def progression_cards(selection: Selection, instrument: str) -> list[Card]:
    """Moved closer by a meaningful step, unchanged, moved further away (each out of the same n), then the mean
    change towards job."""
    _, summary = progression_of(selection, instrument)
    scale = scales_of(selection.frames)[instrument]
    n = summary["n"]
    n_hidden = selection.hidden(n)
    step = format_number(scale.meaningful_change, 1 if scale.meaningful_change % 1 else 0)
    cards = []
    for key, label in (("closer", f"Rykket tættere på job ({step}+ point)"),
                       ("unchanged", f"Uændret (under {step} point)"),
                       ("further", f"Rykket længere fra job ({step}+ point)")):
        hidden = selection.external and share_hidden(summary[key], n)
        cards.append(Card(label, format_count(summary[key], hidden or selection.hidden(summary[key])),
                          detail=_share_of(summary[key], n, hidden, selection, "med to målinger"),
                          help=f"Fra første til seneste måling på {scale.label}, ud af de "
                               f"{format_count(n, n_hidden)} borgere med mindst to målinger."))
    cards.append(Card(
        "Gns. ændring mod job", WITHHELD if selection.too_few(n) else
        with_unit(format_signed(summary["mean_towards_job"], 1), "point"),
        detail=f"n = {format_count(n, n_hidden)} borgere med to målinger; fra "
               f"{format_number(summary['mean_first'], 1)} til {format_number(summary['mean_latest'], 1)}"
        if not selection.too_few(n) else f"n = {format_count(n, n_hidden)} borgere med to målinger",
        help=("Positiv: tættere på job. " if scale.higher_is_closer else
              "Positiv: tættere på job (på dette redskab er lav score tættest på job). ")
        + f"Skala {format_number(scale.minimum)}-{format_number(scale.maximum)}."))
    return cards


def _share_of(count: int, n: int, hidden: bool, selection: Selection, base: str) -> str:
    """'51,1 % af 45 med to målinger': a card's detail without brackets, since a slide writes it in brackets."""
    if hidden:
        return f"andel skjult; n = {format_count(n, selection.hidden(n))} {base}"
    return f"{format_percent(count / n) if n else '–'} af {format_number(n)} {base}"


@per_selection
def progression_title(selection: Selection, instrument: str) -> str:
    _, summary = progression_of(selection, instrument)
    n = summary["n"]
    def count(key: str) -> str:
        return format_count(summary[key], selection.external and share_hidden(summary[key], n))

    return (f"{count('closer')} af {format_count(n, selection.hidden(n))} borgere er rykket tættere på job siden "
            f"første måling; {count('unchanged')} uændret, {count('further')} længere fra")


@per_selection
def bands_chart(selection: Selection, instrument: str) -> go.Figure:
    """Persons scored each quarter by third of the scale, far from job at the bottom, titled with the finding."""
    scale = scales_of(selection.frames)[instrument]
    table = selection.compute(bands_by_quarter, scale, selection.quarters)
    table["quarter_label"] = table["quarter"].map(quarter_label)
    table["hidden"] = long_table_mask(table, "quarter", "band", "persons") if selection.external else False
    table["shown"] = table["persons"].where(~table["hidden"], 0)
    table["hover"] = [f"{label}: {format_share(persons, n, 0, hidden=hidden)} målt i kvartalet"
                      for label, persons, n, hidden in
                      zip(table["quarter_label"], table["persons"], table["n"], table["hidden"], strict=True)]
    return stacked_bars(
        table, x="quarter_label", series="band", value="shown", hover="hover", presence="persons",
        series_labels={band: band for band in BANDS}, series_colours=BAND_COLOURS,
        title=progression_title(selection, instrument), x_title="Kvartal (borgere målt i kvartalet)",
        y_title="Borgere")


@per_selection
def progression_group_table(selection: Selection, instrument: str) -> pd.DataFrame:
    """Paired scores by target group and by site, with small groups suppressed outside the project group."""
    pairs, _ = progression_of(selection, instrument)
    table = paired_by_group(selection, pairs, progression_by_group)

    def moved(counts: pd.Series) -> list[str]:
        return [format_share(count, n, hidden=bool(h) or (selection.external and share_hidden(count, n)))
                for count, n, h in zip(counts, table["n"], table["hidden"], strict=True)]

    return pd.DataFrame({**paired_columns(table, "mean_towards_job", "Gns. ændring mod job"),
                         "Tættere på job": moved(table["closer"]), "Uændret": moved(table["unchanged"]),
                         "Længere fra job": moved(table["further"])})


def scale_description(selection: Selection, instrument: str) -> str:
    """The instrument as the page explains it: range, direction, the step that counts, its items."""
    scale = scales_of(selection.frames)[instrument]
    items = f" Delområder: {', '.join(scale.items)}; en målings score er gennemsnittet af delområderne." \
        if scale.items else ""
    return (f"{scale.label}: skala {format_number(scale.minimum)}-{format_number(scale.maximum)}, "
            f"{'høj' if scale.higher_is_closer else 'lav'} score er tættest på job. En ændring på mindst "
            f"{format_number(scale.meaningful_change, 1 if scale.meaningful_change % 1 else 0)} point tæller som et "
            f"skridt.{items}")


# --- Staying in the job ---------------------------------------------------------------------------------


@per_selection
def retention_of(selection: Selection) -> pd.DataFrame:
    """The retention curve: per 3, 6 and 12 months, persons due, known, in a job and unknown."""
    return selection.compute(retention_curve_in, selection.quarter)


def _not_due_yet(months: int) -> str:
    return f"ingen jobstart er {months} måneder gammel endnu"


def _retention_hidden(selection: Selection, row) -> bool:
    return selection.external and share_hidden(row.in_job, row.known)


@per_selection
def retention_cards(selection: Selection) -> list[Card]:
    """In a job 3, 6 and 12 months after the job start: 'X af Y (Z %)', with how many are not known."""
    cards = []
    for row in retention_of(selection).itertuples(index=False):
        hidden = _retention_hidden(selection, row)
        unknown = f"; {format_count(row.unknown, selection.hidden(row.unknown))} uden oplysning" if row.unknown \
            else ""
        cards.append(Card(
            f"I job {row.months} måneder efter jobstart",
            SUPPRESSED if hidden else (format_percent(row.in_job / row.known, 0) if row.known else "–"),
            detail=(_not_due_yet(row.months) if not row.due else
                    f"{format_count(row.in_job, hidden)} af {format_count(row.known, selection.hidden(row.known))}"
                    f" med kendt status{unknown}"),
            help=f"Borgere med jobstart for mindst {row.months} måneder siden: {format_number(row.due)}. "
                 + RETENTION_NOTE))
    return cards


@per_selection
def retention_title(selection: Selection) -> str:
    curve = retention_of(selection).set_index("months")
    row = curve.loc[HEADLINE_MONTHS]
    if row["known"] == 0:
        return "Ingen jobstart er fulgt 6 måneder endnu"
    hidden = selection.external and share_hidden(row["in_job"], row["known"])
    return (f"{format_count(row['in_job'], hidden)} af {format_count(row['known'], selection.hidden(row['known']))} "
            f"er i job {HEADLINE_MONTHS} måneder efter jobstart")


@per_selection
def retention_chart(selection: Selection) -> go.Figure | None:
    """The share in a job 3, 6 and 12 months after the job start, n at every point; None without job starts."""
    curve = retention_of(selection)
    if curve["due"].sum() == 0:
        return None
    curve["hidden"] = [_retention_hidden(selection, row) for row in curve.itertuples(index=False)]
    curve["share"] = [None if hidden or not known else in_job / known for in_job, known, hidden in
                      zip(curve["in_job"], curve["known"], curve["hidden"], strict=True)]
    curve["label"] = [f"{months} mdr." for months in curve["months"]]
    # A point nobody is due for yet (a young project's 12 months) has no bar, and says why in its place.
    curve["text"] = ["ingen endnu" if not due else SUPPRESSED if hidden else
                     (f"{format_percent(share, 0)}<br>n = {format_number(known)}" if known else "n = 0")
                     for share, known, due, hidden in zip(curve["share"], curve["known"], curve["due"], curve["hidden"],
                                                          strict=True)]
    curve["hover"] = [f"{months} måneder efter jobstart: " + (
        _not_due_yet(months) if not due else
        f"{format_share(in_job, known, 0, hidden=hidden)} med kendt status; "
        f"{format_count(unknown, selection.hidden(unknown))} uden oplysning")
        for months, due, in_job, known, unknown, hidden in zip(
            curve["months"], curve["due"], curve["in_job"], curve["known"], curve["unknown"], curve["hidden"],
            strict=True)]
    # The words at the bars as a trace of their own: a slide's native chart writes them as the page does, and a
    # hidden share is never labelled 0 %.
    words = {"type": "scatter", "mode": "text", "x": curve["label"], "y": curve["share"].fillna(0),
             "text": curve["text"], "textposition": "top center", "hoverinfo": "skip", "showlegend": False,
             "textfont": {"size": 15}}
    figure = bars(curve, x="label", y="share", hover="hover", title=retention_title(selection),
                  x_title="Tid efter jobstart", y_title="Andel i job", percent=True, colour=OKABE_ITO[0],
                  more_traces=(words,))
    figure.update_layout(showlegend=False)
    figure.update_yaxes(range=[0, 1.25], tickvals=[0, 0.25, 0.5, 0.75, 1])
    return figure


@per_selection
def aftercare_of(selection: Selection) -> dict[str, int]:
    return selection.compute(aftercare_summary_in, selection.quarter)


@per_selection
def aftercare_cards(selection: Selection) -> list[Card]:
    """Job starters with aftercare and the contacts, then six-month retention with and without aftercare."""
    summary = aftercare_of(selection)
    starters, given = summary["starters"], summary["with_aftercare"]
    given_hidden = selection.external and share_hidden(given, starters)
    cards = [
        Card("Jobstartede med efterværn", format_count(given, given_hidden or selection.hidden(given)),
             detail=_share_of(given, starters, given_hidden, selection, "med jobstart")),
        Card("Efterværnskontakter", format_count(summary["contacts"], selection.hidden(summary["contacts"])),
             detail=(f"gns. {format_number(summary['contacts'] / given, 1)} pr. borger med efterværn"
                     if given and not given_hidden else None)),
    ]
    for key, label in (("with", "med efterværn"), ("without", "uden efterværn")):
        in_job, known = summary[f"in_job_{key}"], summary[f"known_{key}"]
        hidden = selection.external and share_hidden(in_job, known)
        cards.append(Card(f"I job efter {HEADLINE_MONTHS} måneder, {label}",
                          SUPPRESSED if hidden else (format_percent(in_job / known, 0) if known else "–"),
                          detail=f"{format_count(in_job, hidden)} af {format_count(known, selection.hidden(known))}"
                                 " med kendt status",
                          help=AFTERCARE_NOTE))
    return cards



@per_selection
def aftercare_sentence(selection: Selection) -> str:
    """Aftercare in one line for a slide, from the page's own cards (so with the same suppression)."""
    given, _, with_aftercare, without_aftercare = aftercare_cards(selection)
    starters = aftercare_of(selection)["starters"]
    return (f"Efterværn: {given.value} af {format_count(starters, selection.hidden(starters))} jobstartede. I job "
            f"efter {HEADLINE_MONTHS} måneder: {with_aftercare.value} med efterværn, {without_aftercare.value} uden")


PROGRESSION_TAB, RETENTION_TAB, AFTERCARE_TAB = "Progression mod job", "Fastholdelse i job", "Efterværn"
NO_INSTRUMENT = ("Ingen progressionsmålinger for det valgte. Et projekt vælger sit måleredskab under Stamdata "
                 "(Progressionsmål) og indberetter scorerne i arket 'Progression'.")


def progression_section(selection: Selection, instrument: str) -> Section:
    """One instrument: the scale, the cards, the bands of change (the slide's figure) and the table by group."""
    kicker = f"Progression: {scales_of(selection.frames)[instrument].label}"
    if progression_of(selection, instrument)[1]["n"] == 0:
        return Section(PROGRESSION_TAB, kicker, empty="Ingen borgere har to målinger endnu for det valgte",
                       empty_facts=[scale_description(selection, instrument)])
    return Section(PROGRESSION_TAB, kicker, (
        Line(scale_description(selection, instrument)),
        Cards(progression_cards(selection, instrument)),
        Chart(bands_chart(selection, instrument), "progression_bands", FIGURE),
        Table(progression_group_table(selection, instrument), "progression efter gruppe",
              heading="Efter målgruppe og sted (borgere med mindst to målinger)"),
        Line(NOT_AN_EFFECT),
    ), note=NOT_AN_EFFECT)


def retention_section(selection: Selection) -> Section:
    """Staying in the job: the cards (the slide leaves out the first, which its chart shows), the curve and, where
    anybody had aftercare, aftercare in one line."""
    chart = retention_chart(selection)
    if chart is None:
        return Section(RETENTION_TAB, "Fastholdelse i job",
                       empty="Ingen borgere med jobstart for mindst 3 måneder siden for det valgte")
    aftercare = [Line(aftercare_sentence(selection) + ".", on_slide=True)] \
        if aftercare_of(selection)["with_aftercare"] else []
    return Section(RETENTION_TAB, "Fastholdelse i job", (
        Cards(retention_cards(selection), on_slide=(1, None)),
        Chart(chart, "retention_curve", FIGURE),
        Line(RETENTION_NOTE),
        *aftercare,
    ), note=RETENTION_SLIDE_NOTE)


def aftercare_section(selection: Selection) -> Section:
    """Aftercare in cards: on the page only (the retention slide says it in a line)."""
    if aftercare_of(selection)["starters"] == 0:
        return Section(AFTERCARE_TAB, "Efterværn", empty="Ingen borgere med jobstart for det valgte")
    cards = aftercare_cards(selection)
    return Section(AFTERCARE_TAB, "Efterværn", (
        Cards(cards[:2]), Cards(cards[2:]),
        Line(AFTERCARE_NOTE + " Efterværn indberettes i arket 'Efterværn' som antal kontakter pr. kvartal."),
    ))


def instrument_section(selection: Selection) -> Section:
    """The progression tab: the instrument with scores, or a choice of them where there are several."""
    instruments = instruments_with_data(selection)
    if not instruments:
        return Section(PROGRESSION_TAB, "Progression", empty=NO_INSTRUMENT)
    if len(instruments) == 1:
        return progression_section(selection, next(iter(instruments)))
    return Section(PROGRESSION_TAB, "Progression", (
        Pick("Måleredskab", instruments, "redskab",
             lambda instrument: shown_blocks(progression_section(selection, instrument))),
    ))


SECTIONS = {RETENTION_TAB: retention_section, AFTERCARE_TAB: aftercare_section}  # after one section per instrument
PAGE = Page({PROGRESSION_TAB: instrument_section, **SECTIONS})


def slide_sections(selection: Selection) -> list[Section]:
    """Progression towards job (a slide per instrument with scores), then staying in the job with aftercare in a
    line; a project that follows neither gets no slide."""
    return [*(progression_section(selection, instrument) for instrument in instruments_with_data(selection)),
            retention_section(selection)]
