"""A downloaded table calculates: display text read back as the number, share or date it shows."""

from datetime import date, datetime

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from data_access.typed_cells import typed_cell, typed_table
from presentation.format import (
    format_date,
    format_number,
    format_percent,
    format_share,
    format_signed,
    format_with_part,
)


def values(frame: pd.DataFrame) -> tuple[list[str], list[list]]:
    headers, rows = typed_table(frame)
    return headers, [[cell.value for cell in row] for row in rows]


def test_numbers_shares_and_dates_become_values_in_their_danish_look():
    assert typed_cell("1.234") == (1234, "#,##0") and typed_cell("22") == (22, "#,##0")
    assert typed_cell("2026").value == 2026 and typed_cell("2026").number_format == "0"  # a year, as written
    assert typed_cell("12,5") == (12.5, "#,##0.0") and typed_cell("−3") == (-3, "#,##0")
    assert typed_cell("+8,0") == (8.0, "+#,##0.0;-#,##0.0;#,##0.0")
    assert typed_cell("45,2 %") == (0.452, "#,##0.0 %")
    assert typed_cell("07-12-2026") == (date(2026, 12, 7), "dd-mm-yyyy")
    assert typed_cell("7-12-2026 09:05").value == datetime(2026, 12, 7, 9, 5)
    for text in ("P0001", "2026 K3", "<5", "skjult", "–", "31-02-2026", "12.3", "Unge (15-29 år)", "=1+2"):
        assert typed_cell(text).value == text, text


def test_a_share_with_its_n_becomes_the_share_the_count_and_the_n():
    shares = pd.Series(["58,3 % (7 af 12)", "– (n = 0)", "skjult (n = 12)", "skjult (<5)"])
    headers, rows = values(pd.DataFrame({"Gruppe": ["a", "b", "c", "d"], "I job": shares}))
    assert headers == ["Gruppe", "I job", "I job, antal", "I job, n"]
    assert rows == [["a", 0.583, 7, 12], ["b", "–", None, 0], ["c", "skjult", None, 12], ["d", "skjult", None, "<5"]]


def test_a_target_gives_its_deadline_and_heraf_columns_of_their_own():
    frame = pd.DataFrame({
        "Nu": ["22", "12, heraf 8 i fleksjob", "<5"],
        "Mål": ["25 inden 31-12-2026", "15 inden 30-06-2026, heraf 5 gennemført", "10"],
        "Ved fristen": ["forventet 24", "13", ""],
        "95 %-interval": ["32 % til 81 %", "", "5 % til 40 %"],
    })
    headers, rows = values(frame)
    assert headers == ["Nu", "Nu, heraf", "Nu, heraf hvad", "Mål", "Mål, frist", "Mål, heraf", "Mål, heraf hvad",
                       "Ved fristen", "Ved fristen (forventet)", "95 %-interval, fra", "95 %-interval, til"]
    assert rows[0] == [22, None, None, 25, date(2026, 12, 31), None, None, 24, "Ja", 0.32, 0.81]
    assert rows[1] == [12, 8, "i fleksjob", 15, date(2026, 6, 30), 5, "gennemført", 13, "Nej", None, None]
    assert rows[2][:4] == ["<5", None, None, 10]


def test_a_column_of_names_or_mixed_text_is_left_as_it_is():
    frame = pd.DataFrame({"Navn": ["Gellerup", "12 borgere i job"], "Tal": [3, 4]})
    assert values(frame) == (["Navn", "Tal"], [["Gellerup", 3], ["12 borgere i job", 4]])


@given(st.floats(min_value=-10**9, max_value=10**9, allow_nan=False), st.integers(min_value=0, max_value=3))
def test_every_number_the_pages_write_reads_back_as_its_value(value, decimals):
    typed = typed_cell(format_number(value, decimals))
    assert typed.value == round(value, decimals) or typed.value == 0
    signed = typed_cell(format_signed(value, decimals))
    assert signed.value == typed.value


@given(st.floats(min_value=0, max_value=1), st.integers(min_value=0, max_value=2))
def test_every_percentage_reads_back_as_its_share(share, decimals):
    assert typed_cell(format_percent(share, decimals)).value == round(round(share * 100, decimals) / 100,
                                                                      decimals + 2)


@given(st.integers(min_value=0, max_value=10**6), st.integers(min_value=1, max_value=10**6),
       st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31)))
def test_shares_counts_with_parts_and_dates_split_into_values(count, n, day):
    count = min(count, n)
    headers, rows = values(pd.DataFrame({"Andel": [format_share(count, n)],
                                         "Nu": [format_with_part(n, count, "i job")],
                                         "Dato": [format_date(day)]}))
    assert headers == ["Andel", "Andel, antal", "Andel, n", "Nu", "Nu, heraf", "Nu, heraf hvad", "Dato"]
    assert rows[0][1:] == [count, n, n, count, "i job", day]
