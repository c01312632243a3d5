"""The steering-meeting material as slides: one topic per slide, the finding as its title.

Every figure comes from the same topic functions the pages use, on the same
``Selection``, so the report, the presentation and the pages show the same
numbers, with the same disclosure control.
"""

from dataclasses import dataclass, field, replace
from datetime import date

import pandas as pd
import plotly.graph_objects as go

from metrics.quarters import quarter_label
from metrics.registry import INDICATORS, TOPICS, UNITS
from metrics.selection import Selection
from presentation.format import DISCLOSURE_RULE, WITHHELD, format_count, format_date, format_signed
from presentation.page_registry import ANALYSIS_PAGES
from presentation.sections import Section, slide_facts, slide_figure, slide_groups, slide_table, slide_title
from presentation.topic_pages import TOPIC_MODULES
from presentation.topics import commentary_lines, overview, subgoals

DISCLOSURE_NOTE = f"Til brug uden for projektgruppen: {DISCLOSURE_RULE}."


@dataclass(frozen=True)
class Slide:
    kicker: str  # the topic, e.g. "Resultater"
    title: str  # the finding
    figure: go.Figure | None = None
    facts: list[str] = field(default_factory=list)
    commentary: list[tuple[str, str]] = field(default_factory=list)  # (heading, text)
    table: pd.DataFrame | None = None
    note: str | None = None  # small print: n, caveats
    scope: list[str] = field(default_factory=list)  # the title slide's what and when, apart from its findings


def speaker_notes(slide: Slide) -> str:
    """What the presenter says and may be asked: the finding, what lies behind it (n, caveats, the table's
    numbers with their changes since the last quarter) and the definitions of the topic's key figures."""
    lines = [f"Fund: {slide.title}."]
    lines += [f"- {fact}" for fact in slide.facts]
    lines += slide.scope
    if slide.table is not None:
        columns = [str(column) for column in slide.table.columns]
        lines += ["Tallene:"] + [
            "- " + "; ".join(f"{column}: {value}" for column, value in zip(columns, row, strict=True)
                             if value not in (None, ""))
            for row in slide.table.astype(str).itertuples(index=False)]
    if slide.note:
        lines.append(f"Grundlag: {slide.note}")
    topic = next((key for key, label in TOPICS.items() if slide.kicker.split(":")[0].strip() in (label, key)
                  or label.startswith(slide.kicker.split(":")[0].strip())), None)
    shown = " ".join(lines)
    # The topic's key figures, and any other the slide names (the key figures' table names those of every topic).
    definitions = [indicator for indicator in INDICATORS.values()
                   if indicator.topic == topic or indicator.label in shown]
    if definitions:
        lines += ["Definitioner:"] + [f"- {indicator.label}: {indicator.definition}" for indicator in definitions]
    for heading, text in slide.commentary:
        lines.append(f"Projektlederens kommentar, {heading}: {text}")
    return "\n".join(lines)


@dataclass(frozen=True)
class Report:
    title: str
    quarter: str
    description: str  # sites, target groups, period, audience
    made_on: date
    external: bool
    slides: list[Slide]

    @property
    def file_stem(self) -> str:
        audience = "-ekstern" if self.external else ""
        return f"styregruppemoede-{quarter_label(self.quarter).replace(' ', '-')}{audience}"


def _slide(group: list[Section]) -> Slide:
    """Sections of a page as their slide (one, or several with one kicker): the page and the slide are drawn from
    the one description. The first section with a finding gives it; the figure is the first there is."""
    return Slide(group[0].kicker, next(title for section in group if (title := slide_title(section))),
                 figure=next((figure for section in group if (figure := slide_figure(section)) is not None), None),
                 table=next((table for section in group if (table := slide_table(section)) is not None), None),
                 facts=[fact for section in group for fact in slide_facts(section)],
                 note=next((section.note for section in group if section.note), None))


