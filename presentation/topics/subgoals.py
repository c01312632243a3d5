"""Delmål: each project target against its actual, with a forecast and a verdict; all targets at a glance."""

import textwrap
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from metrics.disclosure import suppression_mask
from metrics.goal_rules import EVER, rule_of
from metrics.quarters import quarter_end, quarter_label, quarter_range
from metrics.selection import Selection
from metrics.subgoals import (
    AT_RISK,
    NOT_REACHED,
    ON_TRACK,
    PACE_QUARTERS,
    REACHED,
    TOO_EARLY,
    Forecast,
    forecast,
    goals_by_area,
    median_days_to_achieve,
    person_goal_counts,
    target_trajectory,
)
from metrics.vocabulary import GOAL_AREAS, GOAL_STATUSES
from presentation.charts import (
    NEUTRAL_GREY,
    OKABE_ITO,
    TITLE_LINE_HEIGHT,
    chart,
    reference_line,
    translucent,
    wrapped_title,
)
from presentation.format import (
    SUPPRESSED,
    format_count,
    format_date,
    format_number,
    format_part,
    format_percent,
    format_with_part,
)
from presentation.sections import FIGURE, FINDING, Box, Cards, Chart, Line, Metric, Page, Section, Side, Stack, Table
from presentation.topics import Card, per_selection

NO_TARGET_VALUE = "Uden måltal"
WAITING = "Afventer indberetning"
TOO_EARLY_NOTE = (f"Et tempo kræver tal fra {PACE_QUARTERS} kvartaler: før det regnes der ikke frem, og intet "
                  "delmål kaldes i risiko.")
LABEL_WIDTH = 34  # characters per line of a target's name beside its bar
TARGET_TITLE_WIDTH = 60  # characters per line of a delmål chart's title
VERDICT_ORDER = (REACHED, ON_TRACK, TOO_EARLY, AT_RISK, NOT_REACHED)
VERDICT_COLOURS = {REACHED: OKABE_ITO[2], ON_TRACK: OKABE_ITO[2], TOO_EARLY: NEUTRAL_GREY, AT_RISK: OKABE_ITO[1],
                   NOT_REACHED: OKABE_ITO[5]}


@dataclass(frozen=True)
class TargetOutlook:
    target: pd.Series  # target_id, project_id, indicator_key, label, target_value, deadline
    project: str
    trajectory: pd.DataFrame  # quarter, actual: the quarters every site of the project has reported
    outlook: Forecast | None  # None: a delmål without a target value, or waiting for returns
    waiting_for: tuple[str, ...] = ()  # sites of the project that have not reported the chosen quarter

    @property
    def latest(self) -> float:
        return self.trajectory["actual"].iloc[-1]

    @property
    def latest_part(self) -> float | None:
        """The "heraf" part in the latest quarter; None for a target without one."""
        part = self.trajectory["part"].iloc[-1]
        return None if pd.isna(part) else float(part)

    def now_text(self, selection: Selection) -> str:
        """The latest figure with its "heraf" part, e.g. '10, heraf 9 i fleksjob'."""
        return format_with_part(self.latest, self.latest_part, self.target.get("part_label"),
                                selection.hidden(self.latest), selection.hidden(self.latest_part or 0))

    @property
    def part_goal(self) -> float | None:
        """The "heraf" part's own target value, where the project has set one."""
        value = self.target.get("part_target_value")
        return None if value is None or pd.isna(value) else float(value)

    def goal_text(self) -> str:
        """'15 inden 31-12-2021, heraf 5 gennemført'."""
        text = f"{format_number(self.target['target_value'])} inden {format_date(self.deadline.date())}"
        if self.part_goal is not None:
            text += f", heraf {format_part(self.part_goal, self.target.get('part_label'))}"
        return text

    @property
    def deadline(self) -> pd.Timestamp:
        return pd.Timestamp(self.target["deadline"])

    @property
    def verdict_text(self) -> str:
        if self.waiting_for:
            return WAITING
        return self.outlook.verdict.capitalize() if self.outlook else NO_TARGET_VALUE


