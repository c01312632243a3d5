"""Medarbejderkombinationer: which professions work together, and how the families of each pair fare."""

import pandas as pd
import plotly.graph_objects as go

from metrics.disclosure import THRESHOLD, share_hidden, suppression_mask
from metrics.quarters import quarter_label
from metrics.registry import INDICATORS
from metrics.selection import Selection
from metrics.staff import (
    caseload,
    caseload_bands,
    combination_outcomes,
    family_pairs_in_quarter,
    overall_family_share,
    pair_outcomes,
    pairs_standing_out,
    profession_matrix,
)
from presentation.charts import OKABE_ITO, bars, chart, reference_line, wrapped_title
from presentation.format import format_count, format_number, format_percent, format_share
from presentation.sections import FACT, FIGURE, FINDING, Cards, Chart, Line, Page, Section, Table
from presentation.topics import Card, per_selection


def staff_labels(selection: Selection, site_ids, keys, professions) -> list[str]:
    """E.g. 'M07 socialrådgiver'; staff keys are per site, so with several sites the site is part of the name."""
    sites = selection.frames.sites
    several = sites["site_id"].nunique() > 1
    site_names = dict(zip(sites["site_id"], sites["site_name"], strict=True))
    names = selection.frames.profession_labels()
    return [(f"{site_names[site_id]}: " if several else "") + f"{key} {names.get(profession, profession).lower()}"
            for site_id, key, profession in zip(site_ids, keys, professions, strict=True)]


@per_selection
def profession_matrix_chart(selection: Selection) -> go.Figure:
    """Families per combination of professions, titled with the most frequent combination."""
    matrix = selection.compute(profession_matrix, selection.quarter)
    names = selection.frames.profession_labels()
    labels = [names.get(name, name) for name in matrix.index]
    hidden = suppression_mask(matrix, True, True) if selection.external else matrix.astype(bool) & False
    text = [[format_count(matrix.iloc[i, j], hidden.iloc[i, j]) for j in range(len(matrix))]
            for i in range(len(matrix))]
    shown = matrix.where(~hidden)
    title = "Familier pr. kombination af fagligheder"
    # A combination with no family is no "most families", nor is one whose count is hidden.
    if (shown > 0).any().any():
        top = shown.stack().idxmax()
        title = (f"Flest familier: {names.get(top[0], top[0]).lower()} + {names.get(top[1], top[1]).lower()} "
                 f"({format_number(matrix.loc[top])})")
    elif (matrix > 0).any().any():
        title += ": alle tal er skjult uden for projektgruppen"
    heatmap = {"type": "heatmap", "z": shown.to_numpy(), "x": labels, "y": labels, "text": text,
               "texttemplate": "%{text}", "colorscale": "Blues",
               "hovertemplate": "%{y} + %{x}: %{text} familier<extra></extra>", "showscale": False}
    return chart([heatmap], title, y_axis={"autorange": "reversed", "tickformat": None}, height=480)


@per_selection
def pair_results(selection: Selection) -> tuple[pd.DataFrame, str, float]:
    """Per pair: families, the share with job or education and its interval, hidden outside the project
    group when small; the finding (which pairs stand out from the average); the average itself."""
    outcomes = selection.compute(pair_outcomes, selection.quarter)
    firsts = staff_labels(selection, outcomes["site_id"], outcomes["staff_a"], outcomes["profession_a"])
    names = selection.frames.profession_labels()
    outcomes["pair"] = [first + f" + {b} {names.get(pb, pb).lower()}"
                        for first, b, pb in zip(firsts, outcomes["staff_b"], outcomes["profession_b"], strict=True)]
    outcomes["hidden"] = [selection.too_few(n) or (selection.external and share_hidden(x, n))
                          for x, n in zip(outcomes["with_job_or_education"], outcomes["families"], strict=True)]
    successes, total = selection.compute(overall_family_share, selection.quarter)
    overall = successes / total if total else 0.0
    # Only pairs that may be shown: the table marks a hidden pair's standing "–" too.
    above, below = pairs_standing_out(outcomes[~outcomes["hidden"]], overall)
    if above == below == 0:
        finding = f"Intet makkerpar skiller sig sikkert ud fra gennemsnittet på {format_percent(overall, 0)}"
    else:
        parts = [f"{format_number(count)} sikkert {direction}" for count, direction in ((above, "over"),
                                                                                         (below, "under")) if count]
        parts[0] = parts[0].replace(" sikkert", " makkerpar ligger sikkert", 1)
        finding = f"{' og '.join(parts)} gennemsnittet på {format_percent(overall, 0)}"
    return outcomes, finding, overall


