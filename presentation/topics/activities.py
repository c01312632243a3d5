"""Aktiviteter og småjob: what the team does with citizens and employers, and the småjobs in detail."""

import pandas as pd
import plotly.graph_objects as go

from metrics.activities import ACTIVITY_MEASURES, PERSON_MEASURES, activities_by_quarter, activity_alerts
from metrics.disclosure import series_mask, share_hidden
from metrics.quarters import previous_quarter, quarter_label
from metrics.selection import Selection
from metrics.small_jobs import (
    companies,
    hours_by_quarter,
    more_hours_persons,
    small_job_summary_in,
    small_jobs_now_by,
)
from metrics.vocabulary import COMPANY_SIZES
from presentation.charts import bars, lines
from presentation.format import WITHHELD, format_count, format_number, format_share
from presentation.sections import FACT, FIGURE, FINDING, Cards, Chart, Line, Page, Section, Side, Table
from presentation.topics import Card, per_selection

CITIZEN_MEASURES = ("individual_conversations", "group_participants", "job_centre_mentors")
COMPANY_MEASURES = ("company_contacts", "new_companies", "companies_with_citizens")
ACTIVITY_ALERTS_SHOWN = 3
ORDINARY_NOTE = ("Flere timer: borgere i småjob nu, som arbejder flere timer pr. uge end i småjobbets første kvartal "
                 "(fra arket Status); et småjob, der begyndte i kvartalet, har ingen start at sammenligne med. "
                 "Ordinært job: status i en jobkategori uden timer (fx ordinært job) efter småjobbet.")


# --- Activities -----------------------------------------------------------------------------------------


@per_selection
def activities_of(selection: Selection) -> pd.DataFrame:
    """The team's counts per quarter of the period, summed over the chosen sites."""
    return selection.compute(activities_by_quarter, selection.quarters)


def has_activities(selection: Selection) -> bool:
    return bool(activities_of(selection)["sites"].sum())


@per_selection
def activity_alert_lines(selection: Selection) -> list[tuple[str, bool]]:
    """Activities that moved markedly since the quarter before, as (text, rose); none for a quarter not every
    chosen site has reported (it is not compared)."""
    if not selection.comparable or previous_quarter(selection.quarter) not in selection.frames.quarters():
        return []
    alerts = selection.compute(activity_alerts, selection.quarter)
    lines = []
    for alert in alerts.head(ACTIVITY_ALERTS_SHOWN).itertuples(index=False):
        verb = "steg" if alert.change > 0 else "faldt"
        if alert.measure in PERSON_MEASURES and (selection.hidden(alert.before) or selection.hidden(alert.now)):
            lines.append((f"{alert.label} {verb} markant", alert.change > 0))
        else:
            lines.append((f"{alert.label} {verb} fra {format_number(alert.before)} til {format_number(alert.now)}",
                          alert.change > 0))
    return lines


def _activity_chart(selection: Selection, measures: tuple[str, ...]) -> go.Figure:
    table = activities_of(selection)
    table = table[table["sites"] > 0]
    long = table.melt(id_vars=["quarter", "sites"], value_vars=list(measures), var_name="measure", value_name="count")
    long["quarter_label"] = long["quarter"].map(quarter_label)
    long["hover"] = [f"{quarter}: {format_number(count)} ({format_number(sites)} sted"
                     f"{'er' if sites != 1 else ''})" for quarter, count, sites in
                     zip(long["quarter_label"], long["count"], long["sites"], strict=True)]
    # The finding: the first measure now, and the quarter before where there is one.
    lead = measures[0]
    title = ACTIVITY_MEASURES[lead][0]
    if len(table):
        latest = table.iloc[-1]
        title += f" i {quarter_label(latest['quarter'])}: {format_number(latest[lead])}"
        if len(table) > 1:
            title += f" ({format_number(table.iloc[-2][lead])} i {quarter_label(table.iloc[-2]['quarter'])})"
    return lines(long, x="quarter_label", y="count", series="measure", hover="hover", title=title,
                 x_title="", y_title="Antal", series_labels={m: ACTIVITY_MEASURES[m][0] for m in measures})


@per_selection
def company_activity_chart(selection: Selection) -> go.Figure:
    return _activity_chart(selection, COMPANY_MEASURES)


@per_selection
def citizen_activity_chart(selection: Selection) -> go.Figure:
    return _activity_chart(selection, CITIZEN_MEASURES)


@per_selection
def activities_table(selection: Selection) -> pd.DataFrame:
    """Every measure in the last four quarters of the period (counts of persons under 5 hidden outside)."""
    table = activities_of(selection)
    table = table[table["sites"] > 0].tail(4)
    return pd.DataFrame({
        "Aktivitet": [label for label, _ in ACTIVITY_MEASURES.values()],
        **{quarter_label(row.quarter): [
            format_count(count, measure in PERSON_MEASURES and selection.hidden(count))
            for measure, count in ((measure, getattr(row, measure)) for measure in ACTIVITY_MEASURES)]
           for row in table.itertuples(index=False)},
    })


