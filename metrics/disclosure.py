"""Disclosure control (diskretionering) for figures shown outside the project group: one rule for every view.

1. A count under the threshold is hidden: 1 to 4 persons (primary suppression). Zero is shown, since it names
   nobody, except where the group it counts is itself 1 to 4 persons: then every figure of that group is hidden,
   zero included ("0 of 3" tells something about all three).
2. A line whose total is shown (a quarter's categories with their n, a row of a table with its sum) must not let
   a reader work a hidden cell out: knowing the total, the shown cells and that "<5" means 0-4 and "skjult" 5 or
   more. While some hidden cell can be pinned to one value, one more cell of its line is hidden (secondary
   suppression): a zero first (it is shown as "<5", which is true), else the smallest count shown.
3. A share is hidden when its count is hidden (its base is then either hidden or large enough).

``suppression_mask`` applies 1 and 2 to a table; ``count_hidden`` is rule 1 for a single figure and its base.
A line that no choice of cells protects (only 4s, say "4 and 4 of 8") is reported by ``line_total_hidden``:
its total is then hidden too.
"""

import math

import numpy as np
import pandas as pd

THRESHOLD = 5


def count_hidden(count: float | None, base: float | None = None) -> bool:
    """Rule 1 for one figure: ``count`` persons, out of ``base`` persons when it is part of a group."""
    if count is None or (isinstance(count, float) and math.isnan(count)):
        return False
    small_base = base is not None and 0 < base < THRESHOLD
    return bool(0 < count < THRESHOLD or small_base)


def share_hidden(numerator: float | None, denominator: float | None, numerator_hidden: bool = False) -> bool:
    """Rule 3: a share is hidden when its count is hidden, by itself or by its small base."""
    return numerator_hidden or count_hidden(numerator or 0, denominator)


def primary(counts: pd.DataFrame | pd.Series) -> pd.DataFrame | pd.Series:
    """True where a count must be hidden because it is 1 to 4."""
    return (counts > 0) & (counts < THRESHOLD)


def _lines(counts: pd.DataFrame, rows_have_totals: bool, columns_have_totals: bool,
           row_subtotals: tuple[tuple, ...]) -> list[list[tuple[int, int]]]:
    rows, columns = range(counts.shape[0]), range(counts.shape[1])
    lines: list[list[tuple[int, int]]] = []
    if rows_have_totals:
        lines += [[(row, column) for column in columns] for row in rows]
    if columns_have_totals:
        lines += [[(row, column) for row in rows] for column in columns]
    for subset in row_subtotals:
        positions = [counts.columns.get_loc(label) for label in subset if label in counts.columns]
        lines += [[(row, column) for column in positions] for row in rows]
    return lines


def exposed_cells(values: np.ndarray, mask: np.ndarray, lines: list[list[tuple[int, int]]]) -> np.ndarray:
    """True for every hidden cell a reader can pin to one value from the shown cells and the lines' totals.

    The reader knows each shown cell, each line's total (a line whose total is 1-4 shows no total), and that a
    hidden cell under the threshold is 0-4 and one above it at least the threshold. Bounds are narrowed line by
    line until nothing changes, which is how a reader subtracts across the rows and columns of a table."""
    low = np.where(mask, np.where(values < THRESHOLD, 0, THRESHOLD), values).astype(float)
    high = np.where(mask, np.where(values < THRESHOLD, THRESHOLD - 1, np.inf), values).astype(float)
    known = [line for line in lines if not 0 < sum(values[cell] for cell in line) < THRESHOLD]
    changed = True
    while changed:
        changed = False
        for line in known:
            total = sum(values[cell] for cell in line)
            for cell in line:
                if not mask[cell]:
                    continue
                others_low = sum(low[other] for other in line if other != cell)
                others_high = sum(high[other] for other in line if other != cell)
                new_low, new_high = max(low[cell], total - others_high), min(high[cell], total - others_low)
                if (new_low, new_high) != (low[cell], high[cell]):
                    low[cell], high[cell] = new_low, new_high
                    changed = True
    return mask & (low == high)


def suppression_mask(counts: pd.DataFrame, rows_have_totals: bool = True, columns_have_totals: bool = False,
                     row_subtotals: tuple[tuple, ...] = (), absent: pd.DataFrame | None = None) -> pd.DataFrame:
    """True for every cell to hide (rules 1 and 2), given which totals are shown.

    ``row_subtotals`` names groups of columns whose sum is shown for each row as well
    (e.g. job + education when "in job or education" is a published figure). ``absent`` marks zeros the view
    does not draw at all: hiding them would protect nothing.
    """
    values = counts.to_numpy().astype(float)
    mask = primary(counts).to_numpy(dtype=bool).copy()  # bool also when there is no cell (an empty frame)
    fixed = np.zeros_like(mask) if absent is None else absent.to_numpy(dtype=bool)
    lines = _lines(counts, rows_have_totals, columns_have_totals, row_subtotals)
    for line in lines:  # rule 1: a line of 1-4 persons in all shows nothing
        if 0 < sum(values[cell] for cell in line) < THRESHOLD:
            for cell in line:
                mask[cell] = True
    while (exposed := exposed_cells(values, mask, lines)).any():
        open_cells = {cell for line in lines for cell in line if not mask[cell] and not fixed[cell]}
        near = [cell for line in lines if any(exposed[cell] for cell in line) for cell in line if cell in open_cells]
        # A cell of the exposed cell's own line first; else one of a line it is subtracted through.
        candidates = [(values[cell] >= THRESHOLD, values[cell], cell) for cell in near or open_cells]
        if not candidates:
            break  # everything is hidden: line_total_hidden says when a total must go too
        mask[min(candidates)[2]] = True
    return pd.DataFrame(mask, index=counts.index, columns=counts.columns)


def series_mask(counts: pd.Series, total_shown: bool = True) -> pd.Series:
    """The same for one line of counts (e.g. categories of one quarter)."""
    frame = counts.to_frame().T
    return suppression_mask(frame, rows_have_totals=total_shown).iloc[0]


def line_total_hidden(counts: pd.Series) -> bool:
    """Whether the total of a line of counts must be hidden beside it: it is 1-4, or even with its cells hidden
    the total would give them away (every cell 4)."""
    values = counts.to_numpy().astype(float)
    total = values.sum()
    if 0 < total < THRESHOLD:
        return True
    mask = series_mask(counts).to_numpy()
    return bool(exposed_cells(values[None, :], mask[None, :], [[(0, i) for i in range(len(values))]]).any())


def long_table_mask(long: pd.DataFrame, line: str, cell: str, value: str,
                    subtotals: tuple[tuple, ...] = ()) -> pd.Series:
    """``suppression_mask`` for a long table: one line (e.g. a quarter, whose total is shown) per value of ``line``."""
    wide = long.pivot(index=line, columns=cell, values=value)
    mask = suppression_mask(wide.fillna(0), rows_have_totals=True, row_subtotals=subtotals,
                            absent=wide.isna()).stack().rename("hidden")
    keyed = long[[line, cell]].merge(mask.reset_index(), on=[line, cell], how="left")
    return pd.Series(keyed["hidden"].fillna(False).to_numpy(dtype=bool), index=long.index)
