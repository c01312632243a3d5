"""Bar and line charts as PowerPoint's own charts: editable in PowerPoint, their data in the deck, read by screen
readers.

A slide's figure is the page's plotly figure. Where it is bars only (stacked or not, upright or lying) or lines
over categories (quarters), the same series, values and colours become a native chart; a band (an interval drawn
as a filled area) becomes its two edges as series of their own. Anything else (dots with intervals, flows,
heatmaps) stays a picture. A trace that only writes text beside the bars is left out: the chart shows its values
as labels.
"""

import math

import plotly.graph_objects as go
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION
from pptx.enum.dml import MSO_LINE_DASH_STYLE
from pptx.enum.shapes import MSO_CONNECTOR
from pptx.enum.text import PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Emu, Pt

# Where the plot sits inside the chart's frame (fractions of its width and height), fixed so that a reference
# line drawn on the slide stands where its value is; the rest is room for names, figures and the legend.
PLOT_LYING = (0.36, 0.06, 0.44, 0.84)
PLOT_UPRIGHT = (0.08, 0.06, 0.84, 0.72)

CHART_TYPES = {  # (lying, stacked) -> type
    (True, True): XL_CHART_TYPE.BAR_STACKED,
    (True, False): XL_CHART_TYPE.BAR_CLUSTERED,
    (False, True): XL_CHART_TYPE.COLUMN_STACKED,
    (False, False): XL_CHART_TYPE.COLUMN_CLUSTERED,
}


def _is_label_trace(trace) -> bool:
    return trace.type == "scatter" and trace.mode == "text"


def _is_line(trace) -> bool:
    return trace.type == "scatter" and "lines" in (trace.mode or "lines") and trace.error_y.array is None


def can_be_native(figure: go.Figure) -> bool:
    bars = [trace for trace in figure.data if trace.type == "bar"]
    if bars:
        return all(trace.type == "bar" or _is_label_trace(trace) for trace in figure.data)
    lines = [trace for trace in figure.data if not _is_label_trace(trace)]
    return bool(lines) and all(_is_line(trace) for trace in lines)


# The page's "45 %" (a space before the sign, as Danish writes it) on a native chart's axis and labels.
PERCENT = "0 %"


def _colour(value) -> RGBColor | None:
    text = value if isinstance(value, str) else ""
    return RGBColor.from_string(text[1:].upper()) if text.startswith("#") and len(text) == 7 else None


def _fill(format_, colour: RGBColor | None) -> None:
    if colour is not None:
        format_.fill.solid()
        format_.fill.fore_color.rgb = colour


def _number(value) -> float | None:
    """A bar's value; None (no bar) for one left out or not known: a chart's workbook cannot hold NaN."""
    if value is None:
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def _every_category_named(chart) -> None:
    """Every bar's name on the axis: LibreOffice otherwise names only every second of many bars."""
    axis = chart.category_axis._element
    skip = axis.find(qn("c:tickLblSkip"))
    if skip is None:
        skip = axis.makeelement(qn("c:tickLblSkip"), {})
        axis.find(qn("c:noMultiLvlLbl")).addprevious(skip)
    skip.set("val", "1")


def _fixed_plot_area(chart, plot: tuple[float, float, float, float]) -> None:
    plot_area = chart._chartSpace.chart.plotArea
    layout = plot_area.find(qn("c:layout"))
    if layout is None:
        layout = plot_area.makeelement(qn("c:layout"), {})
        plot_area.insert(0, layout)
    for child in list(layout):
        layout.remove(child)
    manual = layout.makeelement(qn("c:manualLayout"), {})
    layout.append(manual)
    for tag, value in (("layoutTarget", "inner"), ("xMode", "edge"), ("yMode", "edge"), ("x", plot[0]),
                       ("y", plot[1]), ("w", plot[2]), ("h", plot[3])):
        manual.append(manual.makeelement(qn(f"c:{tag}"), {"val": str(value)}))


def _on_white(label) -> None:
    """A data label on a white ground, so that a reference line behind the chart does not run through it."""
    shape_properties = label._get_or_add_dLbl().get_or_add_spPr()
    fill = shape_properties.makeelement(qn("a:solidFill"), {})
    fill.append(fill.makeelement(qn("a:srgbClr"), {"val": "FFFFFF"}))
    shape_properties.append(fill)


