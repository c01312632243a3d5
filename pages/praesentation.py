"""Præsentation: the report's slides on the meeting-room screen, one topic at a time, in large type."""

import math
from html import escape

import streamlit as st

from presentation.charts import for_projector
from presentation.format import plain_markdown
from report.content import build_report
from ui.context import NO_DATA, show_purged_projects
from ui.data_cache import commentary_of
from ui.filters import current_view
from ui.routing import require_router
from ui.widgets import show_chart

SLIDE_KEY = "dias"
CHART_HEIGHT = 450  # chart and legend fit under a one-line title on a 1280 x 720 screen
# Characters of a slide's title and of its small print to a line at 1280 px, and the height a further line takes.
TITLE_LINE, TITLE_LINE_HEIGHT = 62, 48
NOTE_LINE, NOTE_LINE_HEIGHT = 170, 22

require_router("pages/praesentation.py")
# A slide fills one screen without scrolling: the room above the content is cut to what the header's icons need.
st.html("<style>[data-testid='stMainBlockContainer']{padding-top:3.75rem;padding-bottom:.5rem}</style>")
view = current_view()
if view.purged_project_ids:
    show_purged_projects(view, None)
if view.quarter is None or not view.frames.has_rows("persons"):
    if not view.purged_project_ids:
        st.info(NO_DATA)
    st.stop()
slides = build_report(view, commentary_of(view)).slides
try:
    number = min(max(int(st.query_params.get(SLIDE_KEY, 1)), 1), len(slides))
except ValueError:
    number = 1


def go_to(target: int) -> None:
    st.query_params[SLIDE_KEY] = str(target)


slide = slides[number - 1]
back, where, forward = st.columns([1, 4, 1], vertical_alignment="center")
back.button("Forrige", icon=":material/arrow_back:", on_click=go_to, args=(number - 1,), disabled=number == 1,
            shortcut="PageUp", width="stretch", help="Eller tryk Page Up")
where.caption(plain_markdown(f"{slide.kicker} · dias {number} af {len(slides)} · {view.description}"))
forward.button("Næste", icon=":material/arrow_forward:", on_click=go_to, args=(number + 1,),
               disabled=number == len(slides), shortcut="PageDown", width="stretch", help="Eller tryk Page Down")
st.header(plain_markdown(slide.title))


def large(lines: list[str]) -> None:
    # Escaped text in a larger size than Streamlit's body text, for reading across a meeting room.
    items = "".join(f"<li style='margin-bottom:.5rem'>{escape(line)}</li>" for line in lines)
    st.html(f"<ul style='font-size:1.45rem;line-height:1.4;padding-left:1.4rem'>{items}</ul>")


def commentary() -> None:
    if slide.commentary:
        st.html("<div style='font-size:1.3rem;line-height:1.4'><b style='color:#0072B2'>Projektlederens "
                "kommentar</b>" + "".join(f"<p><b>{escape(heading)}:</b> {escape(text)}</p>"
                                          for heading, text in slide.commentary) + "</div>")


wide_table = slide.table is not None and len(slide.table.columns) > 4
if slide.figure is not None or (slide.table is not None and not wide_table):
    main, side = st.columns([2, 1], gap="large")
    with side:
        large(slide.facts)
        commentary()
    with main:
        if slide.figure is not None:
            # A long finding or note takes lines from the chart, so that the slide still fits the screen.
            height = (CHART_HEIGHT - TITLE_LINE_HEIGHT * (math.ceil(len(slide.title) / TITLE_LINE) - 1)
                      - NOTE_LINE_HEIGHT * (math.ceil(len(slide.note or "") / NOTE_LINE) - 1))
            # A slide fits the screen: the chart's numbers are in its accessible name instead of a table below it.
            show_chart(for_projector(slide.figure, height), key=f"slide_{number}", numbers_table=False,
                       finding=slide.title, theme=None)
        else:
            st.table(slide.table.set_index(slide.table.columns[0]))
elif slide.scope:
    # The title slide: the meeting (its header), the headline findings large, then what and when, apart.
    st.html("<div style='font-size:1.6rem;line-height:1.45'>"
            + "".join(f"<p style='margin:0 0 .6rem'>{escape(fact)}</p>" for fact in slide.facts) + "</div>")
    for text in slide.scope:
        st.caption(plain_markdown(text))
    commentary()
else:
    if wide_table:
        st.table(slide.table.set_index(slide.table.columns[0]))
    large(slide.facts)
    commentary()
if slide.note:
    st.caption(plain_markdown(slide.note))
