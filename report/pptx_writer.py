"""The report as a PowerPoint deck (16:9): a slide per topic with the finding as its title."""

import io

import pandas as pd
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.text import MSO_AUTO_SIZE, PP_ALIGN
from pptx.util import Emu, Inches, Pt

from report.content import Report, Slide, speaker_notes
from report.images import CHART_HEIGHT, CHART_WIDTH
from report.native_charts import add_native_chart, can_be_native
from ui.charts import chart_alt_text

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
        run.font.size, run.font.bold, run.font.color.rgb = Pt(size), bold, colour


def _title(slide, text: str, left, top, width, height, size: int) -> None:
    """The slide's title in its title placeholder: PowerPoint's outline, its accessibility checker and screen
    readers find it there (a plain text box is no title to them)."""
    title = slide.shapes.title
    title.left, title.top, title.width, title.height = left, top, width, height
    frame = title.text_frame
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.TEXT_TO_FIT_SHAPE
    paragraph = frame.paragraphs[0]
    paragraph.alignment = PP_ALIGN.LEFT
    run = paragraph.add_run()
    run.text = text
    run.font.size, run.font.bold, run.font.color.rgb = Pt(size), True, INK


def _body_size(paragraphs: list[str]) -> int:
    """Smaller type for more text, so that a long commentary still fits its box."""
    characters = sum(len(text) for text in paragraphs)
    return 16 if characters < 500 else 14 if characters < 900 else 12 if characters < 1400 else 10


def _side_column(slide, content: Slide) -> None:
    lines = [(f"• {fact}", False, INK) for fact in content.facts]
    if content.commentary:
        lines.append(("Projektlederens kommentar", True, ACCENT))
        lines += [(f"{heading}: {text}", False, INK) for heading, text in content.commentary]
    size = _body_size([text for text, _, _ in lines])
    _text(slide, SIDE_LEFT, BODY_TOP, SIDE_W, HEIGHT - BODY_TOP - Inches(0.75),
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


def _header_and_footer(slide, content: Slide, report: Report, number: int) -> None:
    _text(slide, MARGIN, Inches(0.3), WIDTH - 2 * MARGIN, Inches(0.4),
          [(f"{content.kicker.upper()} · {report.title}", 13, True, ACCENT)])
    _title(slide, content.title, MARGIN, Inches(0.7), WIDTH - 2 * MARGIN, Inches(1.1), 28)
    footer = " · ".join(part for part in (content.note, report.description) if part)
    _text(slide, MARGIN, HEIGHT - Inches(0.65), WIDTH - 2 * MARGIN - Inches(0.8), Inches(0.5),
          [(footer, 10, False, MUTED)], shrink=True)
    _text(slide, WIDTH - MARGIN - Inches(0.7), HEIGHT - Inches(0.65), Inches(0.7), Inches(0.4),
          [(str(number), 10, False, MUTED)])


def report_pptx(report: Report, images: dict[int, bytes]) -> bytes:
    """The deck; ``images`` holds each slide's chart as PNG, by slide number (0-based)."""
    deck = Presentation()
    deck.slide_width, deck.slide_height = WIDTH, HEIGHT
    title_only = deck.slide_layouts[5]  # the default template's "Title Only": a title placeholder, nothing else
    for number, content in enumerate(report.slides):
        slide = deck.slides.add_slide(title_only)
        slide.notes_slide.notes_text_frame.text = speaker_notes(content)
        if number == 0:
            _title(slide, content.title, Inches(0.8), Inches(1.6), WIDTH - Inches(1.6), Inches(1.2), 40)
            _text(slide, Inches(0.8), Inches(2.8), WIDTH - Inches(1.6), Inches(1.3),
                  [(fact, 16, False, MUTED) for fact in content.facts], shrink=True)
            if content.commentary:
                paragraphs = [(f"{heading}: {text}", _body_size([text for _, text in content.commentary]), False,
                               INK) for heading, text in content.commentary]
                _text(slide, Inches(0.8), Inches(4.2), WIDTH - Inches(1.6), Inches(2.8), paragraphs, shrink=True)
            continue
        _header_and_footer(slide, content, report, number + 1)
        if number in images:
            height = int(CHART_W * CHART_HEIGHT / CHART_WIDTH)
            if can_be_native(content.figure):
                shape = add_native_chart(slide, content.figure, MARGIN, BODY_TOP, CHART_W, height)
            else:
                shape = slide.shapes.add_picture(io.BytesIO(images[number]), MARGIN, BODY_TOP, width=CHART_W,
                                                 height=height)
            # What a screen reader says for the chart: its finding and its numbers (PowerPoint's "Alt Text").
            shape._element.xpath("./*[1]/p:cNvPr")[0].set("descr", chart_alt_text(content.figure))
            _side_column(slide, content)
        elif content.table is not None and (len(content.table.columns) > 4
                                            or not (content.facts or content.commentary)):  # the table alone
            _table(slide, content.table, MARGIN, Inches(1.6), WIDTH - 2 * MARGIN, size=10)
        else:
            if content.table is not None:
                _table(slide, content.table, MARGIN, BODY_TOP, CHART_W)
            _side_column(slide, content)
    buffer = io.BytesIO()
    deck.save(buffer)
    return buffer.getvalue()
