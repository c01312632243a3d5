"""The one CPR detector: a table of variants (a new variant is one line), and every entry point that uses it."""

import datetime
import subprocess
import sys
import unicodedata
from decimal import Decimal

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from data_access.cpr import any_looks_like_cpr, looks_like_cpr, redacted

# (value, shaped like a CPR number?, what it is). Synthetic numbers only.
VARIANTS = [
    ("010190-1234", True, "dash"),
    ("010190 1234", True, "space"),
    ("0101901234", True, "no separator"),
    ("010190\u00a01234", True, "no-break space"),
    ("010190\n1234", True, "line break (Alt+Enter in Excel)"),
    ("010190\r\n1234", True, "CR LF"),
    ("010190\t1234", True, "tab"),
    ("010190\r1234", True, "CR"),
    ("010190\u20071234", True, "figure space U+2007"),
    ("010190\u202f1234", True, "narrow no-break space U+202F"),
    ("010190\u20091234", True, "thin space"),
    ("010190\u2013 1234", True, "en dash and space"),
    ("010190\u22121234", True, "minus sign"),
    ("010190 - 1234", True, "spaced dash"),
    ("010190/1234", True, "slash"),
    ("010190.1234", True, "dot"),
    ("01.01.90-1234", True, "dotted date"),
    ("01-01-90-1234", True, "dashed date"),
    ("01/01/90 1234", True, "slashed date"),
    ("0101\u200b901234", True, "zero-width space inside"),
    ("010190\u200d-1234", True, "zero-width joiner"),
    ("010190\u00ad1234", True, "soft hyphen"),
    ("\ufeff0101901234", True, "byte-order mark"),
    ("\uff10\uff11\uff10\uff11\uff19\uff10\uff11\uff12\uff13\uff14", True, "full-width digits"),
    ("\u0660\u0661\u0660\u0661\u0669\u0660-\u0661\u0662\u0663\u0664", True, "Arabic-Indic digits"),
    ("cpr 010190-1234 i teksten", True, "inside text"),
    ("610190-1234", True, "replacement number, day + 60"),
    ("101901234", True, "text that lost its leading zero"),
    (" 101901234 ", True, "lost zero, padded"),
    (1512904321, True, "int"),
    (101901234, True, "int that lost its leading zero"),
    (1512904321.0, True, "float"),
    (101901234.0, True, "float that lost its leading zero"),
    (-1512904321.0, True, "negative float"),
    (Decimal("1512904321"), True, "Decimal from NUMERIC(12,0)"),
    (np.int64(1512904321), True, "NumPy integer"),
    (np.float64(1512904321.0), True, "NumPy float"),
    (b"010190-1234", True, "bytes"),
    ("101901234.0", True, "text of a float that lost its leading zero"),
    (" 101901234.00 ", True, "text of a float, padded"),
    ("101901234,0", True, "text of a float with a Danish decimal comma"),
    ("010190\u200e1234", True, "left-to-right mark U+200E"),
    ("010190\u20631234", True, "invisible separator U+2063"),
    ("010190\u202e1234", True, "right-to-left override U+202E"),
    ("010190\u034f1234", True, "combining grapheme joiner U+034F"),
    ("0101\u030190-1234", True, "combining accent inside"),
    ("010190_1234", True, "underscore"),
    ("010190\x071234", True, "ASCII control character"),
    ({"cpr": "010190-0612"}, True, "JSON value"),
    ({"010190-0612": "nøgle"}, True, "JSON key"),
    ({"borger": {"id": ["x", 101901234]}}, True, "nested JSON"),
    (["P0001", "010190-0613"], True, "array"),
    (("P0001", 1512904321), True, "tuple of numbers"),
    (["010190", "1234"], False, "array items never join"),
    ({"id": "P0001"}, False, "JSON without one"),
    ("P0001", False, "pseudonymous key"),
    ("P_0001", False, "key with underscore"),
    # Issue 35's probe: separators no list had, Excel's escaped NUL, a lost zero with a separator, thousands.
    ("010190\u31641234", True, "Hangul filler U+3164"),
    ("010190\uffa01234", True, "half-width Hangul filler U+FFA0"),
    ("010190\u28001234", True, "Braille blank U+2800"),
    ("010190\u20dd1234", True, "combining enclosing circle U+20DD"),
    ("010190,1234", True, "comma"),
    ("010190:1234", True, "colon"),
    ("010190+1234", True, "plus"),
    ("010190\u00b71234", True, "middle dot"),
    ("010190\\1234", True, "backslash"),
    ("010190|1234", True, "vertical bar"),
    ("010190~1234", True, "tilde"),
    ("010190'1234", True, "apostrophe"),
    ("010190\u30021234", True, "ideographic full stop U+3002"),
    ("010190_x0000_1234", True, "Excel's escaped NUL as written"),
    ("010190\x001234", True, "NUL as read"),
    ("10190-1234", True, "lost leading zero with a separator"),
    ("101.901.234", True, "Danish thousands separators"),
    ("010190\u01c01234", True, "letter without case that looks like a bar U+01C0"),
    ("010190\u4e001234", True, "ideograph that looks like a dash U+4E00"),
    ("101901234.5", True, "nine digits before decimals: read as a number that lost its zero"),
    ("F0042", False, "family key"),
    ("2026-01-01", False, "ISO date"),
    ("12 34 56 78", False, "phone number"),
    ("01-01-2020 12:30", False, "date and time"),
    ("Periode 01-10-2026 - 31-12-2026", False, "date range"),
    ("Status pr. 01.10.2026: 12 borgere i job", False, "date and a count"),
    ("+45 12 34 56 78", False, "phone number with country code"),
    ("1.234.567,89 kr.", False, "amount"),
    ("M-0012", False, "staff code"),
    ("010190x1234", False, "a cased letter ends a number"),
    ("321090-1234", False, "day 32"),
    ("011390-1234", False, "month 13"),
    ("123456789012", False, "twelve digits"),
    (12345678, False, "eight-digit number"),
    (12345678.0, False, "eight-digit float"),
    (float("nan"), False, "float NaN"),
    (1512904321.5, False, "not a whole number"),
    (Decimal("NaN"), False, "Decimal NaN"),
    (float("inf"), False, "infinity"),
    (True, False, "boolean"),
    (None, False, "empty"),
]


