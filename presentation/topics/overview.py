"""Overblik: key figures with their change, the quarter's successes and alerts, outcomes by quarter."""

import pandas as pd
import plotly.graph_objects as go

from metrics.disclosure import long_table_mask, share_hidden
from metrics.goal_rules import describe_rule, rule_of
from metrics.indicators import IndicatorValue
from metrics.overview import FOLLOWED_KEY_FIGURES, category_alerts, key_figures, outcomes_by_quarter
from metrics.quarters import previous_quarter, quarter_label
from metrics.registry import INDICATORS, project_target_status
from metrics.selection import Selection
from metrics.vocabulary import CATEGORY_GROUPS, JOB_OR_EDUCATION_GROUPS, TARGET_GROUPS
from presentation.charts import CATEGORY_GROUP_COLOURS, stacked_bars
from presentation.format import (
    DISCLOSURE_RULE,
    SUPPRESSED,
    WITHHELD,
    format_count,
    format_date,
    format_number,
    format_part,
    format_share,
    format_signed,
    format_with_part,
    with_unit,
)
from presentation.sections import FINDING, Cards, Chart, Line, Page, Section, Side, Stack, Table
from presentation.topics import Card, per_selection
from presentation.topics.activities import activity_alert_lines
from presentation.topics.subgoals import NO_TARGET_VALUE, target_outlooks

# Counts that rise and fall with intake are not good or bad in themselves.
NEUTRAL_CHANGE = {"active_persons", "active_families"}
# What a key figure's share is out of, as its card says it.
SHARE_BASES = {
    "in_job_or_education": "af voksne og unge med en status",
    "progression_closer": "af borgere med to progressionsmålinger",
    "retained_6_months": "af jobstartede med kendt status efter 6 måneder",
}
ALERTS_SHOWN = 4
ACTIVITY_DROPS_SHOWN = 2


@per_selection
def key_figures_of(selection: Selection) -> pd.DataFrame:
    """The overview's key figures; project targets concern the whole project, whatever the target group."""
    figures = selection.compute(key_figures, selection.quarter).set_index("key")
    whole_project = selection.compute(key_figures, selection.quarter, ("subgoals_met",), all_groups=True)
    figures.loc["subgoals_met"] = whole_project.set_index("key").loc["subgoals_met"]
    followed = selection.compute(key_figures, selection.quarter, FOLLOWED_KEY_FIGURES)
    followed = followed[followed["denominator"].fillna(0) > 0]
    return pd.concat([figures.reset_index(), followed], ignore_index=True)


@per_selection
def headline_cards(selection: Selection) -> list[Card]:
    """The project's own headline delmål (marked for Overblik), each with its heraf part, target and change."""
    targets = selection.compute(project_target_status, selection.quarter, all_groups=True)
    targets = targets[targets["is_headline"].astype(bool)]
    if targets.empty:
        return []
    before = previous_quarter(selection.quarter)
    previous = selection.compute(project_target_status, before, all_groups=True).set_index("target_id")["actual"] \
        if before in selection.frames_all_groups.quarters() else pd.Series(dtype=float)
    rules = selection.frames.project_targets.set_index("target_id")
    category_labels = dict(zip(selection.frames.categories["category_code"],
                               selection.frames.categories["category_label"], strict=True))
    several_projects = selection.frames.sites["project_id"].nunique() > 1
    cards = []
    for target in targets.itertuples(index=False):
        hidden = selection.hidden(target.actual or 0)
        part_hidden = hidden or selection.hidden(0 if pd.isna(target.part) else target.part)
        earlier = previous.get(target.target_id) if selection.comparable else None
        goal = "uden måltal" if pd.isna(target.target_value) else \
            f"mål {format_number(target.target_value)} inden {format_date(pd.Timestamp(target.deadline).date())}"
        part = format_part(target.part, target.part_label, part_hidden)
        rule = rule_of(rules.loc[target.target_id])
        detail = f"heraf {part}; {goal}" if part else goal
        cards.append(Card(
            label=target.label,
            value=format_count(target.actual, hidden),
            # With several projects in view, whose delmål it is.
            detail=f"{target.project_name}: {detail}" if several_projects else detail[0].upper() + detail[1:],
            delta=None if earlier is None or pd.isna(earlier) or hidden or selection.hidden(earlier)
            else format_signed(target.actual - earlier),
            delta_description=f"siden {quarter_label(before)}",
            help=(describe_rule(rule, category_labels, TARGET_GROUPS) if rule else
                  INDICATORS[target.indicator_key].definition) + ". Projektets eget delmål, for hele projektet.",
        ))
    return cards