def families_with_a_pair(selection: Selection) -> int:
    """Families that have had a pair of staff up to the quarter (a family that changed pair counts once)."""
    return selection.compute(overall_family_share, selection.quarter)[1]


def _standing(rows: pd.DataFrame, overall: float) -> list[str]:
    """Per row: whether its whole 95 % interval lies above or below the overall share, or neither."""
    return ["over" if low > overall else "under" if high < overall else "" for low, high in
            zip(rows["low"], rows["high"], strict=True)]


COMBINATION_CHART_MINIMUM = 5  # families a combination needs to be drawn
DRAWN_ONE_BY_ONE = 50  # staff members or pairs a chart can draw one by one and still be read
STANDING_COLOURS = {"over": OKABE_ITO[2], "under": OKABE_ITO[5], "": OKABE_ITO[0]}
STANDING_TEXT = {"over": "sikkert over gennemsnittet", "under": "sikkert under gennemsnittet", "": ""}
STANDING_SHORT = {"over": "Ja, over", "under": "Ja, under", "": "Nej"}  # a table column on a 1280 px screen


def _interval_chart(rows: pd.DataFrame, label: str, finding: str, overall: float) -> go.Figure:
    """Shares with their 95 % intervals beside the overall share; a row whose interval lies wholly above or
    below it is coloured and says so, so the finding in the title can be found in the chart."""
    shown = rows[~rows["hidden"]].sort_values("share")
    standing = _standing(shown, overall)
    points = {
        "type": "scatter", "x": shown["share"], "y": shown[label], "mode": "markers",
        "marker": {"size": 11, "color": [STANDING_COLOURS[mark] for mark in standing]},
        "error_x": {"type": "data", "symmetric": False, "array": shown["high"] - shown["share"],
                    "arrayminus": shown["share"] - shown["low"], "color": "#7F7F7F"},
        "customdata": [[format_share(x, n), format_percent(low, 0), format_percent(high, 0), STANDING_TEXT[mark]]
                       for x, n, low, high, mark in zip(shown["with_job_or_education"], shown["families"],
                                                        shown["low"], shown["high"], standing, strict=True)],
        "hovertemplate": "%{y}<br>%{customdata[0]} familier<br>95 %-interval: %{customdata[1]} til %{customdata[2]}"
                         "<br>%{customdata[3]}<extra></extra>",
    }
    average = reference_line(overall, vertical=True, dash="dash", colour=OKABE_ITO[5], label_on_top=True,
                             label=f"Alle familier: {format_percent(overall, 0)}")
    points["cliponaxis"] = False  # a share of 100 % stays a whole dot
    # Short: on a meeting-room screen the names beside the dots take half the width.
    return chart([points], wrapped_title(finding), "I job eller uddannelse (95 %-interval)", "",
                 x_axis={"tickformat": ".0%", "range": [0, 1]}, y_axis={"tickformat": None},
                 reference_lines=(average,), height=max(360, 24 * len(shown) + 120))


@per_selection
def pair_results_chart(selection: Selection) -> go.Figure:
    outcomes, finding, overall = pair_results(selection)
    if sum(pairs_standing_out(outcomes[~outcomes["hidden"]], overall)):
        # Said only on the chart itself: the slide that quotes the finding shows no pairs.
        finding += " (markeret med farve)"
    return _interval_chart(pairs_drawn(selection), "pair", finding, overall)


@per_selection
def pairs_drawn(selection: Selection) -> pd.DataFrame:
    """The pairs the chart draws: every pair that may be shown, or, when they are too many to read one by one
    (a programme of many sites), those that stand out from the average and then those with most families."""
    outcomes, _, overall = pair_results(selection)
    visible = outcomes[~outcomes["hidden"]]
    if len(visible) <= DRAWN_ONE_BY_ONE:
        return visible
    order = visible.assign(stands_out=[mark != "" for mark in _standing(visible, overall)])
    return visible.loc[order.sort_values(["stands_out", "families"], ascending=False, kind="stable")
                       .index[:DRAWN_ONE_BY_ONE]]


