"""Statistics of values given as counts per value, so that counts from many sites can simply be added."""

import numpy as np
import pandas as pd


def weighted_median(values: pd.Series, counts: pd.Series) -> float | None:
    """The median of a list holding each value ``counts`` times (the mean of the middle two for an even
    number), as ``pandas.Series.median`` of that list gives it; None for no values."""
    order = np.argsort(values.to_numpy(), kind="stable")
    ordered, repeats = values.to_numpy()[order], counts.to_numpy()[order]
    total = int(repeats.sum())
    if total == 0:
        return None
    ends = np.cumsum(repeats)
    low = ordered[np.searchsorted(ends, (total - 1) // 2, side="right")]
    high = ordered[np.searchsorted(ends, total // 2, side="right")]
    return float((low + high) / 2)


def counted_rows(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """``frame``'s rows counted by ``columns`` (``persons``): what the rows tell without whose they are."""
    return frame.groupby(columns, dropna=False).size().rename("persons").reset_index().astype({"persons": int})


def expanded(counts: pd.DataFrame) -> pd.DataFrame:
    """``counted_rows`` back to one row per person (without the person's key), for sums, means and counts."""
    return counts.loc[counts.index.repeat(counts["persons"])].drop(columns="persons").reset_index(drop=True)


def per_quarter_counts(grouped: dict[str, pd.Series], quarters: list[str], counts: list[str]) -> pd.DataFrame:
    """Columns worked out per quarter (``grouped``), one row for each of ``quarters``: ``counts`` 0 and sums 0.0
    where a quarter has nothing."""
    table = pd.DataFrame(grouped).reindex(quarters)
    table[counts] = table[counts].fillna(0).astype(int)
    return table.fillna(0.0).reset_index(names="quarter")


def mean_of(total: pd.Series, count: pd.Series) -> pd.Series:
    """``total / count``, NaN where the count is 0."""
    return total / count.where(count > 0)