def _slides(sections: list[Section], commentary: list[tuple[str, str]]) -> list[Slide]:
    """The sections that make slides; the project leader's comment on the topic goes with the first."""
    slides = [_slide(group) for group in slide_groups(sections)]
    if slides and commentary:
        slides[0] = replace(slides[0], commentary=commentary)
    return slides


APPENDIX_ROWS = 6  # definitions to a slide: a row of long definitions takes two or three lines


def _appendix(selection: Selection) -> list[Slide]:
    """The definitions behind every figure with this quarter's value and n, split over as many slides as it
    takes for each to fit a slide and a meeting-room screen."""
    rows = []
    for indicator in INDICATORS.values():
        # Project targets concern the whole project, whatever the target-group filter.
        value = selection.compute(indicator.compute, selection.quarter, all_groups=indicator.key == "subgoals_met")
        if indicator.unit == "points":
            shown = WITHHELD if selection.too_few(value.denominator or 0) \
                else format_signed(value.value, indicator.decimals)
        else:
            shown = format_count(value.value, indicator.key != "subgoals_met"
                                 and selection.hidden(value.value, value.denominator))
        rows.append({
            "Nøgletal": indicator.label,
            "Side": TOPICS[indicator.topic],
            "Tæller": indicator.numerator,
            "Ud af": indicator.denominator or "–",
            # A count is a number of persons (or delmål) as the definition says; points carry their unit.
            quarter_label(selection.quarter):
                shown if indicator.unit == "count" or shown == WITHHELD else f"{shown} {UNITS[indicator.unit]}",
            "n": "–" if value.denominator is None
            else format_count(value.denominator, selection.hidden(value.denominator)),
        })
    note = "Tallene gælder kvartalets sidste dag; grafer viser hele perioden. Andele er altid regnet fra antal."
    if selection.external:
        note += " " + DISCLOSURE_NOTE
    table = pd.DataFrame(rows)
    parts = range(0, len(table), APPENDIX_ROWS)
    return [Slide("Bilag", "Definitioner og n" + (f" ({number} af {len(parts)})" if len(parts) > 1 else ""),
                  table=table.iloc[start:start + APPENDIX_ROWS].reset_index(drop=True), note=note)
            for number, start in enumerate(parts, start=1)]


def build_report(selection: Selection, commentary: pd.DataFrame, made_on: date | None = None) -> Report:
    """The slides for the selection's quarter; ``commentary`` holds the texts in force (site_id, subject, text)."""
    names = selection.site_names_by_id

    def said(topic: str | None, summary: bool = False) -> list[tuple[str, str]]:
        return commentary_lines(commentary, topic, names, summary=summary)

    made_on = made_on or date.today()
    quarter = quarter_label(selection.quarter)
    outlooks = subgoals.target_outlooks(selection)
    # The meeting in three lines on the first slide: outcomes, the project's own delmål, newcomers.
    summary = [overview.job_or_education_title(selection) + ".",
               *([subgoals.verdict_counts_title(outlooks) + "."] if outlooks else []),
               *([sentence] if (sentence := overview.successes_card(selection)[1]) else [])]
    title = Slide(
        "Styregruppens dashboard", f"Styregruppemøde {quarter}", facts=summary,
        scope=[selection.description, f"Dannet {format_date(made_on)}."]
        + ([selection.missing_returns_note] if selection.missing_returns_note else [])
        + ([DISCLOSURE_NOTE] if selection.external else []),
        commentary=said(None, summary=True),
    )
    # The analysis pages in the menu's order, each topic's slides with its project leader's comment.
    topics = [_slides(TOPIC_MODULES[page.topic].slide_sections(selection), said(page.topic))
              for page in ANALYSIS_PAGES.values()]
    slides = [title, *(slide for topic in topics for slide in topic), *_appendix(selection)]
    return Report(f"Styregruppemøde {quarter}", selection.quarter, selection.description, made_on,
                  selection.external, slides)
