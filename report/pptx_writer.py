"""The report as a PowerPoint deck (16:9): a slide per topic with the finding as its title."""

import io
import zipfile
from dataclasses import dataclass

import pandas as pd
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.enum.text import MSO_AUTO_SIZE, PP_ALIGN
from pptx.util import Emu, Inches, Pt

from presentation.charts import chart_alt_text
from report.content import Report, Slide, speaker_notes
from report.images import CHART_HEIGHT, CHART_WIDTH
from report.native_charts import add_native_chart, can_be_native

INK = RGBColor(0x1F, 0x29, 0x33)
MUTED = RGBColor(0x5F, 0x6B, 0x7A)
ACCENT = RGBColor(0x00, 0x72, 0xB2)
WIDTH, HEIGHT = Inches(13.333), Inches(7.5)
MARGIN = Inches(0.5)
BODY_TOP = Inches(1.85)
CHART_W = Inches(7.9)
SIDE_LEFT = MARGIN + CHART_W + Inches(0.3)
SIDE_W = WIDTH - SIDE_LEFT - MARGIN


def _text(slide, left, top, width, height, paragraphs: list[tuple[str, int, bool, RGBColor]],
          shrink: bool = False) -> None:
    """A text box; each paragraph is (text, points, bold, colour)."""
    frame = slide.shapes.add_textbox(left, top, width, height).text_frame
    frame.word_wrap = True
    if shrink:
        frame.auto_size = MSO_AUTO_SIZE.TEXT_TO_FIT_SHAPE
    for number, (text, size, bold, colour) in enumerate(paragraphs):
        paragraph = frame.paragraphs[0] if number == 0 else frame.add_paragraph()
        paragraph.space_after = Pt(6)
        run = paragraph.add_run()
        run.text = text
        run.font.size, run.font.bold = Pt(size), bold
        if colour is not None:  # None: the template's own text colour
            run.font.color.rgb = colour


def _title(slide, text: str, left, top, width, height, size: int, template: bool = False) -> None:
    """The slide's title in its title placeholder: PowerPoint's outline, its accessibility checker and screen
    readers find it there (a plain text box is no title to them). With the municipality's template the
    placeholder keeps the layout's place, font and colour."""
    title = slide.shapes.title
    frame = title.text_frame
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.TEXT_TO_FIT_SHAPE
    if template:
        frame.text = text
        return
    title.left, title.top, title.width, title.height = left, top, width, height
    paragraph = frame.paragraphs[0]
    paragraph.alignment = PP_ALIGN.LEFT
    run = paragraph.add_run()
    run.text = text
    run.font.size, run.font.bold, run.font.color.rgb = Pt(size), True, INK


def _body_size(paragraphs: list[str]) -> int:
    """Smaller type for more text, so that a long commentary still fits its box."""
    characters = sum(len(text) for text in paragraphs)
    return 16 if characters < 500 else 14 if characters < 900 else 12 if characters < 1400 else 10


@dataclass(frozen=True)
class Look:
    """Today's look, or the municipality's template: then the template's fonts and colours (None: inherited),
    its layouts, and the body below wherever its title placeholder stands."""

    template: bool = False
    ink: RGBColor | None = INK
    muted: RGBColor | None = MUTED
    accent: RGBColor | None = ACCENT
    body_top: int = BODY_TOP


def _side_column(slide, content: Slide, look: Look) -> None:
    lines = [(f"• {fact}", False, look.ink) for fact in content.facts]
    if content.commentary:
        lines.append(("Projektlederens kommentar", True, look.accent))
        lines += [(f"{heading}: {text}", False, look.ink) for heading, text in content.commentary]
    size = _body_size([text for text, _, _ in lines])
    _text(slide, SIDE_LEFT, look.body_top, SIDE_W, HEIGHT - look.body_top - Inches(0.75),
          [(text, size, bold, colour) for text, bold, colour in lines], shrink=True)


# A character of the body font at its size, in points, with room to spare (wide letters such as "m"), and a
# cell's inner margins.
CHARACTER_WIDTH = 0.62
CELL_PADDING = Pt(14)


