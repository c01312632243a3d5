"""Resultater: status by category group, completed courses, 6 months after, hours in småjob."""

import pandas as pd
import plotly.graph_objects as go

from metrics.counting import weighted_median
from metrics.disclosure import THRESHOLD, line_total_hidden, long_table_mask, series_mask, share_hidden
from metrics.outcomes import (
    categories_by_quarter,
    completed_courses,
    follow_up_in_job_or_education,
    status_flow,
)
from metrics.quarters import quarter_label
from metrics.selection import Selection
from metrics.small_jobs import small_job_hour_counts
from metrics.staff import wilson_interval
from metrics.vocabulary import CATEGORY_GROUPS, JOB_OR_EDUCATION_GROUPS
from presentation.charts import (
    AXIS_FONT,
    CATEGORY_GROUP_COLOURS,
    NEUTRAL_GREY,
    OKABE_ITO,
    bars,
    chart,
    reference_line,
    stacked_bars,
    translucent,
)
from presentation.format import format_count, format_number, format_percent, format_share
from presentation.sections import FACT, FIGURE, Chart, Line, Page, Pick, Section
from presentation.topics import per_selection
from presentation.topics.activities import more_hours_sentence
from presentation.topics.overview import outcome_groups, outcome_groups_chart

COMPLETION_WORDS = ["job", "uddannelse m.m.", "førtidspension", "andet"]
FEW_FOLLOWED = 30  # below this the interval is wide and the comparison with the national figure uncertain


@per_selection
def largest_group_title(selection: Selection) -> str:
    """The status chart's finding: the largest group besides 'i forløb' in the quarter, with its n."""
    groups = outcome_groups(selection)
    now = groups[groups["quarter"] == selection.quarter].set_index("group_code")
    largest = now[~now["hidden"]]["persons"].drop("in_progress", errors="ignore")
    if not len(largest) or largest.max() == 0:
        return "Status ved kvartalets udgang"
    top = largest.idxmax()
    share = format_share(now.loc[top, "persons"], now.loc[top, "quarter_total"], 0)
    return (f"Største gruppe uden for 'i forløb' i {quarter_label(selection.quarter)}: "
            f"{CATEGORY_GROUPS[top].lower()}, {share}")


@per_selection
def status_chart(selection: Selection) -> go.Figure:
    """Persons per category group per quarter, titled with the largest group besides 'i forløb'."""
    return outcome_groups_chart(outcome_groups(selection), largest_group_title(selection))


@per_selection
def categories_chart(selection: Selection, group: str) -> go.Figure:
    """The drill-down below the status chart: persons per category of one group per quarter."""
    groups = outcome_groups(selection)
    # A quarter whose group total is hidden may show none of its categories.
    hidden_group = set(groups.loc[(groups["group_code"] == group) & groups["hidden"], "quarter"])
    categories = selection.compute(categories_by_quarter, selection.quarters, group)
    categories["hidden"] = (long_table_mask(categories, "quarter", "category_code", "persons")
                            | categories["quarter"].isin(hidden_group)) if selection.external else False
    categories["shown"] = categories["persons"].where(~categories["hidden"], 0)
    categories["quarter_label"] = categories["quarter"].map(quarter_label)
    categories["hover"] = [format_share(n, t, hidden=h) for n, t, h in
                           zip(categories["persons"], categories["group_total"], categories["hidden"], strict=True)]
    labels = dict(zip(selection.frames.categories["category_code"], selection.frames.categories["category_label"],
                      strict=True))
    category_labels = {code: labels[code] for code in categories["category_code"].unique()}
    return stacked_bars(categories, x="quarter_label", series="category_code", value="shown", hover="hover",
                        presence="persons", series_labels=category_labels,
                        series_colours=dict(zip(category_labels, OKABE_ITO, strict=False)),
                        title=f"{CATEGORY_GROUPS[group]}: kategorier pr. kvartal", x_title="Kvartal",
                        y_title="Borgere")


def no_flow_text(selection: Selection) -> str:
    """Why there is no chart from start to now: a first quarter (start is now), or no statuses yet."""
    return selection.first_quarter_note if not selection.has_quarter_before else "Ingen borgere har en status endnu."


