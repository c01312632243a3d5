"""The one place charts get their look: Danish numbers, colour-blind-safe colours, large type."""

import numbers
import re
import textwrap

import pandas as pd
import plotly.graph_objects as go

from metrics.quarters import quarter_label, quarter_range
from presentation.format import format_number, format_percent

# Okabe-Ito: distinguishable with the common forms of colour blindness.
OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
NEUTRAL_GREY = "#BBBBBB"

CATEGORY_GROUP_COLOURS = {
    "job": "#0072B2",
    "education": "#009E73",
    "company": "#E69F00",
    "clarification": "#CC79A7",
    "permanent_benefit": "#56B4E9",
    "in_progress": NEUTRAL_GREY,
    "other_exit": "#D55E00",
}


def translucent(colour: str, opacity: float = 0.45) -> str:
    """A '#RRGGBB' colour as rgba, e.g. for flows that should not hide what lies behind them."""
    red, green, blue = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgba({red},{green},{blue},{opacity})"


# Axis names and labels: Streamlit's chart theme draws them in #808495, 3.8:1 on white; this is 6.9:1 (WCAG 1.4.3).
AXIS_FONT = {"color": "#4F5B66"}
TITLE_LINE_HEIGHT = 26
# Characters of a chart title per line across the page at 1280 px; longer findings are wrapped, not cut.
TITLE_WIDTH = 70


def wrapped_title(text: str, width: int = TITLE_WIDTH) -> str:
    """A chart title over as many lines as it needs."""
    return "<br>".join(textwrap.wrap(text, width)) or text


# Plotly's own toolbar (zoom, pan, save as picture) speaks English and is not needed to read a chart; the
# report gives the pictures.
MODEBAR_HIDDEN = ["zoom", "pan", "select", "lasso", "zoomin", "zoomout", "autoscale", "resetscale", "toimage",
                  "hovercompare", "togglehover", "togglespikelines", "resetviews", "zoom2d", "pan2d", "select2d",
                  "lasso2d", "zoomIn2d", "zoomOut2d", "autoScale2d", "resetScale2d", "toImage",
                  "hoverClosestCartesian", "hoverCompareCartesian", "toggleSpikelines"]

# A horizontal legend's rows at the page's type size, counted at three items a row (the narrowest chart).
LEGEND_ITEMS_PER_ROW = 3
LEGEND_ROW_HEIGHT = 34

PROJECTOR_FONT = "Source Sans Pro, Liberation Sans, DejaVu Sans, Arial, sans-serif"