def table_column_widths(frame: pd.DataFrame, width: int, size: int) -> list[Emu]:
    """Widths that follow the longest text, within limits, and never break a word: each column is at least as
    wide as its longest word ("Medarbejderkombinationer" broke as "...kombi/nationer"); the rest of the width is
    shared by the length of the texts."""
    texts = [[str(column)] + ["" if value is None else str(value) for value in frame[column]]
             for column in frame.columns]
    longest_word = [max(len(word) for text in column for word in (text.split() or [""])) for column in texts]
    minimum = [int(Pt(words * size * CHARACTER_WIDTH)) + CELL_PADDING for words in longest_word]
    weights = [max(min(max(len(text) for text in column), 60), 12) for column in texts]
    fixed: set[int] = set()
    while True:
        free = width - sum(minimum[number] for number in fixed)
        free_weight = sum(weight for number, weight in enumerate(weights) if number not in fixed)
        widths = [minimum[number] if number in fixed else int(free * weight / free_weight)
                  for number, weight in enumerate(weights)]
        narrow = {number for number, column_width in enumerate(widths) if column_width < minimum[number]} - fixed
        if not narrow or len(fixed | narrow) == len(widths):
            return [Emu(max(column_width, 0)) for column_width in widths]
        fixed |= narrow


def _table(slide, frame: pd.DataFrame, left, top, width, size: int = 13) -> None:
    rows, columns = len(frame) + 1, len(frame.columns)
    shape = slide.shapes.add_table(rows, columns, left, top, width, Inches(0.4) * rows)
    table = shape.table
    for number, column_width in enumerate(table_column_widths(frame, width, size)):
        table.columns[number].width = column_width
    for column, header in enumerate(frame.columns):
        table.cell(0, column).text = str(header)
    for row, values in enumerate(frame.itertuples(index=False), start=1):
        for column, value in enumerate(values):
            table.cell(row, column).text = "" if value is None else str(value)
    for row in range(rows):
        for column in range(columns):
            for paragraph in table.cell(row, column).text_frame.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(size)
                    run.font.bold = row == 0


def _header_and_footer(slide, content: Slide, report: Report, number: int, look: Look) -> None:
    if not look.template:  # a template's own header (logo, band) stays free
        _text(slide, MARGIN, Inches(0.3), WIDTH - 2 * MARGIN, Inches(0.4),
              [(f"{content.kicker.upper()} · {report.title}", 13, True, look.accent)])
    _title(slide, content.title, MARGIN, Inches(0.7), WIDTH - 2 * MARGIN, Inches(1.1), 28, look.template)
    footer = " · ".join(part for part in (content.note, report.description) if part)
    _text(slide, MARGIN, HEIGHT - Inches(0.65), WIDTH - 2 * MARGIN - Inches(0.8), Inches(0.5),
          [(footer, 10, False, look.muted)], shrink=True)
    _text(slide, WIDTH - MARGIN - Inches(0.7), HEIGHT - Inches(0.65), Inches(0.7), Inches(0.4),
          [(str(number), 10, False, look.muted)])


