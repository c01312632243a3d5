"""Disclosure control: primary and secondary suppression, by hand."""

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from metrics.disclosure import long_table_mask, series_mask, share_hidden, suppression_mask


def test_counts_from_one_to_four_are_hidden_and_zero_is_not():
    mask = series_mask(pd.Series([0, 1, 4, 5, 12]), total_shown=False)
    assert mask.tolist() == [False, True, True, False, False]


def test_a_lone_hidden_cell_takes_the_smallest_other_count_with_it():
    # Total 30 shown: 3 alone could be recovered as 30 - 20 - 7; 7 is hidden too.
    mask = series_mask(pd.Series([20, 3, 7], index=["a", "b", "c"]))
    assert mask.tolist() == [False, True, True]


def test_two_hidden_cells_in_a_line_need_nothing_more():
    mask = series_mask(pd.Series([20, 3, 2, 9]))
    assert mask.tolist() == [False, True, True, False]


def test_secondary_suppression_follows_rows_and_columns_until_stable():
    counts = pd.DataFrame([[10, 3, 8], [6, 9, 12], [7, 11, 5]], columns=["x", "y", "z"])
    mask = suppression_mask(counts, rows_have_totals=True, columns_have_totals=True)
    # Primary: 3 and 5. Row 0: 3 alone -> 8 too. Row 2: 5 alone -> 7 too.
    # Column x: 7 alone -> 6 too. Column y: 3 alone -> 9 too. Then every line has 0 or 2+ hidden.
    assert mask.to_numpy().tolist() == [
        [False, True, True],
        [True, True, False],
        [True, False, True],
    ]
    for line in (mask.sum(axis=0), mask.sum(axis=1)):
        assert not (line == 1).any(), "no total may reveal a single hidden cell"


def test_nothing_hidden_when_all_counts_are_large():
    counts = pd.DataFrame([[10, 30], [6, 9]])
    assert not suppression_mask(counts, True, True).to_numpy().any()


def test_a_table_without_a_cell_hides_nothing():
    """A target group without any status (children) gives an empty table: nothing to hide, and no error."""
    assert suppression_mask(pd.DataFrame(), rows_have_totals=True).empty
    empty = pd.DataFrame({"quarter": pd.Series([], dtype=str), "group": pd.Series([], dtype=str),
                          "persons": pd.Series([], dtype=int)})
    hidden = long_table_mask(empty, "quarter", "group", "persons", subtotals=(("job", "education"),))
    assert hidden.empty and hidden.dtype == bool


def test_a_group_of_one_to_four_hides_its_zeros_too():
    from metrics.disclosure import count_hidden

    assert count_hidden(0, 3) and count_hidden(3, 3)
    assert not count_hidden(0, 18) and not count_hidden(0) and not count_hidden(5, 40)
    # "0 % job, 0 % uddannelse, 0 % førtidspension, <5 andet" gave "andet" away: now nothing of a group of 3.
    assert series_mask(pd.Series([0, 0, 0, 3])).all()


def test_a_lone_hidden_cell_takes_a_zero_before_a_larger_count():
    # 20, 3, 0, 7 of 30: hiding the 0 (shown as "<5", which is true) keeps 7 readable and 3 unknown.
    assert series_mask(pd.Series([20, 3, 0, 7])).tolist() == [False, True, True, False]


def test_shares_with_a_small_count_or_base_are_hidden():
    assert share_hidden(3, 40)
    assert share_hidden(2, 4)
    assert share_hidden(10, 40, numerator_hidden=True)
    assert not share_hidden(10, 40)
    assert not share_hidden(0, 40)


def test_a_published_subtotal_is_a_line_too():
    # Job 16 and education 3 with "in job or education: 19" published: 3 = 19 - 16, so 16 is hidden too.
    counts = pd.DataFrame([[16, 3, 9, 12]], columns=["job", "education", "company", "in_progress"])
    plain = suppression_mask(counts, rows_have_totals=True)
    assert plain.loc[0].tolist() == [False, True, True, False]  # the row total alone: 9 goes with 3
    both = suppression_mask(counts, rows_have_totals=True, row_subtotals=(("job", "education"),))
    assert both.loc[0, "job"] and both.loc[0, "education"]
    assert both.loc[0].sum() >= 2