def for_projector(figure: go.Figure, height: int, font_size: int = 18) -> go.Figure:
    """A copy for a slide or the meeting-room screen: white, no title (the slide states the finding), large type."""
    copy = go.Figure(figure)
    copy.update_layout(
        title_text="", template="plotly_white", font={"family": PROJECTOR_FONT, "size": font_size},
        margin={"l": 10, "r": 30, "t": 30, "b": 10}, height=height, paper_bgcolor="white", plot_bgcolor="white",
    )
    lying = next((trace for trace in copy.data if trace.type == "bar" and trace.orientation == "h"), None)
    if lying is not None and lying.y is not None and len(lying.y):
        # Each bar's name in the room one bar has: smaller type for many bars with names over several lines.
        lines = max(str(label).count("<br>") + 1 for label in lying.y)
        room = (height - 110) / len(lying.y)
        copy.update_yaxes(tickfont={"size": int(max(10, min(font_size, room / (1.3 * lines))))})
    if copy.layout.showlegend is not False and len(copy.data) > 1:
        # Larger type needs the legend below everything, not at a fixed distance under the plot.
        copy.update_layout(legend={"yref": "container", "y": 0, "yanchor": "bottom"},
                           margin={"b": 40 * ((len(copy.data) + 2) // 3)})
    return copy


QUARTER_LABEL = re.compile(r"\d{4} K[1-4]")


def quarter_axis(traces: list[dict]) -> dict:
    """Quarters in time order, every quarter from the first to the last: plotly orders categories as they first
    appear in the traces, so a line to a deadline drawn before the forecast put 2027 K4 second."""
    labels = {str(value) for trace in traces if trace.get("orientation") != "h" for value in trace.get("x", [])}
    if not labels or not all(QUARTER_LABEL.fullmatch(label) for label in labels):
        return {}
    first, last = (label.replace(" K", "Q") for label in (min(labels), max(labels)))
    return {"type": "category", "categoryorder": "array",
            "categoryarray": [quarter_label(quarter) for quarter in quarter_range(first, last)]}


def _values(trace: dict, key: str) -> list:
    values = trace.get(key)
    return [] if values is None else list(values)


def whole_number_ticks(traces: list[dict], axis: str, stacked: bool) -> dict:
    """Ticks one apart on a count axis whose values are all small: plotly would otherwise put ticks at 0,2, 0,4
    and so on, fractions of a person written as whole numbers."""
    totals: dict = {}
    for trace in traces:
        lying = trace.get("orientation") == "h"
        if ("x" if lying else "y") != axis:
            continue
        for category, value in zip(_values(trace, "y" if lying else "x"), _values(trace, axis), strict=False):
            if isinstance(value, numbers.Real) and value == value:  # NumPy's numbers too; not NaN
                adds = stacked and trace.get("type") == "bar"
                totals[category] = totals.get(category, 0) + value if adds else max(totals.get(category, 0), value)
    return {"tick0": 0, "dtick": 1} if max(totals.values(), default=0) < 10 else {}


def chart(
    traces: list[dict],
    title: str,
    x_title: str = "",
    y_title: str = "",
    *,
    x_axis: dict | None = None,
    y_axis: dict | None = None,
    reference_lines: tuple[tuple[dict, dict], ...] = (),
    **layout,
) -> go.Figure:
    """A chart in the house style, built in one step from trace dicts (each with its ``type``).

    Plotly validates every change to a figure; building it from one description is about four
    times faster than adding traces and updating the layout afterwards, and a page's first
    computation after an import is mostly chart building.
    ``reference_lines``: what ``reference_line`` returns; ``layout``: any further layout settings.
    """
    # The legend stands between the title and the plot, in reading order left to right whatever the stacking
    # order: below the plot it met the quarter labels, which turn on their side when there are many quarters.
    named = sum(1 for trace in traces if trace.get("showlegend", True) and trace.get("name"))
    legend_rows = (named + LEGEND_ITEMS_PER_ROW - 1) // LEGEND_ITEMS_PER_ROW \
        if named > 1 and layout.get("showlegend", True) else 0
    # A title wrapped onto several lines ("<br>") gets the room it needs.
    title_lines = title.count("<br>") + 1
    margin = {"l": 10, "r": 10, "t": 34 + TITLE_LINE_HEIGHT * title_lines, "b": 10, **layout.pop("margin", {})}
    margin["t"] += LEGEND_ROW_HEIGHT * legend_rows
    description = {
        "title": {"text": title, "font": {"size": 20}},
        "separators": ",.",
        "font": {"size": 15},
        "colorway": OKABE_ITO,
        "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.02, "xanchor": "left", "x": 0,
                   "traceorder": "normal"},
        "margin": margin,
        "hoverlabel": {"font": {"size": 14}},
        "modebar": {"remove": MODEBAR_HIDDEN},
        "xaxis": {"title": {"text": x_title, "font": AXIS_FONT}, "tickfont": AXIS_FONT, **quarter_axis(traces),
                  **(x_axis or {})},
        "yaxis": {"title": {"text": y_title, "font": AXIS_FONT}, "tickfont": AXIS_FONT, "tickformat": ",d",
                  "rangemode": "tozero", **(y_axis or {})},
        "shapes": [shape for shape, _ in reference_lines],
        "annotations": [annotation for _, annotation in reference_lines if annotation],
        **layout,
    }
    for axis in ("x", "y"):
        settings = description[f"{axis}axis"]
        if settings.get("tickformat") == ",d" and "dtick" not in settings:
            settings.update(whole_number_ticks(traces, axis, layout.get("barmode") == "stack"))
    return go.Figure(data=traces, layout=description)


def reference_line(value: float, *, vertical: bool = False, colour: str = "#555555", label: str = "",
                   dash: str | None = None, label_on_top: bool = False) -> tuple[dict, dict | None]:
    """A line across the plot at ``value`` (a target, a national figure, an average) with its label
    at the top right, or centred on top of a vertical line."""
    line = {"color": colour, **({"dash": dash} if dash else {})}
    if vertical:
        shape = {"type": "line", "xref": "x", "x0": value, "x1": value, "yref": "y domain", "y0": 0, "y1": 1,
                 "line": line}
        anchor = {"xanchor": "center", "yanchor": "bottom"} if label_on_top else {"xanchor": "left", "yanchor": "top"}
        annotation = {"xref": "x", "x": value, "yref": "y domain", "y": 1, **anchor}
    else:
        shape = {"type": "line", "xref": "x domain", "x0": 0, "x1": 1, "yref": "y", "y0": value, "y1": value,
                 "line": line}
        annotation = {"xref": "x domain", "x": 1, "yref": "y", "y": value, "xanchor": "right", "yanchor": "bottom"}
    return shape, ({"text": label, "showarrow": False, **annotation} if label else None)


def stacked_bars(
    data: pd.DataFrame,
    *,
    x: str,
    series: str,
    value: str,
    hover: str,
    series_labels: dict[str, str],
    series_colours: dict[str, str],
    title: str,
    x_title: str,
    y_title: str,
    presence: str | None = None,
) -> go.Figure:
    """One bar per ``x``, stacked by ``series`` in the order of ``series_labels``.

    ``hover`` names a column of ready-formatted Danish text shown on hover. A series
    is left out when its ``presence`` column (default: ``value``) is zero throughout;
    pass the true counts there so that a series hidden by disclosure control stays in
    the legend and says so on hover.
    """
    traces = []
    parts = dict(tuple(data.groupby(series, sort=False))) if len(data) else {}
    for code, label in series_labels.items():
        part = parts.get(code)
        if part is None or part[presence or value].sum() == 0:
            continue
        traces.append({
            "type": "bar", "x": part[x], "y": part[value], "name": label,
            "marker": {"color": series_colours.get(code, NEUTRAL_GREY)},
            "customdata": [[text] for text in part[hover]],
            "hovertemplate": "<b>%{fullData.name}</b><br>%{customdata[0]}<extra></extra>",
        })
    return chart(traces, title, x_title, y_title, barmode="stack")


def bars(
    data: pd.DataFrame, *, x: str, y: str, hover: str, title: str, x_title: str, y_title: str,
    colour: str = OKABE_ITO[0], percent: bool = False, horizontal: bool = False, name: str | None = None,
    more_traces: tuple[dict, ...] = (), **layout,
) -> go.Figure:
    """Plain bars with ready-formatted Danish hover text; ``more_traces`` (e.g. a second series of bars)
    are drawn after them, and the legend is shown only then."""
    trace = {
        "type": "bar", "x": data[y] if horizontal else data[x],
        "y": data[x] if horizontal else data[y], "orientation": "h" if horizontal else "v",
        "marker": {"color": colour}, "customdata": [[text] for text in data[hover]],
        "hovertemplate": "%{customdata[0]}<extra></extra>", **({"name": name} if name else {}),
    }
    # Whole numbers with Danish thousands (1.000) on the value axis, whichever way the bars lie.
    value_axis = {"tickformat": ".0%"} if percent else {"tickformat": ",d"}
    return chart(
        [trace, *more_traces], title, y_title if horizontal else x_title, x_title if horizontal else y_title,
        x_axis=value_axis if horizontal else None, y_axis=None if horizontal else value_axis,
        showlegend=bool(more_traces), **layout,
    )


def lines(
    data: pd.DataFrame, *, x: str, y: str, series: str, hover: str, title: str, x_title: str, y_title: str,
    series_labels: dict[str, str], y_format: str = ",d", **layout,
) -> go.Figure:
    """One line per series, markers on each point."""
    traces = []
    for (code, label), colour in zip(series_labels.items(), OKABE_ITO, strict=False):
        part = data[data[series] == code]
        if part.empty:
            continue
        traces.append({
            "type": "scatter", "x": part[x], "y": part[y], "name": label, "mode": "lines+markers",
            "line": {"color": colour, "width": 3}, "customdata": [[text] for text in part[hover]],
            "hovertemplate": "<b>%{fullData.name}</b><br>%{customdata[0]}<extra></extra>",
        })
    return chart(traces, title, x_title, y_title, y_axis={"tickformat": y_format}, **layout)


# --- The chart in words and numbers, for screen readers (WCAG 1.1.1) -----------------------------------------


def _plain_text(text) -> str:
    """Plotly's text without its markup: line breaks and tags become spaces."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", str(text or ""))).strip()


def chart_finding(figure: go.Figure) -> str:
    """The chart's finding in words: its title, which is written as the finding."""
    return _plain_text(figure.layout.title.text) or "Graf"


def _number(value, axis=None) -> str:
    """A value as its axis writes it: a share (an axis in %) as a percentage, else a Danish number."""
    if value is None or (isinstance(value, float) and value != value):
        return "–"
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        if axis is not None and "%" in (axis.tickformat or ""):
            return format_percent(float(value))
        suffix = (axis.ticksuffix or "") if axis is not None else ""
        return format_number(float(value), 0 if float(value).is_integer() else 1) + suffix
    return _plain_text(value)


def chart_numbers(figure: go.Figure) -> pd.DataFrame:
    """Every value the chart draws, a row each: the series, the category (a quarter, a group, a pair), the value
    and the label written on the chart (which carries the n where the chart shows a share)."""
    rows = []
    written: dict[tuple[str, str], str] = {}  # (series, category) -> a label written by a trace of text alone
    for trace in figure.data:
        series = _plain_text(getattr(trace, "name", "") or "")
        texts = getattr(trace, "text", None)
        if trace.type == "sankey":
            labels = list(trace.node.label)
            for source, target, value in zip(trace.link.source, trace.link.target, trace.link.value, strict=True):
                rows.append((series, f"{_plain_text(labels[source])} → {_plain_text(labels[target])}",
                             _number(value), ""))
            continue
        if trace.type == "heatmap":
            for row_label, values, row_texts in zip(trace.y, trace.z, texts if texts is not None else
                                                    [None] * len(trace.z), strict=True):
                for column_label, value, text in zip(trace.x, values, row_texts if row_texts is not None else
                                                     [None] * len(values), strict=True):
                    rows.append((_plain_text(row_label), _plain_text(column_label), _number(value),
                                 _plain_text(text)))
            continue
        if trace.x is None or trace.y is None:
            continue
        # Lying: bars turned on their side, or points placed by a number along x against names on y.
        lying = getattr(trace, "orientation", None) == "h" or (
            all(isinstance(value, numbers.Real) for value in trace.x if value is not None)
            and not any(isinstance(value, numbers.Real) for value in trace.y))
        categories, values = (trace.y, trace.x) if lying else (trace.x, trace.y)
        value_axis = figure.layout[("x" if lying else "y") + "axis" + _axis_number(trace, "x" if lying else "y")]
        # Plotly holds a trace's texts as a tuple or an array, or one text for every point.
        labels = [texts] * len(values) if isinstance(texts, str) else \
            list(texts) if texts is not None and len(texts) == len(values) else [None] * len(values)
        if getattr(trace, "mode", None) == "text":
            # Labels placed at the bars (their position is no value): each joins its bar's row (same series and
            # category), or stands alone where no bar is drawn ("ingen endnu").
            written.update({(series, quarter_text(category)): _plain_text(text) for category, text in
                            zip(categories, labels, strict=True) if text})
            continue
        for category, value, text in zip(categories, values, labels, strict=True):
            if value is None:
                continue
            rows.append((series, quarter_text(category), _number(value, value_axis), _plain_text(text)))
    drawn = {(series, category) for series, category, _, _ in rows}
    rows = [(series, category, value, text or written.get((series, category), ""))
            for series, category, value, text in rows]
    rows += [(series, category, "", text) for (series, category), text in written.items()
             if (series, category) not in drawn]
    # A value drawn twice (a line and its labels as a trace of their own) is one row.
    long = pd.DataFrame(list(dict.fromkeys(rows)), columns=["Serie", "Kategori", "Værdi", "Tekst på grafen"])
    several = long["Serie"].nunique() > 1
    if several and not long["Tekst på grafen"].astype(bool).any() and not long.duplicated(["Serie", "Kategori"]).any():
        # Series side by side, a category a row: read as the chart is read.
        wide = long.pivot(index="Kategori", columns="Serie", values="Værdi").fillna("–")
        wide = wide.loc[list(dict.fromkeys(long["Kategori"])), list(dict.fromkeys(long["Serie"]))]
        return wide.reset_index().rename_axis(columns=None)
    return long.loc[:, [column for column in long
                        if column in ("Kategori", "Værdi") or long[column].astype(bool).any()]]


def _axis_number(trace, axis: str) -> str:
    """"" for a trace on the first x or y axis, "2" for one on the second, ..."""
    return (getattr(trace, f"{axis}axis", None) or axis)[1:]


def quarter_text(value) -> str:
    """A quarter as the axis writes it ("2026 K3"); anything else as its text."""
    text = _plain_text(value)
    return quarter_label(text) if re.fullmatch(r"\d{4}Q[1-4]", text) else text


def chart_alt_text(figure: go.Figure, finding: str | None = None) -> str:
    """A picture of the chart in words: its finding (its title unless given), then every value it draws (the
    slides' and the PDF's alternative text, where no table can sit beside the picture)."""
    table = chart_numbers(figure)
    if "Værdi" in table:  # one value a row, with the label written on the chart where there is one
        parts = [f"{' '.join(part for part in (row.get('Serie', ''), row['Kategori']) if part)}: "
                 f"{row.get('Tekst på grafen') or row['Værdi']}" for row in table.to_dict("records")]
    else:  # series side by side
        parts = [f"{row['Kategori']}: " + ", ".join(f"{series} {value}" for series, value in row.items()
                                                     if series != "Kategori") for row in table.to_dict("records")]
    return f"{finding or chart_finding(figure)}. " + "; ".join(parts) + ("." if parts else "")
