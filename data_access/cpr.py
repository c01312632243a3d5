"""Recognise Danish CPR numbers wherever text or numbers enter the dashboard, so that they are refused.

One detector for every entry point: workbook cells, headers and sheet names, staging values of any type,
commentary, names and labels in master data and accounts, sign-in names, file names and command-line
arguments. Deliberately broad:

* DDMMYY and SSSS with nothing or any run of spaces (every Unicode kind, line breaks and tabs included),
  dashes, dots or slashes between them, and also between day, month and year (``01.01.90-1234``);
* the text is NFKC-normalised (full-width digits, no-break and thin spaces), and every format, control and
  combining character (Unicode categories Cf, Cc and Mn: zero-width spaces, direction marks, invisible
  separators, the combining grapheme joiner) and the underscore are dropped first, so that nothing invisible
  or odd can split a number;
* numbers of every type (int, float, Decimal, NumPy), numbers that lost their leading zero, also when typed
  as text, with or without a trailing ".0" or ",0" ("101901234.0");
* values of any shape: the keys and values of a dict (a JSON column), the items of a list (an array
  column), and the text of any other type;
* replacement numbers whose day is raised by 60.

The modulus-11 check is never used: numbers issued since 2007 need not pass it. A false alarm costs a
user a minute; a stored CPR number is a data breach. Messages name the place, never the number.
"""

import datetime
import functools
import numbers
import re
import sys
import unicodedata

# In ASCII text: the control characters and the underscore (NUL stays: it separates values joined for one search).
_ASCII_REMOVABLE = re.compile("[\x01-\x1f\x7f_]")
_REMOVABLE_CATEGORIES = frozenset({"Cf", "Cc", "Mn"})


@functools.cache
def _removable() -> re.Pattern:
    """Every character of the categories Cf, Cc and Mn (but NUL), and the underscore: built once, when the first
    text that is not ASCII arrives (a fraction of a second), from the Unicode tables of this Python."""
    ranges, start = [], None
    for code in range(1, sys.maxunicode + 2):
        inside = code <= sys.maxunicode and unicodedata.category(chr(code)) in _REMOVABLE_CATEGORIES
        if inside and start is None:
            start = code
        elif not inside and start is not None:
            ranges.append(f"{re.escape(chr(start))}-{re.escape(chr(code - 1))}")
            start = None
    return re.compile("[_" + "".join(ranges) + "]")
# A run of separators: any whitespace, any dash (hyphen-minus, Unicode dashes, minus sign), dot or slash.
_SEPARATOR = r"[\s\-\u2010-\u2015\u2212\u2043\ufe58\ufe63\uff0d./\u2044\u2215]*"
_DAY = r"(?:0[1-9]|[12]\d|3[01]|6[1-9]|[78]\d|9[01])"
_MONTH = r"(?:0[1-9]|1[0-2])"
# Not inside a longer number: no digit (nor digit-and-separator) directly before or after.
_CPR = re.compile(
    rf"(?<!\d){_DAY}{_SEPARATOR}{_MONTH}{_SEPARATOR}\d\d{_SEPARATOR}\d{{4}}(?!\d)"
)
# A text that is nothing but nine digits, perhaps with ".0": a number that lost its leading zero on the way
# (CSV, staging, a float written out as text).
_NINE_DIGITS = re.compile(r"\s*(\d{9})(?:[.,]0+)?\s*")
# A decimal digit of another script (Arabic-Indic, Devanagari, ...), read as its value.
_OTHER_DIGIT = re.compile(r"[^\D0-9]")
_WHOLE_NINE_DIGITS = re.compile(r"(?:^|(?<=\x00))\s*(\d{9})(?:[.,]0+)?\s*(?=\x00|$)")


def normalised(text: str) -> str:
    """The text as the detector reads it: NFKC, format, control and combining characters and underscores
    dropped, every digit as 0-9."""
    if text.isascii():
        # ASCII is its own NFKC form and holds no foreign digit: a whole sheet is mostly this.
        return _ASCII_REMOVABLE.sub("", text)
    # A pattern, not str.translate: translate goes character by character in Python's slow path.
    text = _removable().sub("", unicodedata.normalize("NFKC", text))
    if text.isascii():
        return text
    return _OTHER_DIGIT.sub(lambda digit: str(unicodedata.decimal(digit.group())), text)


