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


def suppression_mask(counts: pd.DataFrame, rows_have_totals: bool = True, columns_have_totals: bool = False,
                     row_subtotals: tuple[tuple, ...] = ()) -> pd.DataFrame:
    """True for every cell to hide, primary and secondary, given which totals are shown.

    ``row_subtotals`` names groups of columns whose sum is shown for each row as well
    (e.g. job + education when "in job or education" is a published figure).
    """
    mask = primary(counts).to_numpy().copy()
    values = counts.to_numpy()
    rows, columns = range(mask.shape[0]), range(mask.shape[1])
    lines: list[list[tuple[int, int]]] = []
    if rows_have_totals:
        lines += [[(row, column) for column in columns] for row in rows]
    if columns_have_totals:
        lines += [[(row, column) for row in rows] for column in columns]
    for subset in row_subtotals:
        positions = [counts.columns.get_loc(label) for label in subset if label in counts.columns]
        lines += [[(row, column) for column in positions] for row in rows]
    changed = True
    while changed:
        changed = False
        for line in lines:
            if sum(mask[cell] for cell in line) != 1:
                continue
            candidates = [(values[cell], cell) for cell in line if not mask[cell] and values[cell] > 0]
            if candidates:
                mask[min(candidates)[1]] = True
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


def long_table_mask(long: pd.DataFrame, line: str, cell: str, value: str,
                    subtotals: tuple[tuple, ...] = ()) -> pd.Series:
    """``suppression_mask`` for a long table: one line (e.g. a quarter, whose total is shown) per value of ``line``."""
    wide = long.pivot(index=line, columns=cell, values=value).fillna(0)
    mask = suppression_mask(wide, rows_have_totals=True, row_subtotals=subtotals).stack().rename("hidden")
    keyed = long[[line, cell]].merge(mask.reset_index(), on=[line, cell], how="left")
    return pd.Series(keyed["hidden"].fillna(False).to_numpy(dtype=bool), index=long.index)