@per_selection
def target_outlooks(selection: Selection) -> list[TargetOutlook]:
    """Every project target of the chosen sites, measured on its whole project (no target-group filter)."""
    frames = selection.frames_all_groups
    sites = selection.frames.sites
    projects = sites.drop_duplicates("project_id").set_index("project_id")["project_name"]
    outlooks = []
    for target in selection.frames.project_targets.itertuples(index=False):
        series = pd.Series(target._asdict())
        own_sites = sites.loc[sites["project_id"] == target.project_id, "site_id"].tolist()
        # Only quarters all of the project's sites have reported: a half-reported quarter is no trend.
        quarters = [quarter for quarter in frames.complete_quarters(own_sites) if quarter <= selection.quarter]
        waiting = tuple(selection.site_names_by_id[site_id]
                        for site_id in frames.sites_missing(own_sites, selection.quarter))
        trajectory = selection.compute(target_trajectory, target.target_id, quarters, all_groups=True)
        has_goal = not pd.isna(target.target_value) and not pd.isna(target.deadline) and not waiting
        rule = rule_of(series)
        outlook = forecast(trajectory, target.target_value, pd.Timestamp(target.deadline),
                           never_falls=rule is not None and rule.counting == EVER) \
            if has_goal and len(trajectory) else None
        outlooks.append(TargetOutlook(series, projects.get(target.project_id, ""), trajectory, outlook, waiting))
    return outlooks


def target_heading(selection: Selection, item: TargetOutlook) -> str:
    """The target chart's finding, e.g. 'I risiko: Borgere afklaret i rehabiliteringsteamet inden 31-12-2026
    (nu 12, heraf 8 i fleksjob)'."""
    if item.waiting_for:
        known = (f" (seneste fulde kvartal {quarter_label(item.trajectory['quarter'].iloc[-1])}: "
                 f"{item.now_text(selection)})" if len(item.trajectory) else "")
        return (f"{item.target['label']}: {quarter_label(selection.quarter)} mangler fra "
                f"{' og '.join(item.waiting_for)}{known}")
    if item.outlook is None:
        return f"{item.target['label']}: {item.now_text(selection)} i {quarter_label(selection.quarter)}"
    return (f"{item.outlook.verdict.capitalize()}: {item.target['label']} inden {format_date(item.deadline.date())} "
            f"(nu {item.now_text(selection)})")


def targets_needing_attention(selection: Selection, outlooks: list[TargetOutlook], most: int = 4) -> list[str]:
    """The findings of the targets furthest from their goal first, at most ``most`` of them, so that a slide's
    list fits a meeting-room screen; the chart beside it shows every target."""
    severity = {verdict: rank for rank, verdict in enumerate(reversed(VERDICT_ORDER))}
    ranked = sorted(outlooks, key=lambda item: severity[item.outlook.verdict] if item.outlook else len(severity))
    lines = [target_heading(selection, item) for item in ranked[:most]]
    if len(ranked) > most:
        lines.append(f"Grafen viser alle {len(ranked)} projektmål.")
    return lines


@per_selection
def target_chart(selection: Selection, number: int) -> go.Figure:
    """The ``number``th target: actual per quarter, the straight path to it, the forecast with its 95 % band."""
    item = target_outlooks(selection)[number]
    quarter, outlook, trajectory = selection.quarter, item.outlook, item.trajectory
    target_value, latest = item.target["target_value"], item.latest
    traces = [
        {"type": "scatter", "x": trajectory["quarter"].map(quarter_label),
         "y": [None if selection.hidden(value) else value for value in trajectory["actual"]],
         "mode": "lines+markers", "name": "Faktisk", "line": {"color": OKABE_ITO[0], "width": 3},
         "hovertemplate": "%{x}: %{y:,.0f}<extra>Faktisk</extra>"},
    ]
    # The chart stands beside its figures in three quarters of the page: a long delmål wraps rather than is cut.
    title = wrapped_title(target_heading(selection, item), TARGET_TITLE_WIDTH)
    if outlook is None:
        return chart(traces, title, "Kvartal", "", height=380, showlegend=False)
    traces += [
        {"type": "scatter",
         "x": [quarter_label(trajectory["quarter"].iloc[0]), quarter_label(outlook.deadline_quarter)],
         "y": [trajectory["actual"].iloc[0], target_value], "mode": "lines", "name": "Lige vej til målet",
         "line": {"color": "#7F7F7F", "dash": "dot"}, "hovertemplate": "%{x}: %{y:,.0f}<extra>Lige vej</extra>"},
    ]
    future = quarter_range(quarter, outlook.deadline_quarter) if outlook.deadline_quarter > quarter else []
    if future and outlook.value is not None:
        steps = len(future) - 1

        def path(end: float) -> list[float]:
            return [latest + (end - latest) * i / steps for i in range(len(future))] if steps else [latest]

        future_labels = [quarter_label(q) for q in future]
        low, high = path(outlook.low), path(outlook.high)
        traces += [
            {"type": "scatter", "x": future_labels + future_labels[::-1], "y": high + low[::-1], "fill": "toself",
             "mode": "lines", "fillcolor": translucent(OKABE_ITO[1], 0.2), "line": {"width": 0},
             "name": "Usikkerhed (95 %)", "hoverinfo": "skip"},
            {"type": "scatter", "x": future_labels, "y": path(outlook.value), "mode": "lines",
             "name": "Prognose i nuværende tempo", "line": {"color": OKABE_ITO[1], "dash": "dash"},
             "hovertemplate": "%{x}: %{y:,.0f}<extra>Prognose</extra>"},
        ]
    target_lines = [reference_line(target_value, colour=VERDICT_COLOURS[outlook.verdict],
                                   label=f"Mål: {format_number(target_value)}")]
    if item.part_goal is not None:
        # The "heraf" part against its own goal, drawn under the whole.
        part_name = f"Heraf {item.target.get('part_label') or ''}".rstrip()
        traces.append({"type": "scatter", "x": trajectory["quarter"].map(quarter_label),
                       "y": [None if selection.hidden(value) else value for value in trajectory["part"]],
                       "mode": "lines+markers", "name": part_name,
                       "line": {"color": OKABE_ITO[3], "width": 2, "dash": "dot"},
                       "hovertemplate": "%{x}: %{y:,.0f}<extra>%{fullData.name}</extra>"})
        target_lines.append(reference_line(item.part_goal, colour=OKABE_ITO[3], dash="dot",
                                           label=f"Heraf-mål: {format_number(item.part_goal)}"))
    return chart(traces, title, "Kvartal", "", reference_lines=tuple(target_lines),
                 height=380 + TITLE_LINE_HEIGHT * (title.count("<br>") + 1))


