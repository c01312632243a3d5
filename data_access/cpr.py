"""Recognise Danish CPR numbers wherever text or numbers enter the dashboard, so that they are refused.

One detector for every entry point: workbook cells, headers and sheet names, staging values of any type,
commentary, names and labels in master data and accounts, sign-in names, file names and command-line
arguments. Deliberately broad:

* DDMMYY and SSSS with nothing or any run of spaces (every Unicode kind, line breaks and tabs included),
  dashes, dots or slashes between them, and also between day, month and year (``01.01.90-1234``);
* the text is NFKC-normalised (full-width digits, no-break and thin spaces) and zero-width characters are
  dropped first, so that an invisible character cannot split a number;
* numbers of every type (int, float, Decimal, NumPy), and numbers that lost their leading zero;
* replacement numbers whose day is raised by 60.

The modulus-11 check is never used: numbers issued since 2007 need not pass it. A false alarm costs a
user a minute; a stored CPR number is a data breach. Messages name the place, never the number.
"""

import datetime
import numbers
import re
import unicodedata

# Invisible characters that could hide inside a number: zero-width space/joiners, word joiner, BOM,
# soft hyphen, Mongolian vowel separator.
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e]")
# A run of separators: any whitespace, any dash (hyphen-minus, Unicode dashes, minus sign), dot or slash.
_SEPARATOR = r"[\s\-\u2010-\u2015\u2212\u2043\ufe58\ufe63\uff0d./\u2044\u2215]*"
_DAY = r"(?:0[1-9]|[12]\d|3[01]|6[1-9]|[78]\d|9[01])"
_MONTH = r"(?:0[1-9]|1[0-2])"
# Not inside a longer number: no digit (nor digit-and-separator) directly before or after.
_CPR = re.compile(
    rf"(?<!\d){_DAY}{_SEPARATOR}{_MONTH}{_SEPARATOR}\d\d{_SEPARATOR}\d{{4}}(?!\d)"
)
# A text that is nothing but nine digits: a number that lost its leading zero on the way (CSV, staging).
_NINE_DIGITS = re.compile(r"\s*\d{9}\s*")
# A decimal digit of another script (Arabic-Indic, Devanagari, ...), read as its value.
_OTHER_DIGIT = re.compile(r"[^\D0-9]")
_WHOLE_NINE_DIGITS = re.compile(r"(?:^|(?<=\x00))\s*(\d{9})\s*(?=\x00|$)")


def normalised(text: str) -> str:
    """The text as the detector reads it: NFKC, invisible characters dropped, every digit as 0-9."""
    if text.isascii():
        # ASCII is its own NFKC form and holds no invisible or foreign digit: a whole sheet is mostly this.
        return text
    # A pattern, not str.translate: translate goes character by character in Python's slow path.
    text = _INVISIBLE.sub("", unicodedata.normalize("NFKC", text))
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
        return text.strip().zfill(10) if _NINE_DIGITS.fullmatch(text) else text
    if isinstance(value, numbers.Number):
        return _number_as_text(value)
    if isinstance(value, bytes | bytearray | memoryview):
        return as_text(bytes(value).decode("utf-8", errors="replace"))
    return ""  # dates, times and other values cannot hold a CPR number


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


def redacted(text: str) -> str:
    """The text with anything shaped like a CPR number replaced, for what is logged however it arrived."""
    if not looks_like_cpr(text):
        return text
    return _CPR.sub("[skjult: ligner CPR-nummer]", normalised(text))
