"""Disclosure control: primary and secondary suppression, by hand."""

import pandas as pd

from metrics.disclosure import series_mask, share_hidden, suppression_mask


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
    from ui.topics.staff import pair_table

    table = pair_table(make_selection(load_frames(make_engine(demo_database_url)), external=True))
    hidden_share = table["Med job eller uddannelse"].str.startswith("skjult")
    assert hidden_share.any() and (table["Familier (n)"] == "<5").any()
    for families, share in zip(table["Familier (n)"], table["Med job eller uddannelse"], strict=True):
        if families == "<5":
            assert share == "skjult (<5)"
        elif share.startswith("skjult"):
            assert re.fullmatch(r"skjult \(n = (\d+)\)", share).group(1) == families