# --- Småjob ---------------------------------------------------------------------------------------------


@per_selection
def small_jobs_of(selection: Selection) -> dict:
    return selection.compute(small_job_summary_in, selection.quarter)


def _hours_range(summary: dict) -> str:
    low, high = format_number(summary["hours_low"]), format_number(summary["hours_high"])
    return f"{low} timer" if low == high else f"{low}-{high} timer"


@per_selection
def more_hours_of(selection: Selection) -> tuple[int, int, bool]:
    """Persons in a småjob with more hours than at its start, out of those who can be compared, and whether
    the count is hidden outside the project group."""
    more, compared = selection.compute(more_hours_persons, selection.quarter)
    return more, compared, selection.external and share_hidden(more, compared)


@per_selection
def more_hours_sentence(selection: Selection) -> str:
    """'26 af 30 har fået flere timer end ved start', the same words wherever the figure stands."""
    more, compared, hidden = more_hours_of(selection)
    if not compared:
        return "ingen har haft småjob i mere end ét kvartal endnu"
    return (f"{format_count(more, hidden)} af {format_count(compared, selection.hidden(compared))} "
            "har fået flere timer end ved start")


@per_selection
def small_job_title(selection: Selection) -> str:
    """Vejle's at-a-glance line: '36 i småjob, 6-19 timer; 25 af 30 har fået flere timer end ved start; 12 er
    gået til ordinært job'."""
    summary = small_jobs_of(selection)
    hours = "" if summary["hours_low"] is None or selection.hidden(summary["now"]) else f", {_hours_range(summary)}"
    return (f"{format_count(summary['now'], selection.hidden(summary['now']))} i småjob{hours}; "
            f"{more_hours_sentence(selection)}; "
            f"{format_count(summary['to_ordinary'], selection.hidden(summary['to_ordinary'], summary['ever']))} "
            "er gået til "
            "ordinært job")


@per_selection
def small_job_cards(selection: Selection) -> list[Card]:
    summary = small_jobs_of(selection)
    places = selection.compute(companies, selection.quarter)
    more, compared, more_hidden = more_hours_of(selection)
    ordinary_hidden = selection.external and share_hidden(summary["to_ordinary"], summary["ever"])
    return [
        Card("I småjob nu", format_count(summary["now"], selection.hidden(summary["now"])),
             detail=f"{_hours_range(summary)} om ugen"
             if summary["hours_low"] is not None and not selection.hidden(summary["now"]) else None),
        Card("Har fået flere timer", format_count(more, more_hidden) if compared else "–",
             detail=f"af {format_count(compared, selection.hidden(compared))} i småjob nu med timer ved start "
                    "og nu" if compared else more_hours_sentence(selection), help=ORDINARY_NOTE),
        Card("Gået til ordinært job", format_count(summary["to_ordinary"], ordinary_hidden),
             detail=f"af {format_count(summary['ever'], selection.hidden(summary['ever']))}, der har haft småjob",
             help=ORDINARY_NOTE),
        Card("Virksomheder med småjob", format_count(places["companies"], selection.hidden(places["companies"])),
             detail=f"{format_count(places['new'], selection.hidden(places['new']))} "
                    f"{'ny' if places['new'] == 1 else 'nye'} i kvartalet; "
                    f"{format_count(places['one_citizen'], selection.hidden(places['one_citizen']))} med én borger",
             help="Virksomhederne tælles, men nævnes aldrig: en virksomhed med få borgere må ikke kunne genkendes."),
    ]


def _persons_by(selection: Selection, column: str, labels: dict[str, str], title: str, by_size: bool) -> go.Figure:
    """Persons in a småjob now per value of ``column``: the largest on top (``by_size``), else in the list's
    order from the top."""
    summary = small_jobs_of(selection)
    counts = selection.compute(small_jobs_now_by, selection.quarter, column).set_index(column)["persons"] \
        .reindex(list(labels), fill_value=0)
    table = pd.DataFrame({"label": [labels[code] for code in counts.index], "persons": counts.to_numpy()})
    table = table[table["persons"] > 0]
    if by_size:
        table = table.sort_values("persons", ascending=False, kind="stable")
    table["hidden"] = series_mask(table["persons"]) if selection.external else False
    table["shown"] = table["persons"].where(~table["hidden"], 0)
    table["hover"] = [f"{label}: {format_share(persons, summary['now'], 0, hidden=hidden)}" for label, persons, hidden
                      in zip(table["label"], table["persons"], table["hidden"], strict=True)]
    figure = bars(table, x="label", y="shown", hover="hover", horizontal=True,
                  # Two lines: the chart stands in half the page, where a programme's n made one line too long.
                  title=f"{title}<br>n = {format_count(summary['now'], selection.hidden(summary['now']))} i småjob",
                  x_title="", y_title="Borgere")
    # The first on top, as the other lying charts and the slides' native charts have it.
    return figure.update_yaxes(autorange="reversed")


