"""Overblik: key figures with their change, the quarter's successes and alerts, outcomes by quarter."""

import pandas as pd
import plotly.graph_objects as go

from data_access.vocabulary import CATEGORY_GROUPS, JOB_OR_EDUCATION_GROUPS
from metrics.disclosure import long_table_mask, share_hidden
from metrics.overview import category_alerts, key_figures, outcomes_by_quarter
from metrics.quarters import previous_quarter, quarter_label
from metrics.registry import INDICATORS, project_target_status
from metrics.selection import Selection
from ui.charts import CATEGORY_GROUP_COLOURS, stacked_bars
from ui.format import (
    SUPPRESSED,
    format_count,
    format_date,
    format_number,
    format_part,
    format_share,
    format_signed,
)
from ui.topics import Card, per_selection

# Counts that rise and fall with intake are not good or bad in themselves.
NEUTRAL_CHANGE = {"active_persons", "active_families"}
ALERTS_SHOWN = 4


@per_selection
def key_figures_of(selection: Selection) -> pd.DataFrame:
    """The overview's key figures; project targets concern the whole project, whatever the target group."""
    figures = selection.compute(key_figures, selection.quarter).set_index("key")
    whole_project = selection.compute(key_figures, selection.quarter, ("subgoals_met",), all_groups=True)
    figures.loc["subgoals_met"] = whole_project.set_index("key").loc["subgoals_met"]
    return figures.reset_index()


@per_selection
def key_figure_cards(selection: Selection) -> list[Card]:
    figures = key_figures_of(selection)
    before = quarter_label(previous_quarter(selection.quarter))
    cards = []
    for figure in figures.itertuples(index=False):
        indicator = INDICATORS[figure.key]
        # Outside the project group a count of 1-4 persons (or a mean of fewer than 5) is not shown.
        if figure.unit == "points":
            hidden = selection.external and (figure.denominator or 0) < 5
        else:
            hidden = figure.key != "subgoals_met" and selection.hidden(figure.value)
        previous_hidden = figure.unit == "count" and figure.key != "subgoals_met" and \
            selection.hidden(figure.previous_value or 0)
        if figure.key == "subgoals_met":
            value = f"{format_number(figure.value)} af {format_number(figure.denominator)}"
        elif hidden:
            value = SUPPRESSED
        elif figure.unit == "points":
            value = f"{format_signed(figure.value, figure.decimals)} point"
        else:
            value = format_number(figure.value, figure.decimals)
        if figure.key == "who5_mean_change":
            detail = f"n = {format_count(figure.denominator, hidden)} borgere med to målinger"
        elif figure.denominator is not None and not pd.isna(figure.denominator) and figure.key != "subgoals_met":
            share = format_share(figure.numerator, int(figure.denominator),
                                 hidden=selection.external and share_hidden(figure.numerator, figure.denominator))
            detail = f"{share} af voksne og unge med en status"
        else:
            detail = None
        cards.append(Card(
            label=indicator.label,
            value=value,
            detail=detail,
            delta=None if pd.isna(figure.change) or hidden or previous_hidden
            else format_signed(figure.change, figure.decimals),
            delta_colour="off" if figure.key in NEUTRAL_CHANGE else "normal",
            delta_description=f"siden {before}",
            help=indicator.definition,
        ))
    return cards


@per_selection
def successes_card(selection: Selection) -> tuple[Card, str | None]:
    """The quarter's newcomers to job or education, and a sentence worth passing on."""
    indicator = INDICATORS["newly_in_job_or_education"]
    new = selection.compute(indicator.compute, selection.quarter).value or 0
    hidden = selection.hidden(new)
    card = Card(indicator.label, format_count(new, hidden), help=indicator.numerator)
    sentence = None
    if new and not hidden:
        sentence = (f"{format_number(new)} borgere er kommet i job eller uddannelse i "
                    f"{quarter_label(selection.quarter)}: fortæl det videre.")
    return card, sentence


@per_selection
def alert_lines(selection: Selection) -> tuple[list[tuple[str, bool]], str | None]:
    """Categories that moved markedly since the quarter before, as (text, rose), or a note why there are none."""
    before = previous_quarter(selection.quarter)
    if before not in selection.frames.quarters():
        return [], "Intet kvartal før det valgte at sammenligne med."
    alerts = selection.compute(category_alerts, selection.quarter)
    if alerts.empty:
        return [], f"Ingen kategori har ændret sig markant siden {quarter_label(before)}."
    lines = []
    for alert in alerts.head(ALERTS_SHOWN).itertuples(index=False):
        verb = "steg" if alert.change > 0 else "faldt"
        if selection.hidden(alert.before) or selection.hidden(alert.now):
            text = f"{alert.label} {verb} markant"
        else:
            text = f"{alert.label} {verb} fra {format_number(alert.before)} til {format_number(alert.now)}"
        lines.append((text, alert.change > 0))
    return lines, None


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
    if selection.hidden(figure.value) or selection.hidden(figure.previous_value or 0):
        change_text = ""
    return (f"{format_count(figure.value, selection.hidden(figure.value))} i job eller uddannelse i "
            f"{quarter_label(selection.quarter)}{change_text}")


@per_selection
def overview_chart(selection: Selection) -> go.Figure:
    return outcome_groups_chart(outcome_groups(selection), job_or_education_title(selection))


def outcome_groups_note(selection: Selection) -> str:
    return (("Felter med under 5 borgere er skjult (<5), og så er et felt mere i samme kvartal. "
             if selection.external else "")
            + "Status ved kvartalets udgang for borgere med en status i kvartalet. Før/efter-tal uden "
            "kontrolgruppe er beskrivende og viser ikke i sig selv en effekt af indsatsen.")


@per_selection
def project_targets_table(selection: Selection) -> pd.DataFrame:
    """Each project target with its status in the quarter, as the overview's table shows it."""
    targets = selection.compute(project_target_status, selection.quarter, all_groups=True)
    table = pd.DataFrame({
        "Projekt": targets["project_name"],
        "Projektmål": targets["label"],
        "Mål": targets["target_value"].map(format_number),
        f"Status {quarter_label(selection.quarter)}": [
            format_count(actual, selection.hidden(actual or 0)) for actual in targets["actual"]
        ],
        "Heraf": [
            format_part(part, label, selection.hidden(actual or 0) or selection.hidden(0 if pd.isna(part) else part))
            for actual, part, label in zip(targets["actual"], targets["part"], targets["part_label"], strict=True)
        ],
        "Frist": targets["deadline"].map(lambda day: format_date(day.date())),
        "Nået": targets["met"].map({True: "Ja", False: "Nej"}),
    })
    # The "heraf" column only where some target has a part.
    return table.drop(columns="Heraf") if not table["Heraf"].any() else table