def pairs_drawn_note(selection: Selection) -> str | None:
    """Which pairs the chart draws, when it cannot draw them all; None when it does."""
    outcomes, _, overall = pair_results(selection)
    visible = outcomes[~outcomes["hidden"]]
    drawn = len(pairs_drawn(selection))
    if drawn == len(visible):
        return None
    standing_out = sum(pairs_standing_out(visible, overall))
    shown = f"Grafen viser {format_number(drawn)} af de {format_number(len(visible))} makkerpar"
    if standing_out >= drawn:
        which = (f"de {format_number(drawn)} med flest familier blandt de {format_number(standing_out)}, der skiller "
                 "sig sikkert ud")
    elif standing_out:
        which = "det ene" if standing_out == 1 else f"de {format_number(standing_out)}"
        which += ", der skiller sig sikkert ud, og dernæst dem med flest familier"
    else:
        which = "dem med flest familier (intet par skiller sig sikkert ud)"
    return f"{shown}: {which}. Tabellen viser dem alle."


@per_selection
def combination_results(selection: Selection) -> tuple[pd.DataFrame, str, float]:
    """Per combination of professions (pairs pooled): families, the share with job or education and its
    interval, hidden outside the project group when small; the finding; the overall share."""
    combos = selection.compute(combination_outcomes, selection.quarter)
    names = selection.frames.profession_labels()
    combos["combination"] = [f"{names.get(a, a)} + {names.get(b, b).lower()}"
                             for a, b in zip(combos["profession_a"], combos["profession_b"], strict=True)]
    combos["hidden"] = [selection.too_few(n) or (selection.external and share_hidden(x, n))
                        for x, n in zip(combos["with_job_or_education"], combos["families"], strict=True)]
    successes, total = selection.compute(overall_family_share, selection.quarter)
    overall = successes / total if total else 0.0
    visible = combos[~combos["hidden"]]
    marks = _standing(visible, overall)
    above = [name for name, mark in zip(visible["combination"], marks, strict=True) if mark == "over"]
    below = [name for name, mark in zip(visible["combination"], marks, strict=True) if mark == "under"]
    if not above and not below:
        finding = f"Ingen kombination af fagligheder skiller sig sikkert ud fra gennemsnittet på " \
                  f"{format_percent(overall, 0)}"
    else:
        parts = ([f"over: {', '.join(above).lower()}"] if above else []) + \
                ([f"under: {', '.join(below).lower()}"] if below else [])
        finding = f"Sikkert {' og '.join(parts)} gennemsnittet på {format_percent(overall, 0)}"
    return combos, finding, overall


@per_selection
def combination_chart(selection: Selection) -> go.Figure | None:
    """The combinations with enough families to draw; None when there is none (a new project): the page and the
    slide say so in words instead of drawing an empty plot."""
    combos, finding, overall = combination_results(selection)
    # Fewer than 5 families give an interval that says nothing; the table lists those combinations too.
    drawn = combos[(combos["families"] >= COMBINATION_CHART_MINIMUM) & ~combos["hidden"]]
    return _interval_chart(drawn, "combination", finding, overall) if len(drawn) else None


def no_combination_drawn(selection: Selection) -> str:
    """Why the combinations chart is missing, in words."""
    combos, _, _ = combination_results(selection)
    if len(combos) and combos["hidden"].all():
        return (f"Alle kombinationer har under {THRESHOLD} familier (eller under {THRESHOLD} i job eller "
                "uddannelse), så ingen kan vises uden for projektgruppen.")
    return (f"Ingen kombination af fagligheder har {COMBINATION_CHART_MINIMUM} familier endnu, så ingen kan skelnes "
            "fra gennemsnittet.")


@per_selection
def combination_table(selection: Selection) -> pd.DataFrame:
    combos, _, overall = combination_results(selection)
    return pd.DataFrame({
        "Fagligheder": combos["combination"],
        "Makkerpar": combos["pairs"].map(format_number),
        **_share_columns(selection, combos, overall),
    })


def _share_columns(selection: Selection, rows: pd.DataFrame, overall: float) -> dict[str, list[str]]:
    """The families, their share in job or education with its interval, and whether it stands out, as a table
    shows them. The count is hidden only when it is 1-4 itself; a share that could give a small count away is
    hidden in its own column ("skjult (n = 5)"), and the n stays."""
    return {
        "Familier (n)": [format_count(n, selection.hidden(n)) for n in rows["families"]],
        "Med job eller uddannelse": [format_share(x, n, hidden=h) for x, n, h in zip(
            rows["with_job_or_education"], rows["families"], rows["hidden"], strict=True)],
        "95 %-interval": ["skjult" if h else f"{format_percent(low, 0)} til {format_percent(high, 0)}"
                          for low, high, h in zip(rows["low"], rows["high"], rows["hidden"], strict=True)],
        "Skiller sig ud": ["–" if h else STANDING_SHORT[mark] for h, mark in
                           zip(rows["hidden"], _standing(rows, overall), strict=True)],
    }