@per_selection
def job_type_chart(selection: Selection) -> go.Figure:
    labels = dict(zip(selection.frames.job_types["job_type"], selection.frames.job_types["job_type_label"],
                      strict=True))
    return _persons_by(selection, "job_type", labels, "Jobtyper", by_size=True)


@per_selection
def company_size_chart(selection: Selection) -> go.Figure:
    return _persons_by(selection, "company_size", COMPANY_SIZES, "Virksomhedernes størrelse", by_size=False)


@per_selection
def small_job_hours_chart(selection: Selection) -> go.Figure:
    """Mean hours a week in småjob per quarter, with the number of persons behind each point."""
    table = selection.compute(hours_by_quarter, selection.quarters)
    table = table[table["persons"] > 0].copy()
    table["quarter_label"] = table["quarter"].map(quarter_label)
    table["hidden"] = [selection.too_few(count) for count in table["with_hours"]]
    table["shown"] = table["mean_hours"].where(~table["hidden"])
    table["series"] = "mean"
    table["hover"] = [f"{label}: {WITHHELD if hidden else format_number(mean, 1) + ' timer'} i gns., "
                      f"{format_count(count, selection.hidden(count))} borgere med timer"
                      for label, mean, count, hidden in zip(table["quarter_label"], table["mean_hours"],
                                                            table["with_hours"], table["hidden"], strict=True)]
    latest = table.iloc[-1] if len(table) else None
    title = "Timer pr. uge i småjob" if latest is None or latest["hidden"] else (
        f"Gns. {format_number(latest['mean_hours'], 1)} timer om ugen i småjob i {latest['quarter_label']} "
        f"(n = {format_number(latest['with_hours'])})")
    return lines(table, x="quarter_label", y="shown", series="series", hover="hover", title=title,
                 x_title="Kvartal", y_title="Timer pr. uge (gns.)", series_labels={"mean": "Gns. timer"},
                 y_format=",.1f", showlegend=False)



ACTIVITIES_TAB, SMALL_JOBS_TAB = "Aktiviteter", "Småjob"


def activities_section(selection: Selection) -> Section:
    """The quarter's marked changes, the work with companies (the slide's figure) and with citizens, the table."""
    if not has_activities(selection):
        return Section(ACTIVITIES_TAB, "Aktiviteter", empty="Ingen aktiviteter indberettet for det valgte",
                       empty_facts=["De indberettes pr. sted og kvartal i arket 'Aktiviteter'."])
    alerts = [Line(f"{text} siden kvartalet før.", "good" if rose else "worrying", on_slide=True)
              for text, rose in activity_alert_lines(selection)]
    # One under the other: twelve quarters and a finding in the title need the whole width at 1280 px.
    return Section(ACTIVITIES_TAB, "Aktiviteter", (
        *alerts,
        Chart(company_activity_chart(selection), "company_activities", FIGURE),
        Chart(citizen_activity_chart(selection), "citizen_activities", FACT),
        Table(activities_table(selection), "aktiviteter"),
        Line("Tallene er stedernes egne opgørelser pr. kvartal. Et kvartal sammenlignes kun med kvartalet før, "
             "når alle valgte steder har indberettet begge."),
    ), note="Stedernes egne opgørelser pr. kvartal.")


def small_jobs_section(selection: Selection) -> Section:
    """The småjobs in detail: the finding, the cards, job types (the slide's figure), company sizes and hours."""
    if small_jobs_of(selection)["ever"] == 0:
        return Section(SMALL_JOBS_TAB, "Småjob", empty="Ingen småjob med detaljer for det valgte",
                       empty_facts=["De indberettes i arket 'Småjob': jobtype, virksomhed, virksomhedens størrelse "
                                    "og den faste kontaktperson."])
    return Section(SMALL_JOBS_TAB, "Småjob", (
        Line(small_job_title(selection), FINDING),
        Cards(small_job_cards(selection), per_row=4),
        Side((Chart(job_type_chart(selection), "small_job_types", FIGURE),
              Chart(company_size_chart(selection), "small_job_sizes"))),
        Chart(small_job_hours_chart(selection), "small_job_hours"),
        Line(ORDINARY_NOTE),
    ), note=ORDINARY_NOTE)


SECTIONS = {ACTIVITIES_TAB: activities_section, SMALL_JOBS_TAB: small_jobs_section}
PAGE = Page(SECTIONS)


def slide_sections(selection: Selection) -> list[Section]:
    """The team's work with companies (with its marked changes), then the småjobs; none where not reported."""
    return [activities_section(selection), small_jobs_section(selection)]