@per_selection
def flow_chart(selection: Selection) -> tuple[go.Figure, str] | None:
    """Persons from their category group at entry to the group now, and a note with the n; None without statuses."""
    flow = selection.compute(status_flow, selection.quarter)
    if flow.empty or not selection.has_quarter_before:
        return None
    flow["hidden"] = series_mask(flow["persons"]) if selection.external else False
    total = int(flow["persons"].sum())
    moved = int(flow[(flow["from_group"] == "in_progress") & flow["to_group"].isin(JOB_OR_EDUCATION_GROUPS)]
                ["persons"].sum())
    started = int(flow[flow["from_group"] == "in_progress"]["persons"].sum())
    hidden_moved = selection.external and share_hidden(moved, started)
    # Not "now": Overblik's "i job eller uddannelse" counts those still in the project at the quarter's end;
    # this counts everyone who started, those who have left by how they left.
    title = (f"{format_count(moved, hidden_moved)} af {format_count(started, selection.hidden(started))}, "
             f"der startede 'i forløb', kom i job eller uddannelse")
    nodes = [f"Ved start: {CATEGORY_GROUPS[g]}" for g in CATEGORY_GROUPS] + \
            [f"Nu: {CATEGORY_GROUPS[g]}" for g in CATEGORY_GROUPS]
    index = {code: number for number, code in enumerate(CATEGORY_GROUPS)}
    shown = flow[~flow["hidden"]]
    sankey = chart([dict(
        type="sankey",
        node={"label": nodes, "pad": 14, "thickness": 18,
              "color": [CATEGORY_GROUP_COLOURS.get(g, NEUTRAL_GREY) for g in CATEGORY_GROUPS] * 2},
        link={"source": [index[g] for g in shown["from_group"]],
              "target": [len(CATEGORY_GROUPS) + index[g] for g in shown["to_group"]],
              "value": shown["persons"].tolist(),
              "color": [translucent(CATEGORY_GROUP_COLOURS.get(g, NEUTRAL_GREY)) for g in shown["to_group"]],
              "customdata": [f"{CATEGORY_GROUPS[a]} → {CATEGORY_GROUPS[b]}: {format_number(n)} borgere"
                             for a, b, n in zip(shown["from_group"], shown["to_group"], shown["persons"],
                                                strict=True)],
              "hovertemplate": "%{customdata}<extra></extra>"},
    )], title, height=520)
    total_hidden = selection.external and line_total_hidden(flow["persons"])
    note = (f"{format_count(total, total_hidden)} borgere med mindst én status til og med "
            f"{quarter_label(selection.quarter)}. "
            "«Nu» er den seneste status eller, for dem der er afsluttet, udfaldet ved afslutningen; Overblikkets «i "
            "job eller uddannelse» tæller kun dem, der stadig er i projektet ved kvartalets udgang.")
    if selection.external and flow["hidden"].any():
        note += f" Strømme med under {THRESHOLD} borgere (og den mindste strøm ved siden af) er skjult."
    return sankey, note


@per_selection
def completed_courses_chart(selection: Selection) -> go.Figure | None:
    """Completed courses split as in the Viborg figures; None when no course has ended yet."""
    courses = selection.compute(completed_courses, selection.quarter)
    total = int(courses["total"].iloc[0]) if len(courses) else 0
    if total == 0:
        return None
    courses["hidden"] = series_mask(courses["persons"]) if selection.external else False
    courses["shown"] = courses["share"].where(~courses["hidden"], 0)
    courses["hover"] = [format_share(n, total, hidden=h)
                        for n, h in zip(courses["persons"], courses["hidden"], strict=True)]
    parts = [f"{format_count(n, True) if h else format_percent(s, 0)} {word}" for n, s, h, word in zip(
        courses["persons"], courses["share"], courses["hidden"], COMPLETION_WORDS, strict=True)]
    total_text = format_count(total, selection.external and line_total_hidden(courses["persons"]))
    title = f"{total_text} afsluttede forløb: " + ", ".join(parts)
    return bars(courses.iloc[::-1], x="label", y="shown", hover="hover", horizontal=True, title=title,
                x_title="", y_title=f"Andel af {total_text} afsluttede forløb", percent=True,
                colour=OKABE_ITO[0])


@per_selection
def follow_up_chart(selection: Selection) -> tuple[go.Figure | None, str | None]:
    """The share in job or education 6 months after, with its 95 % interval and the national figure,
    and a warning when few are followed up; (None, None) before anybody is."""
    in_activity, followed = selection.compute(follow_up_in_job_or_education, selection.quarter)
    if followed == 0:
        return None, None
    hidden = selection.external and share_hidden(in_activity, followed)
    low, high = wilson_interval(in_activity, followed)
    share = in_activity / followed
    bar = {"type": "bar", "x": ["Projektet"], "y": [None if hidden else share], "marker": {"color": OKABE_ITO[0]},
           "customdata": [[format_share(in_activity, followed, hidden=hidden)]],
           "hovertemplate": "%{customdata[0]}<extra></extra>",
           **({} if hidden else {"error_y": {"type": "data", "symmetric": False, "array": [high - share],
                                             "arrayminus": [share - low], "color": "#555555"}})}
    title = f"{format_share(in_activity, followed, 0, hidden=hidden)} i job eller uddannelse 6 mdr. efter"
    benchmarks = selection.frames.benchmarks.set_index("indicator_key")
    national_lines = ()
    if "job_or_education_6m" in benchmarks.index:
        benchmark = benchmarks.loc["job_or_education_6m"]
        national = f"Landstal {format_percent(benchmark['value'], 0)} ({benchmark['period']})"
        national_lines = (reference_line(benchmark["value"], dash="dash", colour=OKABE_ITO[5], label=national),)
        title += f"; {national.lower()}"
    figure = chart([bar], title, "", "Andel (95 %-interval)", y_axis={"tickformat": ".0%", "range": [0, 1]},
                   reference_lines=national_lines)
    warning = None
    if followed < FEW_FOLLOWED:
        warning = (f"Kun {format_count(followed, selection.hidden(followed))} borgere er fulgt op: "
                   "intervallet er bredt, og forskellen til landstallet er usikker.")
    return figure, warning


