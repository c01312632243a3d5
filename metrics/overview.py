"""Figures for the overview (Overblik): key figures with change, outcomes by quarter."""

import pandas as pd

from metrics.changes import marked_changes
from metrics.frames import ProgrammeFrames
from metrics.indicators import status_counts
from metrics.quarters import previous_quarter
from metrics.registry import INDICATORS
from metrics.vocabulary import CATEGORY_GROUPS

KEY_FIGURES = (
    "active_persons",
    "active_families",
    "in_job_or_education",
    "subgoals_met",
    "who5_mean_change",
)
# Shown where the project follows them (someone is measured twice, or has started a job long enough ago).
FOLLOWED_KEY_FIGURES = ("progression_closer", "retained_6_months")


def key_figures(frames: ProgrammeFrames, quarter: str, keys=KEY_FIGURES) -> pd.DataFrame:
    """One row per indicator: value in the quarter, in the quarter before, and the change."""
    before = previous_quarter(quarter)
    has_before = before in frames.quarters()
    rows = []
    for key in keys:
        indicator = INDICATORS[key]
        now = indicator.value_in(frames, quarter)
        then = indicator.value_in(frames, before) if has_before else None
        change = None
        if then is not None and now.value is not None and then.value is not None:
            change = now.value - then.value
        rows.append({
            "key": key,
            "label": indicator.label,
            "unit": indicator.unit,
            "decimals": indicator.decimals,
            "value": now.value,
            "numerator": now.numerator,
            "denominator": now.denominator,
            "previous_value": then.value if then is not None else None,
            "change": change,
        })
    return pd.DataFrame(rows)


def key_figures_before_after(before: ProgrammeFrames, after: ProgrammeFrames, quarter: str,
                             compared: str | None) -> pd.DataFrame:
    """An import's preview: each key figure of ``quarter`` with the file (``after``) next to the figure of the
    quarter it is compared with in the data in force (``before``; None without earlier data)."""
    after_figures = key_figures(after, quarter).set_index("key")
    table = after_figures[["label", "unit", "decimals"]].copy()
    table["after"] = after_figures["value"]
    table["before"] = None if compared is None else key_figures(before, compared).set_index("key")["value"]
    return table.reset_index()


def outcomes_by_quarter(frames: ProgrammeFrames) -> pd.DataFrame:
    """Persons per category group per quarter, with each quarter's total for the shares.

    Every group appears in every quarter (zero where nobody is in it) so that
    charts and tables line up.
    """
    statuses = frames.once(status_counts)
    quarters = sorted(statuses["quarter"].unique().tolist())
    grid = pd.MultiIndex.from_product([quarters, list(CATEGORY_GROUPS)], names=["quarter", "group_code"])
    counts = statuses.groupby(["quarter", "group_code"])["persons"].sum().reindex(grid, fill_value=0)
    result = counts.rename("persons").reset_index()
    result["group_label"] = result["group_code"].map(CATEGORY_GROUPS)
    result["quarter_total"] = result.groupby("quarter")["persons"].transform("sum")
    return result


def category_alerts(frames: ProgrammeFrames, quarter: str) -> pd.DataFrame:
    """Categories whose number of persons moved markedly since the quarter before, largest moves first."""
    before = previous_quarter(quarter)
    statuses = frames.once(status_counts)
    statuses = statuses[statuses["quarter"].isin([before, quarter])]
    counts = statuses.groupby(["category_code", "quarter"])["persons"].sum().unstack(fill_value=0)
    for column in (before, quarter):
        if column not in counts:
            counts[column] = 0
    marked = marked_changes(counts[before], counts[quarter])
    labels = frames.categories.set_index("category_code")["category_label"]
    result = marked.assign(label=labels.reindex(marked.index).fillna(pd.Series(marked.index, index=marked.index)))
    return result.reset_index().sort_values("change", key=abs, ascending=False).reset_index(drop=True)
