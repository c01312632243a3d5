"""Disclosure control (diskretionering) for figures shown outside the project group.

Counts from 1 to 4 are hidden (primary suppression). Where a total is shown,
one hidden cell in a row or column could be worked out from the total and the
other cells, so a second cell in that line is hidden too (secondary
suppression): the smallest count above zero that is still shown. Zero is shown:
it reveals nobody. Shares whose count or base is hidden are hidden as well.
"""

import pandas as pd

THRESHOLD = 5


def primary(counts: pd.DataFrame | pd.Series) -> pd.DataFrame | pd.Series:
    """True where a count must be hidden because it is 1 to 4."""
    return (counts > 0) & (counts < THRESHOLD)


def suppression_mask(counts: pd.DataFrame, rows_have_totals: bool = True,
                     columns_have_totals: bool = False) -> pd.DataFrame:
    """True for every cell to hide, primary and secondary, given which totals are shown."""
    hidden = primary(counts)
    values = counts.to_numpy()
    mask = hidden.to_numpy().copy()
    changed = True
    while changed:
        changed = False
        lines = []
        if rows_have_totals:
            lines += [(row, slice(None)) for row in range(mask.shape[0])]
        if columns_have_totals:
            lines += [(slice(None), column) for column in range(mask.shape[1])]
        for line in lines:
            line_mask = mask[line]
            if line_mask.sum() != 1:
                continue
            candidates = [(values[line][i], i) for i in range(len(line_mask))
                          if not line_mask[i] and values[line][i] > 0]
            if not candidates:
                continue
            _, position = min(candidates)
            if isinstance(line[0], slice):
                mask[position, line[1]] = True
            else:
                mask[line[0], position] = True
            changed = True
    return pd.DataFrame(mask, index=counts.index, columns=counts.columns)


def series_mask(counts: pd.Series, total_shown: bool = True) -> pd.Series:
    """The same for one line of counts (e.g. categories of one quarter)."""
    frame = counts.to_frame().T
    return suppression_mask(frame, rows_have_totals=total_shown).iloc[0]


def share_hidden(numerator: float | None, denominator: float | None, numerator_hidden: bool = False) -> bool:
    """A share is hidden when its count is hidden or its base is under the threshold."""
    if numerator_hidden:
        return True
    if denominator is None or denominator <= 0:
        return False
    return bool(denominator < THRESHOLD or 0 < (numerator or 0) < THRESHOLD)


def long_table_mask(long: pd.DataFrame, line: str, cell: str, value: str) -> pd.Series:
    """``suppression_mask`` for a long table: one line (e.g. a quarter, whose total is shown) per value of ``line``."""
    wide = long.pivot(index=line, columns=cell, values=value).fillna(0)
    mask = suppression_mask(wide, rows_have_totals=True).stack().rename("hidden")
    keyed = long[[line, cell]].merge(mask.reset_index(), on=[line, cell], how="left")
    return pd.Series(keyed["hidden"].fillna(False).to_numpy(dtype=bool), index=long.index)
