"""Recognise Danish CPR numbers in any cell, so that a file holding one is refused.

Deliberately broad: DDMMYY-SSSS with a dash, a space or nothing between, the
replacement numbers whose day is raised by 60, and numbers that lost their
leading zero in a spreadsheet (nine digits). The modulus-11 check is never used:
numbers issued since 2007 need not pass it. A false alarm costs a user a minute;
a stored CPR number is a data breach.
"""

import re

# Day 01-31 or 61-91, month 01-12, any year, then four digits; not inside a longer number.
_CPR_IN_TEXT = re.compile(
    r"(?<!\d)(?:0[1-9]|[12]\d|3[01]|6[1-9]|[78]\d|9[01])(?:0[1-9]|1[0-2])\d{2}[-\s\u2010-\u2015]?\d{4}(?!\d)"
)


def looks_like_cpr(value) -> bool:
    """True when the value holds something shaped like a CPR number."""
    if value is None or isinstance(value, bool):
        return False
    if isinstance(value, int | float):
        if isinstance(value, float) and not value.is_integer():
            return False
        digits = str(int(abs(value)))
        # A number cell loses the leading zero of days 01-09.
        return len(digits) in (9, 10) and bool(_CPR_IN_TEXT.fullmatch(digits.zfill(10)))
    if isinstance(value, str):
        return bool(_CPR_IN_TEXT.search(value))
    return False


# A number of nine or ten digits anywhere in a text; screens a whole sheet at C speed.
_LONG_NUMBER = re.compile(r"(?<![\d.])\d{9,10}(?:\.0)?(?![\d.])")


# Ten digits, perhaps split after six: what every CPR number in text has, found without backtracking.
_TEN_DIGITS = re.compile(r"\d{6}[-\s\u2010-\u2015]?\d{4}")


def sheet_may_hold_cpr(rows: list[list]) -> bool:
    """A cheap screen for a whole sheet (its repr holds every cell); ``looks_like_cpr`` then finds the cells."""
    text = repr(rows)
    return bool(_TEN_DIGITS.search(text) or _LONG_NUMBER.search(text))