@pytest.mark.parametrize(("value", "expected", "kind"), VARIANTS, ids=[kind for _, _, kind in VARIANTS])
def test_every_variant(value, expected, kind):
    assert looks_like_cpr(value) is expected, kind
    # The whole-sheet screen finds the same, also among other cells.
    assert any_looks_like_cpr(["P0001", value, 3.5, None]) is expected, kind


def test_values_in_neighbouring_cells_never_join_into_one_number():
    assert not any_looks_like_cpr(["010190", "1234"])
    assert not any_looks_like_cpr(["010190-", "-1234"])


def test_redacted_text_keeps_the_rest_and_never_the_number():
    text = redacted("Borger 01.01.90-1234 ringede")
    assert "1234" not in text and text.startswith("Borger") and text.endswith("ringede")
    assert redacted("Intet her") == "Intet her"
    # A value refused as a whole (nine digits that lost their zero) is replaced whole, in every form.
    assert redacted("101901234") == redacted("101901234.0") == "[skjult: ligner CPR-nummer]"
    assert "1234" not in redacted("010190\u200e1234")


def test_a_cpr_number_on_the_command_line_is_refused_before_anything_is_done(tmp_path):
    from tests.conftest import PROJECT_ROOT

    url = f"sqlite:///{tmp_path / 'cli.db'}"
    for arguments in (["create-admin", "--username", "0101901234"],
                      ["import", str(tmp_path / "x.xlsx"), "--user", "010190/1234"],
                      ["unlock", "--username", "01.01.90-1234"]):
        finished = subprocess.run([sys.executable, "-m", "cli", *arguments], cwd=PROJECT_ROOT,
                                  env={"DATABASE_URL": url, "ADMIN_PASSWORD": "korrekt-hest-batteri",
                                       "PATH": "/usr/bin:/bin"},
                                  capture_output=True, text=True, timeout=120)
        assert finished.returncode == 2, finished.stderr
        assert "ligner et CPR-nummer" in finished.stderr and "1234" not in finished.stderr
    assert not (tmp_path / "cli.db").exists(), "refused before the database was opened"


# --- By shape: generated CPR numbers, split anywhere, with separators of every Unicode category ----------------

def _separator_char(char: str) -> bool:
    """A character that is neither a digit nor a cased letter, also after NFKC (which turns "①" into "1")."""
    return not any(part.isdigit() or unicodedata.category(part) in ("Lu", "Ll", "Lt", "Nd")
                   for part in unicodedata.normalize("NFKC", char))


SEPARATOR_CHARS = st.characters(exclude_categories=("Nd", "Lu", "Ll", "Lt", "Cs")).filter(_separator_char)


