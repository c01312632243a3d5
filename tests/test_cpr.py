"""The one CPR detector: a table of variants (a new variant is one line), and every entry point that uses it."""

import subprocess
import sys
from decimal import Decimal

import numpy as np
import pytest

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
    ("101901234.5", False, "text of a float with decimals"),
    ("F0042", False, "family key"),
    ("2026-01-01", False, "ISO date"),
    ("12 34 56 78", False, "phone number"),
    ("01-01-2020 12:30", False, "date and time"),
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