def test_external_pair_table_never_calls_a_shown_count_hidden(demo_database_url):
    import re

    from data_access.engine import make_engine
    from data_access.queries import load_frames
    from metrics.selection import make_selection
    from presentation.topics.staff import pair_table

    table = pair_table(make_selection(load_frames(make_engine(demo_database_url)), external=True))
    hidden_share = table["Med job eller uddannelse"].str.startswith("skjult")
    assert hidden_share.any() and (table["Familier (n)"] == "<5").any()
    for families, share in zip(table["Familier (n)"], table["Med job eller uddannelse"], strict=True):
        if families == "<5":
            assert share == "skjult (<5)"
        elif share.startswith("skjult"):
            assert re.fullmatch(r"skjult \(n = (\d+)\)", share).group(1) == families


# --- The rule against a reader who subtracts: every possible value of the hidden cells, tried one by one -------

def _fillings(ranges: list[range], rest: int) -> list[tuple[int, ...]]:
    """Every choice of one value per range that adds up to ``rest``."""
    if not ranges:
        return [()] if rest == 0 else []
    return [(value, *tail) for value in ranges[0] if value <= rest for tail in _fillings(ranges[1:], rest - value)]


def _readings(values: list[int], mask: list[bool]) -> list[tuple[int, ...]]:
    """Every filling of the hidden cells that agrees with what the view shows: the shown cells, the line's
    total (unless it is 1-4, then not shown), '<5' as 0-4 and 'skjult' as 5 or more."""
    total = sum(values)
    hidden = [i for i, h in enumerate(mask) if h]
    rest = total - sum(v for v, h in zip(values, mask, strict=True) if not h)
    return _fillings([range(0, 5) if values[i] < 5 else range(5, total + 1) for i in hidden], rest)


def _pinned(values: list[int], mask: list[bool]) -> list[int]:
    """Positions of hidden cells that every agreeing filling gives the same value."""
    readings = _readings(values, mask)
    hidden = [i for i, h in enumerate(mask) if h]
    return [i for k, i in enumerate(hidden) if len({reading[k] for reading in readings}) == 1]


@given(st.lists(st.integers(0, 12), min_size=1, max_size=6))
def test_no_hidden_count_in_a_line_can_be_worked_out_from_its_total(values):
    from metrics.disclosure import line_total_hidden

    counts = pd.Series(values)
    mask = series_mask(counts).tolist()
    assert all(mask[i] for i, value in enumerate(values) if 0 < value < 5), "every count of 1-4 is hidden"
    if 0 < sum(values) < 5:
        assert all(mask), "a group of 1-4 shows nothing, not even its zeros"
    if line_total_hidden(counts):
        return  # the view hides the total as well: the line tells nothing to subtract from
    assert _pinned(values, mask) == [], f"{values} shown as {mask}: a hidden cell can be worked out"


@given(st.lists(st.lists(st.integers(0, 8), min_size=3, max_size=3), min_size=2, max_size=2))
def test_no_hidden_count_in_a_table_can_be_worked_out_from_row_and_column_totals(rows):
    import itertools

    counts = pd.DataFrame(rows)
    mask = suppression_mask(counts, rows_have_totals=True, columns_have_totals=True).to_numpy()
    values = counts.to_numpy()

    def row_fillings(r: int) -> list[tuple[int, ...]]:
        """The row's hidden cells filled in every way its shown total allows (any way when it shows none)."""
        hidden = [c for c in range(3) if mask[r, c]]
        ranges = [range(0, 5) if values[r, c] < 5 else range(5, values[r].sum() + 1) for c in hidden]
        total = values[r].sum()
        if 0 < total < 5:
            return list(itertools.product(*ranges))
        return _fillings(ranges, total - sum(values[r, c] for c in range(3) if not mask[r, c]))

    def column_totals(fillings) -> list[int]:
        guess = values.copy()
        for r, filling in enumerate(fillings):
            guess[r, [c for c in range(3) if mask[r, c]]] = filling
        return guess.sum(axis=0).tolist()

    shown_columns = [c for c in range(3) if not 0 < values[:, c].sum() < 5]
    readings = [fillings for fillings in itertools.product(row_fillings(0), row_fillings(1))
                if all(column_totals(fillings)[c] == values[:, c].sum() for c in shown_columns)]
    cells = [(r, c) for r in range(2) for c in range(3) if mask[r, c]]
    flat = [sum(reading, ()) for reading in readings]
    pinned = [cell for k, cell in enumerate(cells) if len({reading[k] for reading in flat}) == 1]
    # What must stay unknown is a count of 1-4 (a 0 or a 5+ hidden beside it may be seen through: it is no
    # small count itself). Where even hiding every cell does not do it, the view shows no cell at all.
    exposed = [cell for cell in pinned if 0 < values[cell] < 5]
    assert not exposed or mask.all(), f"{rows} shown as {mask.tolist()}: {exposed} can be worked out"
