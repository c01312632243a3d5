"""Quarter arithmetic and Danish formatting."""

from datetime import date

import pytest

from metrics.quarters import (
    parse_quarter,
    previous_quarter,
    quarter_end,
    quarter_label,
    quarter_of,
    quarter_range,
    quarter_start,
    shift_quarter,
)
from presentation.format import format_date, format_number, format_percent, format_share, format_signed, versions_phrase


@pytest.mark.parametrize("text", ["2024Q1", "2024 K1", "2024k1", " 2024q1 "])
def test_quarter_forms_normalise(text):
    assert parse_quarter(text) == "2024Q1"


@pytest.mark.parametrize("text", ["2024Q5", "24Q1", "2024-1", "", "2024Q0"])
def test_invalid_quarters_are_refused_in_danish(text):
    with pytest.raises(ValueError, match="Ugyldigt kvartal"):
        parse_quarter(text)


def test_quarter_dates_and_steps():
    assert quarter_label("2024Q3") == "2024 K3"
    assert quarter_start("2024Q2") == date(2024, 4, 1)
    assert quarter_end("2024Q1") == date(2024, 3, 31)
    assert quarter_end("2024Q4") == date(2024, 12, 31)
    assert quarter_of(date(2024, 9, 30)) == "2024Q3"
    assert previous_quarter("2024Q1") == "2023Q4"
    assert shift_quarter("2023Q4", 5) == "2025Q1"
    assert quarter_range("2023Q3", "2024Q2") == ["2023Q3", "2023Q4", "2024Q1", "2024Q2"]


@pytest.mark.parametrize(("value", "decimals", "expected"), [
    (1234.5, 1, "1.234,5"),
    (1234567, 0, "1.234.567"),
    (0.5, 0, "0"),
    (-0.04, 1, "0,0"),
    (-1234.56, 2, "-1.234,56"),
    (None, 0, "–"),
    (float("nan"), 1, "–"),
])
def test_numbers_use_decimal_comma_and_thousands_dot(value, decimals, expected):
    assert format_number(value, decimals) == expected


def test_signed_changes():
    assert format_signed(3) == "+3"
    assert format_signed(-2.5, 1) == "-2,5"
    assert format_signed(0) == "0"
    assert format_signed(0.04, 1) == "0,0"
    assert format_signed(None) == "–"


def test_shares_always_carry_their_n():
    assert format_share(48, 110) == "43,6 % (48 af 110)"
    assert format_share(1500, 2000) == "75,0 % (1.500 af 2.000)"
    assert format_share(0, 0) == "– (n = 0)"
    assert format_percent(0.35) == "35,0 %"


def test_dates_are_day_month_year():
    assert format_date(date(2026, 3, 9)) == "09-03-2026"


def test_a_site_misses_a_quarter_only_once_it_has_begun_reporting():
    from metrics.quarters import sites_missing

    reported = {1: {"2026Q1", "2026Q2"}, 2: {"2026Q2"}, 3: set()}
    assert sites_missing(reported, [1, 2, 3, 4], "2026Q1") == []  # 2 began in Q2; 3 and 4 never reported
    assert sites_missing(reported, [1, 2], "2026Q3") == [1, 2]
    assert sites_missing(reported, [2], "2026Q2") == []


def test_versions_are_named_in_danish():
    assert versions_phrase([7]) == "version 7"
    assert versions_phrase([8, 7]) == "versionerne 7 og 8"
    assert versions_phrase([7, 9, 12]) == "versionerne 7, 9 og 12"
    assert versions_phrase(list(range(25, 49))) == "versionerne 25-48"


def test_count_axes_tick_whole_numbers_and_quarters_stand_in_time_order():
    import numpy as np

    from presentation.charts import chart

    def ticks(*values, barmode="group"):
        traces = [{"type": "bar", "x": ["a", "b"], "y": np.array(pair)} for pair in values]
        return chart(traces, "Titel", barmode=barmode).layout.yaxis.dtick

    assert ticks((1, 3)) == 1  # a few persons: 0, 1, 2, 3, never 0,5 of a person
    assert ticks((120, 300)) is None  # plotly's own steps
    assert ticks((6, 1), (6, 1), barmode="stack") is None  # stacked to 12
    assert ticks((6, 1), (6, 1)) == 1  # side by side, at most 6
    line_to_deadline = [{"type": "scatter", "x": ["2026 K3"], "y": [3]},
                        {"type": "scatter", "x": ["2026 K3", "2027 K2"], "y": [3, 10]}]
    assert list(chart(line_to_deadline, "Titel").layout.xaxis.categoryarray) == [
        "2026 K3", "2026 K4", "2027 K1", "2027 K2"]


def test_a_figure_that_is_not_there_stands_without_its_unit():
    from presentation.format import format_signed, with_unit

    assert with_unit(format_signed(None, 1), "point") == "–"
    assert with_unit(format_signed(8.0, 1), "point") == "+8,0 point"


def test_file_names_spell_danish_letters_out_never_drop_them():
    from presentation.format import file_name_of

    assert file_name_of("Borgernes egne delmål") == "borgernes-egne-delmaal"
    assert file_name_of("Skolefravær for børn") == "skolefravaer-for-boern"
    assert file_name_of("Medarbejderkombinationer: Fagligheder sammen") == \
        "medarbejderkombinationer-fagligheder-sammen"
    assert file_name_of("<>") == "tabel"
