"""A topic's sections, described once: the page lays each out as a tab, the report turns it into a slide.

A section is a list of blocks (cards, charts, tables, messages, a choice that draws more), each saying what it
is on the slide too: the headline chart is the slide's figure (its title the slide's finding), cards and marked
lines are its facts, a note its small print. A section with nothing to show says why; the page shows that
message, the report leaves the section out or, where asked, makes the message its slide's finding. Sections of
one topic with the same kicker make one slide between them (the first one's finding and figure, the facts of
all): a page of several tabs may be summed up on one slide.

Each topic describes its page (``PAGE``: the sections above its tabs, then its tabs' sections as builders,
``{tab: build(selection) -> Section}``, so a page builds only the open tab's section) and the sections its slides
are made of (``slide_sections(selection)``, in the order of the slides), which the report builds for each analysis
page of the registry. The warm-up builds every section of every page (``every_section``) before a reader asks.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go

FIGURE, FACT = "figure", "fact"  # what a chart is on the slide: its figure, or its title as one of the facts
FINDING = "finding"


@dataclass(frozen=True)
class Chart:
    figure: go.Figure
    key: str  # the chart's widget key on the page
    slide: str | None = None  # FIGURE, FACT or None (the page only)


@dataclass(frozen=True)
class Cards:
    cards: list  # of presentation.topics.Card
    per_row: int = 3
    on_slide: tuple[int, int | None] = (0, None)  # (first, end): the cards whose sentences are the slide's facts


@dataclass(frozen=True)
class Side:
    """Blocks side by side on the page, one column each (``widths``: their relative widths; None: equal)."""
    blocks: tuple
    widths: tuple | None = None


@dataclass(frozen=True)
class Stack:
    """Blocks one under the other, as one column of a ``Side``."""
    blocks: tuple


@dataclass(frozen=True)
class Box:
    """Blocks in a frame of their own under a heading (one project target, say): the page only."""
    heading: str
    blocks: tuple


@dataclass(frozen=True)
class Metric:
    """One figure with its label, unframed (beside a chart): the page only."""
    label: str
    value: str
    help: str | None = None


@dataclass(frozen=True)
class Line:
    """A line of text: ``kind`` is how the page shows it; ``on_slide`` puts it among the slide's facts. A
    finding is the page's heading and the slide's title."""
    text: str
    # FINDING, "caption", "text" (a paragraph, e.g. why part of a tab is empty), "heading", "subheading", "info",
    # "hidden" (why a chart is not shown outside the project group), "warning" (a caveat), "good" or "worrying"
    # (a change up or down), or "success" and "error" (a verdict)
    kind: str = "caption"
    on_slide: bool = False
    on_page: bool = True  # False: the slide's words for what the page shows otherwise (e.g. a chart's title)
    icon: str | None = None  # a box's own icon (":material/...:"), instead of its kind's


@dataclass(frozen=True)
class Pick:
    """A choice on the page that draws more for the option chosen (a drill-down); the slide leaves it out."""
    label: str
    options: dict  # option -> its Danish label, in the order offered
    key: str
    blocks: Callable[[object], tuple]  # the blocks drawn for the chosen option


@dataclass(frozen=True)
class Table:
    frame: pd.DataFrame
    name: str  # names the downloaded files
    heading: str | None = None
    per_project: bool = False  # one table per value of its "Projekt" column, under the project's name
    widths: dict | None = None  # column -> width in pixels, where a column's text needs the room
    on_slide: bool = False  # the slide's table
    on_page: bool = True


@dataclass(frozen=True)
class Section:
    tab: str  # the page's tab ("" above the tabs, or on a page without tabs)
    kicker: str  # the slide's topic
    blocks: tuple = ()
    empty: str | None = None  # why there is nothing to show: the page says it, a slide has it as its title
    empty_facts: list[str] = field(default_factory=list)  # what there is instead, e.g. the first measurements
    note: str | None = None  # the slide's small print
    empty_slide: bool = False  # a slide when it has nothing to show, with the reason as its title


Build = Callable[[object], Section]


@dataclass(frozen=True)
class Page:
    """An analysis page as its topic describes it: the sections above its tabs, then its tabs."""
    tabs: dict[str, Build] = field(default_factory=dict)  # tab -> its section, built when the tab is opened
    above: tuple[Build, ...] = ()


def every_section(page: Page, selection) -> list[Section]:
    """Every section the page can show for the selection, with every choice on it set as the page opens (its
    first option): what a reader who opens each tab asks for, worked out without Streamlit."""
    sections = [build(selection) for build in (*page.above, *page.tabs.values())]
    for section in sections:
        _open_choices(section.blocks)
    return sections


def _open_choices(blocks) -> None:
    for block in walk(blocks):
        if isinstance(block, Pick) and block.options:
            _open_choices(block.blocks(next(iter(block.options))))


def shown_blocks(section: Section) -> tuple:
    """What the page draws of a section: its blocks, or why it has nothing to show."""
    if not section.empty:
        return section.blocks
    reason = section.empty if section.empty.endswith(".") else section.empty + "."
    return (Line(" ".join([reason, *section.empty_facts]), "info"),)


def walk(blocks) -> list:
    """The blocks in reading order, those side by side included."""
    return [inner for block in blocks
            for inner in (walk(block.blocks) if isinstance(block, Side | Stack | Box) else [block])]


def chart_title(figure: go.Figure) -> str:
    """The chart's finding as one line of text: a title wrapped for the page has plotly's <br> in it."""
    return " ".join(figure.layout.title.text.replace("<br>", " ").split())


def slide_figure(section: Section) -> go.Figure | None:
    return next((block.figure for block in walk(section.blocks) if isinstance(block, Chart) and block.slide == FIGURE),
                None)


def slide_table(section: Section) -> pd.DataFrame | None:
    return next((block.frame for block in walk(section.blocks) if isinstance(block, Table) and block.on_slide), None)


def slide_title(section: Section) -> str | None:
    """The empty section's reason, or the section's finding, or the headline chart's title; None when it has
    none (a row of cards above a page's tabs, say)."""
    if section.empty:
        return section.empty
    blocks = walk(section.blocks)
    figure = slide_figure(section)
    return next((block.text for block in blocks if isinstance(block, Line) and block.kind == FINDING), None) \
        or (chart_title(figure) if figure is not None else None)


def slide_facts(section: Section) -> list[str]:
    if section.empty:
        return list(section.empty_facts)
    facts = []
    for block in walk(section.blocks):
        if isinstance(block, Cards):
            facts += [card.sentence() for card in block.cards[slice(*block.on_slide)]]
        elif isinstance(block, Chart) and block.slide == FACT:
            facts.append(chart_title(block.figure) + ".")
        elif isinstance(block, Line) and block.on_slide:
            facts.append(block.text)
    return facts


def on_slides(section: Section) -> bool:
    return section.empty_slide if section.empty else True


def slide_groups(sections: list[Section]) -> list[list[Section]]:
    """The sections that make slides, those next to each other with the same kicker together: one slide each."""
    groups: list[list[Section]] = []
    for section in filter(on_slides, sections):
        if groups and groups[-1][0].kicker == section.kicker:
            groups[-1].append(section)
        else:
            groups.append([section])
    return groups
