"""Bar charts as PowerPoint's own charts: editable in PowerPoint, their data in the deck, read by screen readers.

A slide's figure is the page's plotly figure. Where it is bars only (stacked or not, upright or lying), the
same series, values and colours become a native chart; anything else (intervals, flows, heatmaps) stays a
picture. A trace that only writes text beside the bars is left out: the chart shows its values as labels.
"""

import math

import plotly.graph_objects as go
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION
from pptx.util import Pt

CHART_TYPES = {  # (lying, stacked) -> type
    (True, True): XL_CHART_TYPE.BAR_STACKED,
    (True, False): XL_CHART_TYPE.BAR_CLUSTERED,
    (False, True): XL_CHART_TYPE.COLUMN_STACKED,
    (False, False): XL_CHART_TYPE.COLUMN_CLUSTERED,
}


def _is_label_trace(trace) -> bool:
    return trace.type == "scatter" and trace.mode == "text"


def can_be_native(figure: go.Figure) -> bool:
    bars = [trace for trace in figure.data if trace.type == "bar"]
    return bool(bars) and all(trace.type == "bar" or _is_label_trace(trace) for trace in figure.data)


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


def add_native_chart(slide, figure: go.Figure, left, top, width, height):
    """The figure as a native chart on the slide; returns the chart's graphic frame."""
    bars = [trace for trace in figure.data if trace.type == "bar"]
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
    chart = frame.chart
    chart.font.size = Pt(12)
    chart.has_legend = len(bars) > 1
    if chart.has_legend:
        chart.legend.position = XL_LEGEND_POSITION.BOTTOM
        chart.legend.include_in_layout = False
    value_axis_format = (figure.layout.xaxis if lying else figure.layout.yaxis).tickformat
    # From zero, as on the page: PowerPoint's own choice of a minimum would make small differences look large.
    chart.value_axis.minimum_scale = 0
    if value_axis_format == ".0%":
        chart.value_axis.tick_labels.number_format = "0%"
        chart.value_axis.tick_labels.number_format_is_linked = False
        if max((_number(value) or 0 for trace in bars for value in (trace.x if lying else trace.y)), default=0) <= 1:
            chart.value_axis.maximum_scale = 1
    if lying:
        chart.category_axis.reverse_order = True  # the first category on top, as on the page
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
    elif not chart.has_legend:
        # One series: its values stand at the bars.
        plot.has_data_labels = True
        plot.data_labels.font.size = Pt(11)
        if value_axis_format == ".0%":
            plot.data_labels.number_format = "0%"
            plot.data_labels.number_format_is_linked = False
    for series, trace in zip(plot.series, bars, strict=True):
        colours = trace.marker.color
        if colours is not None and not isinstance(colours, str):  # one colour per bar
            for point, colour in enumerate(colours):
                _fill(series.points[point].format, _colour(colour))
        else:
            _fill(series.format, _colour(colours))
    return frame