def replaced_by_headlines(selection: Selection) -> bool:
    """Whether every project in view has headline delmål of its own (then these replace the generic figure)."""
    targets = selection.frames.project_targets
    with_headline = set(targets.loc[targets["is_headline"].astype(bool), "project_id"])
    return bool(with_headline) and set(selection.frames.sites["project_id"]) <= with_headline


def job_or_education_note(selection: Selection) -> str:
    """What the generic "i job eller uddannelse" on the page counts (key figure, newcomers, chart), by name."""
    return (f"«I job eller uddannelse» på siden her (nøgletal, nye og grafen) tæller alle kategorier i grupperne job "
            f"og uddannelse: {job_or_education_categories(selection)}. Projektets egne delmål tæller de kategorier, "
            "projektet selv har valgt.")


def job_or_education_categories(selection: Selection) -> str:
    """The categories "I job eller uddannelse" counts, by name: the card says exactly what it is."""
    categories = selection.frames.categories
    counted = categories[categories["group_code"].isin(JOB_OR_EDUCATION_GROUPS)]
    return ", ".join(counted["category_label"])


@per_selection
def key_figure_cards(selection: Selection) -> list[Card]:
    """The key figures; the project's own headline delmål, where it has marked some, take the place of the
    generic "I job eller uddannelse", which counts every job and education category."""
    figures = key_figures_of(selection)
    headlines = headline_cards(selection)
    if replaced_by_headlines(selection):
        figures = figures[figures["key"] != "in_job_or_education"]
    before = quarter_label(previous_quarter(selection.quarter))
    cards = []
    for figure in figures.itertuples(index=False):
        indicator = INDICATORS[figure.key]
        # Outside the project group a count of 1-4 persons (or a mean of fewer than 5) is not shown.
        hidden = indicator.hidden_in(selection, IndicatorValue(figure.value, figure.numerator, figure.denominator))
        previous_hidden = figure.unit == "count" and indicator.counts_persons and \
            selection.hidden(figure.previous_value or 0)
        if not indicator.counts_persons:
            value = f"{format_number(figure.value)} af {format_number(figure.denominator)}"
        elif hidden:
            value = WITHHELD if figure.unit == "points" else SUPPRESSED
        elif figure.unit == "points":
            value = with_unit(format_signed(figure.value, figure.decimals), "point")
        else:
            value = format_number(figure.value, figure.decimals)
        if figure.key == "who5_mean_change":
            detail = f"n = {format_count(figure.denominator, selection.hidden(figure.denominator))} borgere med to " \
                     "målinger"
        elif figure.denominator is not None and not pd.isna(figure.denominator) and indicator.counts_persons:
            share = format_share(figure.numerator, int(figure.denominator),
                                 hidden=selection.external and share_hidden(figure.numerator, figure.denominator))
            detail = f"{share} {SHARE_BASES[figure.key]}"
        else:
            detail = None
        cards.append(Card(
            label=indicator.label,
            value=value,
            detail=detail,
            delta=None if pd.isna(figure.change) or hidden or previous_hidden or not selection.comparable
            else format_signed(figure.change, figure.decimals),
            delta_colour="off" if figure.key in NEUTRAL_CHANGE else "normal",
            delta_description=f"siden {before}",
            help=indicator.definition + (f" Kategorierne: {job_or_education_categories(selection)}."
                                         if figure.key == "in_job_or_education" else ""),
        ))
    return [*headlines, *cards]