@per_selection
def staff_cards(selection: Selection) -> list[Card]:
    """Distinct pairs so far, staff and professions, families per staff member in the quarter."""
    quarter = selection.quarter
    family_pairs, families = selection.compute(family_pairs_in_quarter, quarter)
    several = "; nogle har haft mere end ét par" if family_pairs > families else ""
    load = selection.compute(caseload, quarter)
    distinct = INDICATORS["distinct_staff_pairs"]
    active = load[load["families"] > 0]["families"]
    return [
        Card(f"{distinct.label} i alt", format_number(selection.compute(distinct.compute, quarter).value),
             detail=f"{format_number(families)} familier med makkerpar i {quarter_label(quarter)}{several}",
             help=distinct.definition),
        Card("Medarbejdere", format_number(len(load)),
             detail=f"{format_number(load['profession'].nunique())} fagligheder"),
        Card(f"Familier pr. medarbejder i {quarter_label(quarter)}",
             format_number(active.mean(), 1) if len(active) else "–",
             detail=f"fra {format_count(active.min(), selection.hidden(active.min()))} til "
                    f"{format_count(active.max(), selection.hidden(active.max()))}" if len(active) else None),
    ]


def caseload_in_bands(selection: Selection) -> bool:
    """Whether the staff are too many to draw one by one, so that the chart counts them by caseload instead."""
    return len(selection.compute(caseload, selection.quarter)) > DRAWN_ONE_BY_ONE


@per_selection
def caseload_chart(selection: Selection) -> go.Figure:
    load = selection.compute(caseload, selection.quarter)
    if caseload_in_bands(selection):
        return _caseload_band_chart(selection, load)
    load["label"] = staff_labels(selection, load["site_id"], load["staff_key"], load["profession"])
    load["hidden"] = [selection.hidden(count) for count in load["families"]]
    load["shown"] = load["families"].where(~load["hidden"], 0)
    load["hover"] = [f"{label}: {format_count(count, hidden)} familier ({department})"
                     for label, count, hidden, department in zip(load["label"], load["families"], load["hidden"],
                                                                 load["department"], strict=True)]
    return bars(load.iloc[::-1], x="label", y="shown", hover="hover", horizontal=True,
                title=f"Familier pr. medarbejder i {quarter_label(selection.quarter)}", x_title="Medarbejder",
                y_title="Familier", colour=OKABE_ITO[2], height=max(480, 22 * len(load) + 120))


def _caseload_band_chart(selection: Selection, load: pd.DataFrame) -> go.Figure:
    # Bands as wide as the disclosure threshold: the first band holds exactly the caseloads that are not shown
    # one by one outside the project group.
    bands = caseload_bands(load, THRESHOLD)
    bands["label"] = [f"{low}–{high}" for low, high in zip(bands["low"], bands["high"], strict=True)]
    bands["hover"] = [f"{format_number(staff)} medarbejdere med {label} familier"
                      for staff, label in zip(bands["staff"], bands["label"], strict=True)]
    staff = format_number(int(bands["staff"].sum()))
    return bars(bands, x="label", y="staff", hover="hover", colour=OKABE_ITO[2],
                title=wrapped_title(f"{staff} medarbejdere med familier i {quarter_label(selection.quarter)}, "
                                    "efter hvor mange familier de har"),
                x_title="Familier pr. medarbejder", y_title="Medarbejdere")


@per_selection
def pair_table(selection: Selection) -> pd.DataFrame:
    """Each pair with its families, the share with job or education and the interval, as the page's table."""
    outcomes, _, overall = pair_results(selection)
    return pd.DataFrame({
        "Makkerpar": outcomes["pair"],
        f"Aktive i {quarter_label(selection.quarter)}": [format_count(n, selection.hidden(n))
                                                         for n in outcomes["in_quarter"]],
        **_share_columns(selection, outcomes, overall),
    })


COMBINATIONS_TAB, PAIRS_TAB, PROFESSIONS_TAB, CASELOAD_TAB = (
    "Resultater pr. faglighed", "Resultater pr. makkerpar", "Fagligheder sammen", "Familier pr. medarbejder")
# The cards above the tabs and the tabs but the caseloads make one slide: the combinations chart (or, without one,
# their finding and why), the first card, the pairs' finding and the professions chart's title.
KICKER = "Medarbejderkombinationer"
SMALL_NUMBERS = ("Små tal afgør intet: familierne er ikke fordelt tilfældigt mellem parrene, og et par med få "
                 "familier kan ligne en succes ved et tilfælde.")


