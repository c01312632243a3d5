"""A topic's sections as the page lays them out and as the report makes them slides."""

import pandas as pd
import plotly.graph_objects as go

from presentation.sections import (
    FACT,
    FIGURE,
    FINDING,
    Cards,
    Chart,
    Line,
    Pick,
    Section,
    Side,
    Stack,
    Table,
    slide_facts,
    slide_groups,
)
from presentation.topics import Card
from report.content import _slides


def figure(title: str) -> go.Figure:
    return go.Figure(layout={"title": {"text": title}})


def test_sections_with_one_kicker_make_one_slide_with_the_first_finding_and_every_fact():
    cards = Section("", "Emne", (Cards([Card("Et", "1"), Card("To", "2")], on_slide=(0, 1)),))
    charted = Section("A", "Emne", (
        Line("Side by side", "subheading"),
        Side((Stack((Chart(figure("Fundet<br>på to linjer"), "a", FIGURE), Line("Kun på siden"))),
              Chart(figure("Også et fund"), "b", FACT))),
        Pick("Vælg", {"x": "X"}, "pick", lambda option: (Chart(figure("Valgt"), "c", FIGURE),)),
        Line("Kun på diasset.", on_slide=True, on_page=False),
        Table(pd.DataFrame({"n": [1]}), "tabel", on_slide=True, on_page=False),
    ), note="Småt")
    page_only = Section("B", "Emne", (Chart(figure("Kun siden"), "d"),))
    empty = Section("C", "Emne", empty="Intet at vise")
    other = Section("D", "Andet emne", empty="Ingen målinger", empty_facts=["Første måling: 5"], empty_slide=True)

    assert [[section.tab for section in group] for group in slide_groups([cards, charted, page_only, empty, other])] \
        == [["", "A", "B"], ["D"]]
    first, second = _slides([cards, charted, empty, other], [("Sted", "Kommentar")])
    assert (first.kicker, first.title, first.figure.layout.title.text) == ("Emne", "Fundet på to linjer",
                                                                         "Fundet<br>på to linjer")
    # The first card only; the chart's title as a fact; the slide's own line; not the page's lines nor the pick.
    assert first.facts == ["Et: 1", "Også et fund.", "Kun på diasset."]
    assert first.table is not None and first.note == "Småt"
    assert first.commentary == [("Sted", "Kommentar")] and second.commentary == []
    assert (second.title, second.facts, second.figure) == ("Ingen målinger", ["Første måling: 5"], None)


def test_a_finding_line_is_the_slides_title_before_any_chart():
    section = Section("A", "Emne", (Line("Fundet i ord", FINDING, on_page=False),
                                    Chart(figure("Grafens titel"), "a", FIGURE)))
    (slide,) = _slides([section], [])
    assert slide.title == "Fundet i ord" and slide.figure is not None
    assert slide_facts(section) == []


def test_every_kind_of_line_has_a_way_onto_the_page():
    from ui.widgets import LINES

    assert set(LINES) == {FINDING, "caption", "text", "heading", "subheading", "info", "hidden", "warning", "good",
                          "worrying", "success", "error"}
    assert Line("x").kind in LINES