@per_selection
def successes_card(selection: Selection) -> tuple[Card, str | None]:
    """The quarter's newcomers to job or education, and a sentence worth passing on."""
    indicator = INDICATORS["newly_in_job_or_education"]
    if not selection.comparable:
        return Card(indicator.label, "–", detail="Afventer indberetning fra alle steder",
                    help=indicator.numerator), None
    if not selection.has_quarter_before:
        # Everyone in job in a first quarter would count as "new": the change needs a quarter before it.
        return Card(indicator.label, "–", detail="Første kvartal: kræver et kvartal før",
                    help=indicator.numerator), None
    new = selection.compute(indicator.compute, selection.quarter).value or 0
    hidden = selection.hidden(new)
    card = Card(indicator.label, format_count(new, hidden), help=indicator.numerator)
    sentence = None
    if new and not hidden:
        sentence = (f"{format_number(new)} borgere er kommet i job eller uddannelse i "
                    f"{quarter_label(selection.quarter)}.")
    return card, sentence


@per_selection
def alert_lines(selection: Selection) -> tuple[list[tuple[str, bool]], str | None]:
    """Categories that moved markedly since the quarter before, then the team's activities that fell markedly,
    as (text, rose), or a note why no category is among them."""
    before = previous_quarter(selection.quarter)
    if not selection.has_quarter_before:
        return [], selection.first_quarter_note
    if not selection.comparable:
        return [], (f"Ingen sammenligning med {quarter_label(before)}: {quarter_label(selection.quarter)} er ikke "
                    "indberettet fra alle steder endnu.")
    alerts = selection.compute(category_alerts, selection.quarter)
    # The team's own activities that fell markedly: a reason to find out why at once (Hedensted/Viborg).
    drops = [(text, False) for text, rose in activity_alert_lines(selection) if not rose][:ACTIVITY_DROPS_SHOWN]
    if alerts.empty:
        return drops, f"Ingen kategori har ændret sig markant siden {quarter_label(before)}."
    lines = []
    for alert in alerts.head(ALERTS_SHOWN).itertuples(index=False):
        verb = "steg" if alert.change > 0 else "faldt"
        if selection.hidden(alert.before) or selection.hidden(alert.now):
            text = f"{alert.label} {verb} markant"
        else:
            text = f"{alert.label} {verb} fra {format_number(alert.before)} til {format_number(alert.now)}"
        lines.append((text, alert.change > 0))
    return lines + drops, None


@per_selection
def outcome_groups(selection: Selection) -> pd.DataFrame:
    """Persons per category group per quarter of the period, with suppression and Danish hover text."""
    outcomes = selection.compute(outcomes_by_quarter)
    outcomes = outcomes[outcomes["quarter"].isin(selection.quarters)].copy()
    # "In job or education" is published too: job + education is a subtotal that must not give a cell away.
    outcomes["hidden"] = long_table_mask(outcomes, "quarter", "group_code", "persons",
                                         subtotals=(JOB_OR_EDUCATION_GROUPS,)) if selection.external else False
    outcomes["shown"] = outcomes["persons"].where(~outcomes["hidden"], 0)
    outcomes["quarter_label"] = outcomes["quarter"].map(quarter_label)
    outcomes["hover"] = [format_share(row.persons, row.quarter_total, hidden=row.hidden)
                         for row in outcomes.itertuples(index=False)]
    return outcomes


def outcome_groups_chart(groups: pd.DataFrame, title: str) -> go.Figure:
    return stacked_bars(
        groups, x="quarter_label", series="group_code", value="shown", hover="hover", presence="persons",
        series_labels=CATEGORY_GROUPS, series_colours=CATEGORY_GROUP_COLOURS,
        title=title, x_title="Kvartal", y_title="Borgere (voksne og unge)",
    )


@per_selection
def job_or_education_title(selection: Selection) -> str:
    """The overview chart's finding, e.g. '48 i job eller uddannelse i 2026 K3, +3 siden 2026 K2'."""
    before = quarter_label(previous_quarter(selection.quarter))
    figure = key_figures_of(selection).set_index("key").loc["in_job_or_education"]
    change_text = ""
    if not pd.isna(figure.change):
        change = int(figure.change)
        change_text = f", {format_signed(change)} siden {before}" if change else f", uændret siden {before}"
    if selection.hidden(figure.value) or selection.hidden(figure.previous_value or 0) or not selection.comparable:
        change_text = ""
    return (f"{format_count(figure.value, selection.hidden(figure.value))} i job eller uddannelse i "
            f"{quarter_label(selection.quarter)}{change_text}")


@per_selection
def overview_chart(selection: Selection) -> go.Figure:
    return outcome_groups_chart(outcome_groups(selection), job_or_education_title(selection))