def verdict_counts_title(outlooks: list[TargetOutlook]) -> str:
    """E.g. 'Projektmål: 2 nået, 1 på sporet, 2 i risiko'."""
    verdicts = [item.verdict_text.lower() for item in outlooks]
    parts = [f"{verdicts.count(verdict)} {verdict}" for verdict in (*VERDICT_ORDER, WAITING.lower(),
                                                                   NO_TARGET_VALUE.lower()) if verdict in verdicts]
    return f"Projektmål: {', '.join(parts)}" if parts else "Ingen projektmål"


@per_selection
def targets_overview_chart(selection: Selection) -> go.Figure:
    """Every target at a glance: how far the actual has come towards the target, coloured by verdict."""
    outlooks = target_outlooks(selection)
    several_projects = len({item.project for item in outlooks}) > 1
    rows = []
    # A delmål without a target value has no share to draw: the table shows it.
    outlooks = [item for item in outlooks if item.outlook is not None]
    for item in outlooks:
        hidden = selection.hidden(item.latest)
        share = item.latest / item.target["target_value"] if item.target["target_value"] else None
        label = f"{item.project}: {item.target['label']}" if several_projects else item.target["label"]
        label = "<br>".join(textwrap.wrap(label, LABEL_WIDTH))
        text = (f"{SUPPRESSED} af {format_number(item.target['target_value'])}" if hidden else
                f"{format_number(item.latest)} af {format_number(item.target['target_value'])}"
                f" ({format_percent(share, 0)})")
        # A hidden actual gets no bar (its length would give the count away), only its '<5' label.
        rows.append({"label": label, "share": 0.0 if hidden else share, "text": text,
                     "verdict": item.outlook.verdict,
                     "colour": VERDICT_COLOURS[item.outlook.verdict]})
    data = pd.DataFrame(rows, columns=["label", "share", "text", "verdict", "colour"])
    top = max([1.0, *data["share"].dropna().tolist()])
    bar = {"type": "bar", "y": data["label"], "x": data["share"], "orientation": "h",
           "marker": {"color": data["colour"]}, "customdata": data[["verdict", "text"]],
           "hovertemplate": "%{y}<br>%{customdata[1]}: %{customdata[0]}<extra></extra>"}
    # The figures stand in a column of their own right of every bar and of the target line, so that neither the
    # line nor its label runs through them, and a goal passed (over 100 %) is not cut at the edge.
    figures = {"type": "scatter", "mode": "text", "y": data["label"], "x": [top * 1.04] * len(data),
               "text": data["text"], "textposition": "middle right", "hoverinfo": "skip", "cliponaxis": False}
    return chart([bar, figures], verdict_counts_title(outlooks),
                 "Andel af målet nået i " + quarter_label(selection.quarter),
                 x_axis={"tickformat": ".0%", "range": [0, top * 1.75], "tickvals": [0, 0.25, 0.5, 0.75, 1.0]},
                 y_axis={"tickformat": None, "autorange": "reversed"},
                 # "Målet" above the plot, where it meets no bar's figures.
                 reference_lines=(reference_line(1, vertical=True, dash="dash", label="Målet", label_on_top=True),),
                 height=max(300, 70 * len(data) + 120), showlegend=False)