def _reference_lines(figure: go.Figure, lying: bool) -> list[tuple[float, str, str | None]]:
    """The figure's lines across the value axis (a target, a national figure): (value, label, colour)."""
    lines = []
    for shape in figure.layout.shapes or ():
        value = shape.x0 if lying else shape.y0
        if shape.type != "line" or (shape.x0 != shape.x1 if lying else shape.y0 != shape.y1) or \
                (shape.xref if lying else shape.yref) != ("x" if lying else "y"):
            continue
        label = next((note.text for note in figure.layout.annotations or ()
                      if (note.x if lying else note.y) == value and note.text), "")
        lines.append((float(value), label, shape.line.color))
    return lines


def _draw_reference_lines(slide, figure: go.Figure, lying: bool, frame, maximum: float) -> None:
    """Each reference line as a dashed line across the plot with its label, where the value lies on the axis."""
    x, y, w, h = PLOT_LYING if lying else PLOT_UPRIGHT
    for value, label, colour in _reference_lines(figure, lying):
        if not 0 <= value <= maximum:
            continue
        share = value / maximum
        if lying:
            at = frame.left + int(frame.width * (x + w * share))
            begin, end = (at, frame.top + int(frame.height * y)), (at, frame.top + int(frame.height * (y + h)))
        else:
            at = frame.top + int(frame.height * (y + h * (1 - share)))
            begin, end = (frame.left + int(frame.width * x), at), (frame.left + int(frame.width * (x + w)), at)
        line = slide.shapes.add_connector(MSO_CONNECTOR.STRAIGHT, *begin, *end)
        line.line.dash_style = MSO_LINE_DASH_STYLE.DASH
        line.line.width = Pt(1.5)
        line.line.color.rgb = _colour(colour) or RGBColor(0x55, 0x55, 0x55)
        # Behind the chart: the bars' labels (on white) stand in front of the line instead of crossed by it.
        frame._element.addprevious(line._element)
        if label:
            # Under a lying chart's plot: its value axis, with the names of the shares, is at the top.
            box = slide.shapes.add_textbox(end[0] - Emu(Pt(60)), end[1] + Emu(Pt(2)), Emu(Pt(120)),
                                           Emu(Pt(16))) if lying else \
                slide.shapes.add_textbox(end[0] - Emu(Pt(160)), end[1] - Emu(Pt(18)), Emu(Pt(160)), Emu(Pt(16)))
            paragraph = box.text_frame.paragraphs[0]
            paragraph.alignment = PP_ALIGN.CENTER if lying else PP_ALIGN.RIGHT
            run = paragraph.add_run()
            run.text = label
            run.font.size = Pt(11)


def _styled(chart, series: int):
    """The page's type size, and a legend under the plot where there is more than one series."""
    chart.font.size = Pt(12)
    chart.has_legend = series > 1
    if chart.has_legend:
        chart.legend.position = XL_LEGEND_POSITION.BOTTOM
        chart.legend.include_in_layout = False
    return chart


def _add_line_chart(slide, figure: go.Figure, left, top, width, height):
    """Lines over categories (quarters) as a native line chart; a band's edges as two series of their own."""
    lines = [trace for trace in figure.data if not _is_label_trace(trace)]
    categories: list[str] = []
    for trace in lines:
        for category in trace.x:
            if str(category) not in categories:
                categories.append(str(category))
    if figure.layout.xaxis.categoryarray:
        categories = [str(category) for category in figure.layout.xaxis.categoryarray]
    data = CategoryChartData()
    data.categories = [category.replace("<br>", " ") for category in categories]
    for number, trace in enumerate(lines):
        values = dict(zip((str(x) for x in trace.x), trace.y, strict=True))
        data.add_series(trace.name or f"Serie {number + 1}", [_number(values.get(category)) for category in categories])
    frame = slide.shapes.add_chart(XL_CHART_TYPE.LINE_MARKERS, left, top, width, height, data)
    chart = _styled(frame.chart, len(lines))
    chart.value_axis.minimum_scale = 0
    chart.value_axis.tick_labels.number_format = {".0%": PERCENT, ",.1f": "#,##0.0"}.get(
        figure.layout.yaxis.tickformat, "#,##0")
    chart.value_axis.tick_labels.number_format_is_linked = False
    _every_category_named(chart)
    chart.category_axis.tick_labels.font.size = Pt(10 if len(categories) > 8 else 12)
    for series, trace in zip(chart.plots[0].series, lines, strict=True):
        colour = _colour(trace.line.color) or _colour(trace.marker.color if isinstance(trace.marker.color, str)
                                                      else None)
        series.smooth = False
        if colour is not None:
            series.format.line.color.rgb = colour
            series.marker.format.fill.solid()
            series.marker.format.fill.fore_color.rgb = colour
        if trace.fill or trace.line.dash:  # a band's edge or a projection: thin and dashed, as on the page
            series.format.line.dash_style = MSO_LINE_DASH_STYLE.DASH
            series.format.line.width = Pt(1)
    return frame