def cards_section(selection: Selection) -> Section:
    """The key figures above the page's tabs (the slide has the first), or why there is nothing to show."""
    if not selection.frames.has_rows("assignments"):
        return Section("", KICKER, empty="Ingen tilknytninger af medarbejdere for det valgte", empty_slide=True)
    return Section("", KICKER, (Cards(staff_cards(selection), on_slide=(0, 1)),))


def combinations_section(selection: Selection) -> Section:
    """The pairs pooled by their professions: the chart (the slide's figure) or why there is none, and the table."""
    figure = combination_chart(selection)
    drawn = (Chart(figure, "combination_outcomes", FIGURE),) if figure is not None else (
        Line(combination_results(selection)[1], FINDING),
        Line(no_combination_drawn(selection), "info", on_slide=True))
    return Section(COMBINATIONS_TAB, KICKER, (
        Line("Makkerpar med samme to fagligheder er lagt sammen: med få familier pr. par kan intet enkelt par "
             "skelnes fra gennemsnittet, men en kombination af fagligheder kan. En familie tæller, når en voksen "
             "eller ung i familien er i job eller uddannelse. Familierne er ikke fordelt tilfældigt, så en "
             "forskel viser ikke i sig selv en effekt af kombinationen. Grafen viser kombinationer med mindst "
             f"{COMBINATION_CHART_MINIMUM} familier; tabellen viser dem alle."),
        *drawn,
        Table(combination_table(selection), "fagligheder"),
    ), note=SMALL_NUMBERS if figure is not None else None)


def pairs_section(selection: Selection) -> Section:
    """Each pair's families and results, with the warning that small numbers decide nothing; on the slide, the
    pairs' finding in one line (a slide shows no single pair)."""
    outcomes, finding, _ = pair_results(selection)
    drawn_note = pairs_drawn_note(selection)
    hidden = int(outcomes["hidden"].sum())
    few = f"under {THRESHOLD} familier (eller under {THRESHOLD} i job eller uddannelse)"
    return Section(PAIRS_TAB, KICKER, (
        Line("Små tal afgør intet. Et makkerpar med 3 familier kan ligne en succes eller en fiasko ved et tilfælde; "
             "intervallet viser, hvor usikkert tallet er. Familierne er heller ikke fordelt tilfældigt mellem "
             "parrene.", "warning"),
        *([Line(drawn_note)] if drawn_note else []),
        Line(f"Alle makkerpar har {few}, så intet par kan vises uden for projektgruppen.", "hidden")
        if outcomes["hidden"].all() else Chart(pair_results_chart(selection), "pair_outcomes"),
        *([Line(f"{format_number(hidden)} makkerpar med {few} er skjult.")] if selection.external and hidden else []),
        Table(pair_table(selection), "makkerpar"),
        Line(f"{format_number(families_with_a_pair(selection))} familier har haft et makkerpar til og med "
             f"{quarter_label(selection.quarter)}. En familie, der har skiftet par, tæller med hos begge par."),
        Line(f"Pr. makkerpar: {finding[0].lower()}{finding[1:]}.", on_slide=True, on_page=False),
    ))


def professions_section(selection: Selection) -> Section:
    return Section(PROFESSIONS_TAB, KICKER, (Chart(profession_matrix_chart(selection), "profession_matrix", FACT),))


def caseload_section(selection: Selection) -> Section:
    """Families per staff member, or per band of caseloads when the staff are too many to draw: the page only."""
    bands = [Line(f"Med over {DRAWN_ONE_BY_ONE} medarbejdere på de valgte steder viser grafen, hvor mange "
                  "medarbejdere der har hvor mange familier. Vælg et sted i sidepanelet for at se hver "
                  "medarbejder.")] if caseload_in_bands(selection) else []
    return Section(CASELOAD_TAB, KICKER, (*bands, Chart(caseload_chart(selection), "caseload")))


SECTIONS = {COMBINATIONS_TAB: combinations_section, PAIRS_TAB: pairs_section, PROFESSIONS_TAB: professions_section,
            CASELOAD_TAB: caseload_section}
PAGE = Page(SECTIONS, above=(cards_section,))


def slide_sections(selection: Selection) -> list[Section]:
    """One slide: the combinations, with the first card, the pairs' finding and the professions as facts."""
    cards = cards_section(selection)
    return [cards] if cards.empty else [cards, combinations_section(selection), pairs_section(selection),
                                        professions_section(selection)]