@per_selection
def target_outlook_table(selection: Selection) -> pd.DataFrame:
    """Every target with where it stands, where it is heading at the present pace, and the verdict."""
    outlooks = target_outlooks(selection)
    rows = []
    for item in outlooks:
        outlook = item.outlook
        passed = outlook is not None and outlook.deadline_quarter <= selection.quarter
        rows.append({
            "Projekt": item.project,
            "Projektmål": item.target["label"],
            f"Nu ({quarter_label(selection.quarter)})": item.now_text(selection),
            "Mål": item.goal_text() if outlook else "–",
            "Ved fristen": "–" if outlook is None or outlook.value is None else ("" if passed else "forventet ") + (
                SUPPRESSED if selection.hidden(outlook.value) else format_number(outlook.value)),
            "Vurdering": item.verdict_text,
        })
    return pd.DataFrame(rows)


@per_selection
def person_goal_view(selection: Selection) -> tuple[list[Card], go.Figure] | None:
    """The goals set with each person: how many, how many achieved, the median time, and goals per area
    and status; None when no goals are reported."""
    goals = selection.compute(person_goal_counts, selection.quarter)
    if goals.empty:
        return None
    table = goals_by_area(goals)
    hidden = suppression_mask(table, rows_have_totals=True) if selection.external else table.astype(bool) & False
    median_days, achieved = median_days_to_achieve(goals)
    total, done = int(goals["goals"].sum()), int(table["achieved"].sum())
    cards = [
        Card("Delmål i alt", format_count(total, selection.hidden(total))),
        Card("Nået", format_count(done, selection.hidden(done)),
             detail=f"{format_number(100 * done / total, 0)} % af alle delmål" if not selection.hidden(done)
             else None),
        Card("Median tid til et nået delmål",
             "–" if median_days is None or (selection.too_few(achieved))
             else f"{format_number(median_days / 30.4, 1)} mdr.",
             detail=f"n = {format_count(achieved, selection.hidden(achieved))} nåede delmål"),
    ]
    areas = [GOAL_AREAS.get(area, area) for area in table.index]
    traces = []
    for status, colour in zip(["achieved", "in_progress", "set", "abandoned"],
                              [OKABE_ITO[2], OKABE_ITO[0], OKABE_ITO[4], OKABE_ITO[5]], strict=True):
        texts = [format_count(v, h) for v, h in zip(table[status], hidden[status], strict=True)]
        traces.append({"type": "bar", "y": areas, "x": table[status].where(~hidden[status], 0),
                       "name": GOAL_STATUSES[status], "orientation": "h", "marker": {"color": colour},
                       "customdata": [[t] for t in texts],
                       "hovertemplate": "%{y}: %{customdata[0]} " + GOAL_STATUSES[status].lower() + "<extra></extra>"})
    top_area = table["achieved"].where(~hidden["achieved"], 0).idxmax()
    figure = chart(traces, f"Flest nåede delmål inden for {GOAL_AREAS.get(top_area, top_area).lower()}", "Delmål", "",
                   y_axis={"tickformat": None, "autorange": "reversed"}, barmode="stack", height=420)
    return cards, figure


ALL_TARGETS_TAB, EACH_TARGET_TAB, PERSON_GOALS_TAB = "Alle projektmål", "Mål for mål", "Borgernes egne delmål"


def all_targets_section(selection: Selection) -> Section:
    """Every target at a glance (the slide's figure) and in a table; the slide lists those furthest from their
    goal and counts every verdict in its title, those waiting for a return or without a target value too."""
    outlooks = target_outlooks(selection)
    if not outlooks:
        return Section(ALL_TARGETS_TAB, "Delmål", empty="Ingen projektmål for de valgte steder", empty_slide=True)
    table = target_outlook_table(selection)
    return Section(ALL_TARGETS_TAB, "Delmål", (
        Line(verdict_counts_title(outlooks), FINDING, on_page=False),
        Chart(targets_overview_chart(selection), "targets_overview", FIGURE),
        # Room for "12, heraf 8 i fleksjob".
        Table(table, "projektmaal", per_project=True,
              widths={column: 175 for column in table if column.startswith("Nu")}),
        *(Line(line, on_slide=True, on_page=False) for line in targets_needing_attention(selection, outlooks)),
    ), note="Prognosen forlænger tempoet i de seneste fire kvartaler; projektmål gælder hele projektet.")