@per_selection
def small_job_chart(selection: Selection) -> go.Figure | None:
    """Persons in småjob by hours per week, with the median and how many work more hours than at the start."""
    hours = selection.compute(small_job_hour_counts, selection.quarter)
    if hours.empty:
        return None
    distribution = hours.groupby(hours["hours_now"].round().astype(int))["persons"].sum().sort_index()
    histogram = pd.DataFrame({"hours": distribution.index, "persons": distribution.to_numpy()})
    histogram["hidden"] = series_mask(histogram["persons"]) if selection.external else False
    histogram["shown"] = histogram["persons"].where(~histogram["hidden"], 0)
    histogram["hover"] = [f"{h} timer: {format_count(n, hidden)} borgere" for h, n, hidden in
                          zip(histogram["hours"], histogram["persons"], histogram["hidden"], strict=True)]
    n = int(hours["persons"].sum())
    title = (f"{format_count(n, selection.hidden(n))} i småjob: median "
             f"{format_number(weighted_median(hours['hours_now'], hours['persons']))} timer/uge; "
             f"{more_hours_sentence(selection)}")
    # Whole hours on the axis, one apart where the hours lie close (not 9,6 ... 10,4 around a single value).
    span = histogram["hours"].max() - histogram["hours"].min()
    return bars(histogram, x="hours", y="shown", hover="hover", title=title, x_title="Timer pr. uge",
                y_title="Borgere", colour=CATEGORY_GROUP_COLOURS["job"],
                xaxis={"title": {"text": "Timer pr. uge", "font": AXIS_FONT}, "tickfont": AXIS_FONT, "tickformat": ",d",
                       "dtick": 1 if span <= 15 else 5})


STATUS_TAB, FLOW_TAB, COMPLETED_TAB, SMALL_JOB_TAB = (
    "Status pr. kvartal", "Fra start til nu", "Afsluttede forløb", "Småjob: timer pr. uge")
KICKER = "Resultater"  # the tabs but the flow make one slide: the status chart, the other tabs' findings as facts


def status_section(selection: Selection) -> Section:
    """Persons by category group per quarter (the slide's figure), and a group's categories on the page."""
    groups = outcome_groups(selection)
    present = {code: label for code, label in CATEGORY_GROUPS.items()
               if groups.loc[groups["group_code"] == code, "persons"].sum() > 0}
    return Section(STATUS_TAB, KICKER, (
        Chart(status_chart(selection), "groups", FIGURE),
        Pick("Se kategorierne i en gruppe", present, "outcome_group",
             lambda group: (Chart(categories_chart(selection, group), "categories"),)),
    ), note="Status ved kvartalets udgang for voksne og unge med en status i kvartalet.")


def flow_section(selection: Selection) -> Section:
    """From the category group at entry to the group now (on the page only)."""
    flow = flow_chart(selection)
    if flow is None:
        return Section(FLOW_TAB, KICKER, empty=no_flow_text(selection))
    figure, note = flow
    return Section(FLOW_TAB, KICKER, (Chart(figure, "flow"), Line(note)))


def completed_section(selection: Selection) -> Section:
    """Completed courses, then 6 months after (with a warning when few are followed up): facts on the slide."""
    completed = completed_courses_chart(selection)
    follow_up, few_followed = follow_up_chart(selection)
    return Section(COMPLETED_TAB, KICKER, (
        Chart(completed, "completed", FACT) if completed is not None
        else Line("Ingen afsluttede forløb endnu.", "text"),
        Line("6 måneder efter", "subheading"),
        Chart(follow_up, "follow_up", FACT) if follow_up is not None
        else Line("Ingen opfølgninger 6 måneder efter afslutning endnu.", "text"),
        *([Line(few_followed, on_slide=True)] if few_followed else []),
    ))


def small_job_section(selection: Selection) -> Section:
    chart = small_job_chart(selection)
    if chart is None:
        return Section(SMALL_JOB_TAB, KICKER, empty=f"Ingen i småjob i {quarter_label(selection.quarter)}")
    return Section(SMALL_JOB_TAB, KICKER, (Chart(chart, "small_job_hours", FACT),))


SECTIONS = {STATUS_TAB: status_section, FLOW_TAB: flow_section, COMPLETED_TAB: completed_section,
            SMALL_JOB_TAB: small_job_section}
PAGE = Page(SECTIONS)


def slide_sections(selection: Selection) -> list[Section]:
    """One slide: the status by category group, with the completed courses, 6 months after and småjob as facts."""
    return [status_section(selection), completed_section(selection), small_job_section(selection)]