def outcome_groups_note(selection: Selection) -> str:
    return ((f"Til brug uden for projektgruppen: {DISCLOSURE_RULE}. " if selection.external else "")
            + "Status ved kvartalets udgang for borgere med en status i kvartalet. Før/efter-tal uden "
            "kontrolgruppe er beskrivende og viser ikke i sig selv en effekt af indsatsen.")


@per_selection
def project_targets_table(selection: Selection) -> pd.DataFrame:
    """Each project target with its status in the quarter, as the overview's table shows it."""
    targets = selection.compute(project_target_status, selection.quarter, all_groups=True)
    verdicts = {int(item.target["target_id"]): item.verdict_text for item in target_outlooks(selection)}
    return pd.DataFrame({
        "Projekt": targets["project_name"],
        "Projektmål": targets["label"],
        f"Status {quarter_label(selection.quarter)}": [
            format_with_part(actual, None if pd.isna(part) else part, label, selection.hidden(actual or 0),
                             selection.hidden(0 if pd.isna(part) else part))
            + ("" if base is None or pd.isna(base) else f" af {format_count(base, selection.hidden(base))}")
            for actual, part, label, base in zip(targets["actual"], targets["part"], targets["part_label"],
                                                 targets["base"], strict=True)
        ],
        "Mål": [("–" if pd.isna(value) else format_number(value)) +
                ("" if pd.isna(day) else f" inden {format_date(day.date())}")
                for value, day in zip(targets["target_value"], targets["deadline"], strict=True)],
        # The same words as Delmål, the presentation and the report: "ikke nået" only after the deadline.
        "Vurdering": [verdicts.get(target_id, NO_TARGET_VALUE) for target_id in targets["target_id"]],
    })


def key_figure_table(selection: Selection) -> pd.DataFrame:
    """The key figures as the slide's table: value, the change since the quarter before, and the n."""
    cards = key_figure_cards(selection)
    return pd.DataFrame({
        "Nøgletal": [card.label for card in cards],
        quarter_label(selection.quarter): [card.value for card in cards],
        # A project's first quarter has no quarter before it: no column of changes "since" a quarter without data.
        **({f"Ændring {cards[0].delta_description}": [card.delta or "–" for card in cards]}
           if selection.has_quarter_before else {}),
        "Heraf / n": [card.detail or "" for card in cards],
    })


def overview_section(selection: Selection) -> Section:
    """The key figures (on the slide as a table), the quarter's newcomers and alerts (its facts), the persons by
    category group over the quarters (the Resultater slide draws that chart) and the project targets."""
    success, sentence = successes_card(selection)
    alerts, note = alert_lines(selection)
    targets = project_targets_table(selection)
    return Section("", "Overblik", (
        Line(job_or_education_title(selection), FINDING, on_page=False),
        Cards(key_figure_cards(selection), on_slide=(0, 0)),
        Table(key_figure_table(selection), "noegletal", on_slide=True, on_page=False),
        Line(job_or_education_note(selection)),
        Line("Siden sidste kvartal", "heading"),
        Side((
            # The newcomers on the slide: the sentence, or else the card; none in a first quarter, where the note
            # says why there is no count of newcomers (the slide does not say it twice).
            Stack((Cards([success], per_row=1, on_slide=(0, int(selection.has_quarter_before and not sentence))),
                   *([Line(sentence, on_slide=True)] if sentence else []))),
            Stack((*([Line(note, on_slide=True)] if note else []),
                   *(Line(text, "good" if rose else "worrying", on_slide=True) for text, rose in alerts))),
        ), widths=(1, 2)),
        Chart(overview_chart(selection), "outcomes_by_quarter"),
        Line(outcome_groups_note(selection)),
        Line("Projektmål", "heading"),
        Table(targets, "projektmaal", per_project=True,
              widths={column: 175 for column in targets if column.startswith("Status")}) if len(targets)
        else Line("Ingen projektmål for de valgte steder."),
    ), note="Før/efter-tal uden kontrolgruppe er beskrivende og viser ikke i sig selv en effekt af indsatsen.")


PAGE = Page(above=(overview_section,))


def slide_sections(selection: Selection) -> list[Section]:
    """The key figures as a table, with the quarter's newcomers and alerts as facts."""
    return [overview_section(selection)]