@st.composite
def cpr_numbers(draw) -> str:
    born = draw(st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2026, 12, 31)))
    day = born.day + (60 if draw(st.booleans()) else 0)  # a replacement number
    return f"{day:02d}{born.month:02d}{born.year % 100:02d}{draw(st.integers(0, 9999)):04d}"


def _reads_as_four_digit_year_date(groups: list[str]) -> bool:
    """The one shape the detector reads as a date (see data_access/cpr.py): d-m-yyyy or yyyy-m-d."""
    for first in range(len(groups) - 2):
        for day, month, year in (groups[first:first + 3], groups[first:first + 3][::-1]):
            if len(year) == 4 and len(day) <= 2 and len(month) <= 2 and 1900 <= int(year) <= 2099:
                try:
                    datetime.date(int(year), int(month), int(day))
                    return True
                except ValueError:
                    pass
    return False


@st.composite
def split_cpr_numbers(draw) -> tuple[str, str]:
    """A CPR number split at any of its nine inner places by runs of separators; with the digits it has."""
    digits = draw(cpr_numbers())
    if digits.startswith("0") and draw(st.booleans()):
        digits = digits[1:]  # the leading zero lost on the way (a number column)
    cuts = sorted(draw(st.sets(st.integers(1, len(digits) - 1), max_size=len(digits) - 1)))
    groups = [digits[start:end] for start, end in zip([0, *cuts], [*cuts, len(digits)], strict=True)]
    assume(not _reads_as_four_digit_year_date(groups))
    separators = [draw(st.text(SEPARATOR_CHARS, min_size=1, max_size=3)) for _ in cuts]
    written = groups[0] + "".join(separator + group for separator, group in zip(separators, groups[1:], strict=True))
    before = draw(st.sampled_from(["", "Borger ", "id: ", "(", "Se venligst "]))
    after = draw(st.sampled_from(["", " ringede", ")", ".", " og P0001"]))
    return before + written + after, digits


@given(split_cpr_numbers())
def test_a_cpr_number_split_anywhere_by_anything_but_digits_and_letters_is_found(split):
    written, digits = split
    assert looks_like_cpr(written), ascii(written)
    assert any_looks_like_cpr(["P0001", written, 3.5, None, "Ærø"]), ascii(written)
    assert digits[-4:] not in redacted(written).replace("P0001", ""), ascii(written)


@given(cpr_numbers(), st.sampled_from([int, float, Decimal, str]))
def test_a_cpr_number_as_a_number_of_any_type_is_found(digits, kind):
    number = kind(int(digits)) if kind is not str else str(int(digits))
    assert looks_like_cpr(number) and any_looks_like_cpr([number])


# Ordinary values that must still pass: dates (also with a time, or a range), Danish phone numbers, amounts
# below a million, staff codes and quarters.
_DATES = st.dates(min_value=datetime.date(1990, 1, 1), max_value=datetime.date(2099, 12, 31))
ORDINARY = st.one_of(
    st.builds(lambda day, form: day.strftime(form), _DATES,
              st.sampled_from(["%d-%m-%Y", "%d.%m.%Y", "%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y %H:%M", "%d. %B %Y"])),
    st.builds(lambda first, last, sep: f"{first:%d-%m-%Y}{sep}{last:%d-%m-%Y}", _DATES, _DATES,
              st.sampled_from([" - ", "-", " til ", "–"])),
    st.builds(lambda day, hour, minute: f"{day:%d-%m-%Y} {hour:02d}:{minute:02d}", _DATES, st.integers(0, 23),
              st.integers(0, 59)),
    st.builds(lambda number, form: form.format(number // 10**6 % 100, number // 10**4 % 100, number // 100 % 100,
                                               number % 100, number),
              st.integers(10**7, 10**8 - 1),
              st.sampled_from(["{0:02d} {1:02d} {2:02d} {3:02d}", "+45 {0:02d} {1:02d} {2:02d} {3:02d}",
                               "{4}", "+45{4}", "tlf. {4}"])),
    st.builds(lambda kroner, oere: f"{kroner:,}".replace(",", ".") + (f",{oere:02d}" if oere is not None else "")
              + " kr.", st.integers(0, 999_999), st.none() | st.integers(0, 99)),
    st.builds(lambda prefix, number: f"{prefix}-{number:04d}", st.sampled_from(["M", "MED", "JK", "P", "F"]),
              st.integers(0, 9999)),
    st.builds(lambda year, quarter: f"{year} K{quarter}", st.integers(2000, 2099), st.integers(1, 4)),
)


@given(ORDINARY)
def test_ordinary_values_pass(value):
    assert not looks_like_cpr(value), value
    assert not any_looks_like_cpr(["P0001", value])