def _number_as_text(value: numbers.Number) -> str:
    """The digits of a whole number of nine or ten digits, with the lost leading zero put back; else ''."""
    try:
        if isinstance(value, numbers.Complex) and not isinstance(value, numbers.Real):
            return ""
        whole = int(value)
        if whole != value:
            return ""
    except (ValueError, OverflowError, TypeError, ArithmeticError):  # NaN, infinity, odd types
        return ""
    digits = str(abs(whole))
    return digits.zfill(10) if len(digits) in (9, 10) else ""


def as_text(value) -> str:
    """What of a value the detector searches: the normalised text, a number's digits, or ''."""
    if value is None or isinstance(value, bool):
        return ""
    if isinstance(value, str):
        text = normalised(value)
        nine = _NINE_DIGITS.fullmatch(text)
        return nine.group(1).zfill(10) if nine else text
    if isinstance(value, numbers.Number):
        return _number_as_text(value)
    if isinstance(value, bytes | bytearray | memoryview):
        return as_text(bytes(value).decode("utf-8", errors="replace"))
    if isinstance(value, datetime.date | datetime.time | datetime.timedelta):
        return ""  # a date or a time cannot hold a CPR number
    if isinstance(value, dict):
        return "\x00".join(as_text(part) for pair in value.items() for part in pair)
    if isinstance(value, list | tuple | set | frozenset):
        return "\x00".join(as_text(item) for item in value)
    # Any other type (a UUID, an address, a database's own type) is searched as its text: nothing unchecked.
    return as_text(str(value))


def looks_like_cpr(value) -> bool:
    """True when the value (text or number of any type) holds something shaped like a CPR number."""
    text = as_text(value)
    return bool(text) and bool(_CPR.search(text))


def any_looks_like_cpr(values) -> bool:
    """One search over many values (a whole sheet's cells) at C speed; ``looks_like_cpr`` then finds which.

    Texts are joined and normalised once; NUL is neither a digit nor a separator, so no match spans two
    values, and a value that is nothing but nine digits is still read as a number that lost its zero.
    """
    texts = [value if type(value) is str else _cell_text(value) for value in values]
    joined = normalised("\x00".join(filter(None, texts)))
    if _CPR.search(joined):
        return True
    return any(_CPR.fullmatch(digits.zfill(10)) for digits in _WHOLE_NINE_DIGITS.findall(joined))


def _cell_text(value) -> str:
    """``as_text`` for a parsed cell, quicker for the kinds a parser gives by the thousand."""
    kind = type(value)
    if kind is float:
        # Only a whole number of nine or ten digits can be a CPR number (NaN and infinity fail both tests).
        return _number_as_text(value) if 1e8 <= abs(value) < 1e10 and value.is_integer() else ""
    if kind in _NEVER_A_NUMBER:
        return ""
    return as_text(value)


_NEVER_A_NUMBER = frozenset({type(None), bool, datetime.date, datetime.datetime, datetime.time, datetime.timedelta})


def refuse_cpr(value, place: str) -> None:
    """Raise ``CprRefused`` naming ``place`` (never the value) when the value looks like a CPR number."""
    if looks_like_cpr(value):
        raise CprRefused(place)


class CprRefused(ValueError):
    """A value that looks like a CPR number; the message names where, never the number."""

    def __init__(self, place: str):
        self.place = place
        super().__init__(f"{place}: teksten ligner et CPR-nummer. Skriv aldrig CPR-numre; intet er gemt.")


REDACTED = "[skjult: ligner CPR-nummer]"


def redacted(text: str) -> str:
    """The text with anything shaped like a CPR number replaced, for what is logged however it arrived; a text
    the detector refuses as a whole (nine digits that lost their zero) is replaced whole."""
    if not looks_like_cpr(text):
        return text
    cleaned = _CPR.sub(REDACTED, normalised(text))
    return REDACTED if looks_like_cpr(cleaned) else cleaned