def person_goals_section(selection: Selection) -> Section:
    """The goals set with each person, by area and status (on the page only)."""
    goals = person_goal_view(selection)
    if goals is None:
        return Section(PERSON_GOALS_TAB, "Delmål", empty="Ingen delmål med borgerne for det valgte")
    cards, figure = goals
    return Section(PERSON_GOALS_TAB, "Delmål", (Cards(cards), Chart(figure, "person_goals")))


# How a verdict is shown beside its target: the kind of box and its icon.
VERDICT_LINES = {REACHED: ("success", ":material/check_circle:"), ON_TRACK: ("success", ":material/trending_up:"),
                 TOO_EARLY: ("info", ":material/hourglass_empty:"), AT_RISK: ("warning", ":material/warning:"),
                 NOT_REACHED: ("error", ":material/cancel:")}


def _beside_target(selection: Selection, item: TargetOutlook) -> tuple:
    """What stands beside a target's chart: where it is now, the goal, where it is heading and the verdict; or
    why there is no verdict (a site has not reported, or the delmål is followed without a target value)."""
    quarter = selection.quarter
    measured = item.trajectory["quarter"].iloc[-1]
    blocks = [Metric("Nu" if measured == quarter else f"I {quarter_label(measured)}",
                     format_count(item.latest, selection.hidden(item.latest)),
                     help=f"Målt i {quarter_label(measured)}")]
    if item.latest_part is not None:
        blocks.append(Line("Heraf " + format_part(item.latest_part, item.target["part_label"],
                                                  selection.hidden(item.latest_part))))
    outlook = item.outlook
    if item.waiting_for:
        return (*blocks, Line(f"{quarter_label(quarter)} mangler fra {' og '.join(item.waiting_for)}: ingen "
                              "vurdering, før alle har indberettet.", "info", icon=":material/schedule:"))
    if outlook is None:
        return (*blocks, Line("Delmålet følges uden måltal.", "info", icon=":material/visibility:"))
    blocks.append(Metric("Mål", format_number(item.target["target_value"])))
    if item.part_goal is not None:
        blocks.append(Line("Heraf-mål: " + format_part(item.part_goal, item.target["part_label"])))
    if outlook.value is not None:
        when = "Ved fristen" if outlook.deadline_quarter <= quarter else "Forventet"
        blocks.append(Metric(f"{when} {quarter_label(outlook.deadline_quarter)}",
                             SUPPRESSED if selection.hidden(outlook.value) else format_number(outlook.value)))
    if outlook.verdict in (ON_TRACK, AT_RISK) and quarter_end(quarter) < item.deadline.date():
        blocks.append(Line(f"95 %-interval: {format_number(outlook.low)} til {format_number(outlook.high)}"))
    if outlook.verdict == TOO_EARLY:
        blocks.append(Line(TOO_EARLY_NOTE))
    kind, icon = VERDICT_LINES[outlook.verdict]
    return (*blocks, Line(outlook.verdict.capitalize(), kind, icon=icon))


def each_target_section(selection: Selection) -> Section:
    """Each project target in a box of its own: its chart, and beside it the figures and the verdict (on the
    page only: the slide has every target in one chart)."""
    outlooks = target_outlooks(selection)
    if not outlooks:
        return Section(EACH_TARGET_TAB, "Delmål", empty="Ingen projektmål for de valgte steder")
    return Section(EACH_TARGET_TAB, "Delmål", tuple(
        Box(item.project, (Side((Chart(target_chart(selection, number), f"target_{item.target['target_id']}"),
                                 Stack(_beside_target(selection, item))), widths=(3, 1)),))
        for number, item in enumerate(outlooks)))


SECTIONS = {ALL_TARGETS_TAB: all_targets_section, EACH_TARGET_TAB: each_target_section,
            PERSON_GOALS_TAB: person_goals_section}
PAGE = Page(SECTIONS)


def slide_sections(selection: Selection) -> list[Section]:
    """Every project target at a glance, with those furthest from their goal as facts."""
    return [all_targets_section(selection)]
