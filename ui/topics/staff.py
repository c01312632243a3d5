"""Medarbejderkombinationer: which professions work together, and how the families of each pair fare."""

import pandas as pd
import plotly.graph_objects as go

from data_access.vocabulary import PROFESSIONS
from metrics.disclosure import share_hidden, suppression_mask
from metrics.quarters import quarter_label
from metrics.selection import Selection
from metrics.staff import overall_family_share, pair_outcomes, pairs_standing_out, profession_matrix
from ui.charts import OKABE_ITO, apply_layout
from ui.format import SUPPRESSED, format_number, format_percent, format_share


def staff_label(selection: Selection, site_id: int, key: str, profession: str) -> str:
    # Staff keys are per site: with several sites the site is part of the name.
    name = f"{key} {PROFESSIONS.get(profession, profession).lower()}"
    if selection.frames.sites["site_id"].nunique() > 1:
        return f"{selection.frames.sites.set_index('site_id').loc[site_id, 'site_name']}: {name}"
    return name


def profession_matrix_chart(selection: Selection) -> go.Figure:
    """Families per combination of professions, titled with the most frequent combination."""
    matrix = selection.compute(profession_matrix, selection.quarter)
    labels = [PROFESSIONS.get(name, name) for name in matrix.index]
    hidden = suppression_mask(matrix, True, True) if selection.external else matrix.astype(bool) & False
    text = [[SUPPRESSED if hidden.iloc[i, j] else format_number(matrix.iloc[i, j]) for j in range(len(matrix))]
            for i in range(len(matrix))]
    shown = matrix.where(~hidden)
    title = "Familier pr. kombination af fagligheder"
    if shown.notna().any().any():
        top = shown.stack().idxmax()
        title = (f"Flest familier: {PROFESSIONS[top[0]].lower()} + {PROFESSIONS[top[1]].lower()} "
                 f"({format_number(matrix.loc[top])})")
    heatmap = go.Figure(go.Heatmap(
        z=shown.to_numpy(), x=labels, y=labels, text=text, texttemplate="%{text}", colorscale="Blues",
        hovertemplate="%{y} + %{x}: %{text} familier<extra></extra>", showscale=False,
    ))
    apply_layout(heatmap, title)
    heatmap.update_yaxes(autorange="reversed", tickformat=None)
    heatmap.update_layout(height=480)
    return heatmap


def pair_results(selection: Selection) -> tuple[pd.DataFrame, str, float]:
    """Per pair: families, the share with job or education and its interval, hidden outside the project
    group when small; the finding (which pairs stand out from the average); the average itself."""
    outcomes = selection.compute(pair_outcomes, selection.quarter)
    outcomes["pair"] = [
        staff_label(selection, site, a, pa) + f" + {b} {PROFESSIONS.get(pb, pb).lower()}"
        for site, a, b, pa, pb in zip(outcomes["site_id"], outcomes["staff_a"], outcomes["staff_b"],
                                      outcomes["profession_a"], outcomes["profession_b"], strict=True)
    ]
    outcomes["hidden"] = [selection.external and (n < 5 or share_hidden(x, n))
                          for x, n in zip(outcomes["with_job_or_education"], outcomes["families"], strict=True)]
    successes, total = selection.compute(overall_family_share, selection.quarter)
    overall = successes / total if total else 0.0
    above, below = pairs_standing_out(outcomes, overall)
    if above == below == 0:
        finding = f"Intet makkerpar skiller sig sikkert ud fra gennemsnittet på {format_percent(overall, 0)}"
    else:
        finding = (f"{format_number(above)} makkerpar ligger sikkert over og {format_number(below)} sikkert under "
                   f"gennemsnittet på {format_percent(overall, 0)}")
    return outcomes, finding, overall


def pair_results_chart(selection: Selection, outcomes: pd.DataFrame, finding: str, overall: float) -> go.Figure:
    shown = outcomes[~outcomes["hidden"]].sort_values("share")
    figure = go.Figure(go.Scatter(
        x=shown["share"], y=shown["pair"], mode="markers", marker={"size": 11, "color": OKABE_ITO[0]},
        error_x={"type": "data", "symmetric": False, "array": shown["high"] - shown["share"],
                 "arrayminus": shown["share"] - shown["low"], "color": "#7F7F7F"},
        customdata=[[format_share(x, n), format_percent(low, 0), format_percent(high, 0)]
                    for x, n, low, high in zip(shown["with_job_or_education"], shown["families"], shown["low"],
                                               shown["high"], strict=True)],
        hovertemplate="%{y}<br>%{customdata[0]} familier<br>95 %-interval: %{customdata[1]} til %{customdata[2]}"
                      "<extra></extra>",
    ))
    figure.add_vline(x=overall, line_dash="dash", line_color=OKABE_ITO[5],
                     annotation_text=f"Alle familier: {format_percent(overall, 0)}", annotation_position="top")
    apply_layout(figure, finding, f"Andel af parrets familier med en voksen eller ung i job eller uddannelse, "
                                  f"{quarter_label(selection.quarter)} (95 %-interval)", "")
    figure.update_xaxes(tickformat=".0%", range=[0, 1])
    figure.update_yaxes(tickformat=None)
    figure.update_layout(height=max(360, 24 * len(shown) + 120))
    return figure