def _title_slide(slide, content: Slide, look: Look) -> None:
    """The first slide: the meeting as its title, then the headline findings and the scope; with a template, in
    its title layout (its subtitle placeholder gives way to the findings, which do not fit one line)."""
    if look.template:
        _title(slide, content.title, 0, 0, 0, 0, 40, template=True)
        for placeholder in list(slide.placeholders):
            if placeholder.placeholder_format.type == PP_PLACEHOLDER.SUBTITLE:
                placeholder.element.getparent().remove(placeholder.element)
        title = slide.shapes.title
        top = min(title.top + title.height + Inches(0.2), HEIGHT - Inches(2.5))
    else:
        _title(slide, content.title, Inches(0.8), Inches(1.6), WIDTH - Inches(1.6), Inches(1.2), 40)
        top = Inches(2.8)
    # Room for the findings and the scope at their size (a box too small has them shrunk to small print).
    per_line = int((WIDTH - Inches(1.6)) / Pt(16 * CHARACTER_WIDTH))
    lines = sum(-(-len(text) // per_line) for text in (*content.facts, *content.scope))
    facts_height = min(Inches(0.36) * lines + Inches(0.3), HEIGHT - top - Inches(0.4))
    # The headline findings first, then what the material covers and when it was made, smaller.
    _text(slide, Inches(0.8), top, WIDTH - Inches(1.6), facts_height,
          [(fact, 18, False, look.ink) for fact in content.facts]
          + [(text, 13, False, look.muted) for text in content.scope])
    if content.commentary:
        below = top + facts_height + Inches(0.1)
        paragraphs = [(f"{heading}: {text}", _body_size([text for _, text in content.commentary]), False, look.ink)
                      for heading, text in content.commentary]
        _text(slide, Inches(0.8), below, WIDTH - Inches(1.6), max(HEIGHT - below - Inches(0.4), Inches(0.8)),
              paragraphs, shrink=True)


def report_pptx(report: Report, images: dict[int, bytes], template: bytes | None = None) -> bytes:
    """The deck; ``images`` holds each slide's chart as PNG, by slide number (0-based). ``template``: the
    municipality's .potx or .pptx, whose master, layouts, fonts, colours and logo the deck takes."""
    if template is None:
        deck = Presentation()
        deck.slide_width, deck.slide_height = WIDTH, HEIGHT
        title_layout = content_layout = deck.slide_layouts[5]  # the default's "Title Only": a title, nothing else
        look = Look()
    else:
        deck = opened_template(template)
        title_layout, content_layout = template_layouts(deck)
        title = next(shape for shape in content_layout.placeholders
                     if shape.placeholder_format.type in (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE))
        look = Look(True, None, None, None, max(BODY_TOP, title.top + title.height + Inches(0.15)))
    for number, content in enumerate(report.slides):
        slide = deck.slides.add_slide(title_layout if number == 0 else content_layout)
        slide.notes_slide.notes_text_frame.text = speaker_notes(content)
        if number == 0:
            _title_slide(slide, content, look)
            continue
        _header_and_footer(slide, content, report, number + 1, look)
        top = look.body_top
        if number in images:
            height = min(int(CHART_W * CHART_HEIGHT / CHART_WIDTH), HEIGHT - top - Inches(0.75))
            width = int(height * CHART_WIDTH / CHART_HEIGHT)
            if can_be_native(content.figure):
                shape = add_native_chart(slide, content.figure, MARGIN, top, width, height)
            else:
                shape = slide.shapes.add_picture(io.BytesIO(images[number]), MARGIN, top, width=width,
                                                 height=height)
            # What a screen reader says for the chart: its finding and its numbers (PowerPoint's "Alt Text").
            shape._element.xpath("./*[1]/p:cNvPr")[0].set("descr", chart_alt_text(content.figure))
            _side_column(slide, content, look)
        elif content.table is not None and (len(content.table.columns) > 4
                                            or not (content.facts or content.commentary)):  # the table alone
            _table(slide, content.table, MARGIN, max(Inches(1.6), top), WIDTH - 2 * MARGIN, size=10)
        else:
            if content.table is not None:
                _table(slide, content.table, MARGIN, top, CHART_W, size=11)
            _side_column(slide, content, look)
    buffer = io.BytesIO()
    deck.save(buffer)
    return buffer.getvalue()


class TemplateRefused(ValueError):
    """A template the report cannot use; the message is Danish."""


_TEMPLATE_TYPE = b"application/vnd.openxmlformats-officedocument.presentationml.template.main+xml"
_DECK_TYPE = b"application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
_IN_THE_CORNERS = (PP_PLACEHOLDER.DATE, PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.SLIDE_NUMBER)


def opened_template(content: bytes):
    """The municipality's template as a deck to build on: a .potx read as the .pptx it is inside, its own
    example slides left out; refused unless 16:9 with a layout that has a title."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as source:
            buffer = io.BytesIO()
            with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
                for item in source.infolist():
                    data = source.read(item.filename)
                    if item.filename == "[Content_Types].xml":
                        data = data.replace(_TEMPLATE_TYPE, _DECK_TYPE)
                    target.writestr(item, data)
        deck = Presentation(io.BytesIO(buffer.getvalue()))
    except Exception:  # python-pptx and zipfile raise many kinds for a file that is no deck
        raise TemplateRefused("Filen kan ikke læses som en PowerPoint-skabelon (.potx eller .pptx).") from None
    if abs(deck.slide_width / deck.slide_height - WIDTH / HEIGHT) > 0.01:
        raise TemplateRefused("Skabelonen skal være i bredformat (16:9), som rapportens dias.")
    for slide_id in list(deck.slides._sldIdLst):
        deck.part.drop_rel(slide_id.rId)
        deck.slides._sldIdLst.remove(slide_id)
    template_layouts(deck)
    return deck


def template_layouts(deck) -> tuple:
    """The template's title layout (a title and a subtitle) and its layout for the other slides: a title and as
    little else as possible (date, footer and number aside). Chosen by the placeholders' types, not their
    places or names."""
    def kinds(layout) -> list:
        return [shape.placeholder_format.type for shape in layout.placeholders
                if shape.placeholder_format.type not in _IN_THE_CORNERS]

    titled = [layout for layout in deck.slide_layouts
              if {PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE} & set(kinds(layout))]
    if not titled:
        raise TemplateRefused("Skabelonen har intet layout med en titel; rapporten skal bruge et til hvert dias.")
    plain_titles = [layout for layout in titled if PP_PLACEHOLDER.TITLE in kinds(layout)]
    content = min(plain_titles or titled, key=lambda layout: len(kinds(layout)))
    title = next((layout for layout in titled if PP_PLACEHOLDER.SUBTITLE in kinds(layout)), content)
    return title, content
