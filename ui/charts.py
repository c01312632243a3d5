"""The one place charts get their look: Danish numbers, colour-blind-safe colours, large type."""

import pandas as pd
import plotly.graph_objects as go

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


PROJECTOR_FONT = "Source Sans Pro, Liberation Sans, DejaVu Sans, Arial, sans-serif"


def for_projector(figure: go.Figure, height: int, font_size: int = 18) -> go.Figure:
    """A copy for a slide or the meeting-room screen: white, no title (the slide states the finding), large type."""
    copy = go.Figure(figure)
    copy.update_layout(
        title_text="", template="plotly_white", font={"family": PROJECTOR_FONT, "size": font_size},
        margin={"l": 10, "r": 30, "t": 30, "b": 10}, height=height, paper_bgcolor="white", plot_bgcolor="white",
    )
    if copy.layout.showlegend is not False and len(copy.data) > 1:
        # Larger type needs the legend below everything, not at a fixed distance under the plot.
        copy.update_layout(legend={"yref": "container", "y": 0, "yanchor": "bottom"},
                           margin={"b": 40 * ((len(copy.data) + 2) // 3)})
    return copy


def apply_layout(figure: go.Figure, title: str, x_title: str = "", y_title: str = "") -> go.Figure:
    figure.update_layout(
        title={"text": title, "font": {"size": 20}},
        separators=",.",
        font={"size": 15},
        colorway=OKABE_ITO,
        # Reading order left to right, whatever the stacking order.
        legend={"orientation": "h", "yanchor": "top", "y": -0.15, "xanchor": "left", "x": 0, "traceorder": "normal"},
        margin={"l": 10, "r": 10, "t": 60, "b": 10},
        hoverlabel={"font_size": 14},
        xaxis_title=x_title,
        yaxis_title=y_title,
    )
    figure.update_yaxes(tickformat=",d", rangemode="tozero")
    return figure


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
    figure = go.Figure()
    for code, label in series_labels.items():
        part = data[data[series] == code]
        if part.empty or part[presence or value].sum() == 0:
            continue
        figure.add_bar(
            x=part[x],
            y=part[value],
            name=label,
            marker_color=series_colours.get(code, NEUTRAL_GREY),
            customdata=part[[hover]],
            hovertemplate="<b>%{fullData.name}</b><br>%{customdata[0]}<extra></extra>",
        )
    figure.update_layout(barmode="stack")
    return apply_layout(figure, title, x_title, y_title)


def bars(
    data: pd.DataFrame, *, x: str, y: str, hover: str, title: str, x_title: str, y_title: str,
    colour: str = OKABE_ITO[0], percent: bool = False, horizontal: bool = False,
) -> go.Figure:
    """Plain bars with ready-formatted Danish hover text."""
    figure = go.Figure()
    figure.add_bar(
        x=data[y] if horizontal else data[x], y=data[x] if horizontal else data[y],
        orientation="h" if horizontal else "v", marker_color=colour, customdata=data[[hover]],
        hovertemplate="%{customdata[0]}<extra></extra>",
    )
    apply_layout(figure, title, y_title if horizontal else x_title, x_title if horizontal else y_title)
    if percent:
        (figure.update_xaxes if horizontal else figure.update_yaxes)(tickformat=".0%")
    figure.update_layout(showlegend=False)
    return figure


def lines(
    data: pd.DataFrame, *, x: str, y: str, series: str, hover: str, title: str, x_title: str, y_title: str,
    series_labels: dict[str, str], y_format: str = ",d",
) -> go.Figure:
    """One line per series, markers on each point."""
    figure = go.Figure()
    for (code, label), colour in zip(series_labels.items(), OKABE_ITO, strict=False):
        part = data[data[series] == code]
        if part.empty:
            continue
        figure.add_scatter(
            x=part[x], y=part[y], name=label, mode="lines+markers", line={"color": colour, "width": 3},
            customdata=part[[hover]], hovertemplate="<b>%{fullData.name}</b><br>%{customdata[0]}<extra></extra>",
        )
    apply_layout(figure, title, x_title, y_title)
    figure.update_yaxes(tickformat=y_format)
    return figure