def add_native_chart(slide, figure: go.Figure, left, top, width, height):
    """The figure as a native chart on the slide; returns the chart's graphic frame."""
    bars = [trace for trace in figure.data if trace.type == "bar"]
    if not bars:
        return _add_line_chart(slide, figure, left, top, width, height)
    lying = bars[0].orientation == "h"
    categories: list[str] = []
    for trace in bars:
        for category in (trace.y if lying else trace.x):
            if str(category) not in categories:
                categories.append(str(category))
    ordered = (figure.layout.yaxis if lying else figure.layout.xaxis).categoryarray
    if ordered:  # quarters in time order, as on the page
        categories = [str(category) for category in ordered]
    data = CategoryChartData()
    data.categories = [category.replace("<br>", " ") for category in categories]
    for trace in bars:
        values = dict(zip((str(c) for c in (trace.y if lying else trace.x)), trace.x if lying else trace.y,
                          strict=True))
        data.add_series(trace.name or "", [_number(values.get(category)) for category in categories])
    stacked = figure.layout.barmode == "stack"
    frame = slide.shapes.add_chart(CHART_TYPES[(lying, stacked)], left, top, width, height, data)
    chart = _styled(frame.chart, len(bars))
    value_axis_format = (figure.layout.xaxis if lying else figure.layout.yaxis).tickformat
    # From zero, as on the page: PowerPoint's own choice of a minimum would make small differences look large.
    chart.value_axis.minimum_scale = 0
    if value_axis_format == ".0%":
        chart.value_axis.tick_labels.number_format = PERCENT
        chart.value_axis.tick_labels.number_format_is_linked = False
        if max((_number(value) or 0 for trace in bars for value in (trace.x if lying else trace.y)), default=0) <= 1:
            chart.value_axis.maximum_scale = 1
    else:
        # Persons are whole: no "0,5" on the axis, and thousands written as the reader's Excel writes them.
        chart.value_axis.tick_labels.number_format = "#,##0"
        chart.value_axis.tick_labels.number_format_is_linked = False
        if (figure.layout.xaxis if lying else figure.layout.yaxis).dtick == 1:
            chart.value_axis.major_unit = 1
    if lying:
        chart.category_axis.reverse_order = True  # the first category on top, as on the page
    _every_category_named(chart)
    chart.category_axis.tick_labels.font.size = Pt(10 if len(categories) > 8 else 12)
    if _reference_lines(figure, lying):
        # A line across the plot needs the plot where the slide expects it and an axis whose end is known.
        _fixed_plot_area(chart, PLOT_LYING if lying else PLOT_UPRIGHT)
        top_value = max((_number(value) or 0 for trace in bars for value in (trace.x if lying else trace.y)),
                        default=0)
        if chart.value_axis.maximum_scale is None:
            chart.value_axis.maximum_scale = max(1.0, top_value) * 1.1 if value_axis_format == ".0%" \
                else max(top_value, max(value for value, _, _ in _reference_lines(figure, lying))) * 1.1
        _draw_reference_lines(slide, figure, lying, frame, chart.value_axis.maximum_scale)
    plot = chart.plots[0]
    plot.gap_width = 60
    if stacked:
        plot.overlap = 100
    written = next((trace for trace in figure.data if _is_label_trace(trace)), None)
    if written is not None and not chart.has_legend:
        # The page's own words beside each bar ("22 af 25 (88 %)", or "<5 af 25" where a count is hidden).
        texts = dict(zip((str(c) for c in (written.y if lying else written.x)), written.text, strict=True))
        for number, category in enumerate(categories):
            label = plot.series[0].points[number].data_label
            label.has_text_frame = True
            # A line break in the page's words is plotly's <br>.
            label.text_frame.text = str(texts.get(category, "")).replace("<br>", "\n")
            label.position = XL_LABEL_POSITION.OUTSIDE_END
            label.font.size = Pt(11)
            _on_white(label)
    elif not chart.has_legend:
        # One series: its values stand at the bars.
        plot.has_data_labels = True
        plot.data_labels.font.size = Pt(11)
        if value_axis_format == ".0%":
            plot.data_labels.number_format = PERCENT
            plot.data_labels.number_format_is_linked = False
    for series, trace in zip(plot.series, bars, strict=True):
        colours = trace.marker.color
        if colours is not None and not isinstance(colours, str):  # one colour per bar
            for point, colour in enumerate(colours):
                _fill(series.points[point].format, _colour(colour))
        else:
            _fill(series.format, _colour(colours))
    return frame
