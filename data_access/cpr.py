"""Recognise Danish CPR numbers wherever text or numbers enter the dashboard, so that they are refused.

One detector for every entry point: workbook cells, headers and sheet names, staging values of any type,
commentary, names and labels in master data and accounts, sign-in names, file names and command-line
arguments. It reads a CPR number by its shape, not by a list of separators:

* the text is NFKC-normalised (full-width digits, circled digits, no-break spaces), and Excel's escapes for
  characters XML cannot hold (``_x0000_``) are read as the character they stand for;
* every digit of any script is a digit; a *cased* letter (Latin, Greek, Cyrillic: the letters Danish text is
  written in) ends a number; **everything else is a separator**: spaces of every kind, punctuation, symbols,
  control, format and combining characters, fillers and letters without case (a Hangul filler, an
  ideograph that looks like a dash);
* the digit groups that only separators divide form a chain, and every run of whole groups in a chain with
  9 or 10 digits is read as a CPR number (nine digits: one that lost its leading zero) and tested against
  the date rule: day 01-31 (or 61-91, a replacement number), month 01-12, any year, any serial number;
* numbers of every type (int, float, Decimal, NumPy) with nine or ten whole digits; values of any shape:
  the keys and values of a dict (a JSON column), the items of a list (an array column), and the text of any
  other type.

One shape is read as what it is: a date with a four-digit year (``01-10-2026``, ``2026-10-01``) is a date,
and its digits join no neighbour, so ``01-10-2026 - 31-12-2026`` and ``01-10-2026 12:30`` pass. A CPR number
could hide behind it only when split after its fourth and eighth digit, not after its sixth, and born in
1919, 1920, 2019 or 2020: no one writes a CPR number that way by mistake.

The modulus-11 check is never used: numbers issued since 2007 need not pass it. A false alarm costs a
user a minute; a stored CPR number is a data breach. Messages name the place, never the number.
"""

import datetime
import functools
import numbers
import re
import sys
import unicodedata

# Joins many values for one search; it ends a number like a letter. A NUL inside a value is dropped first.
_JOIN = "\x00"
# Excel writes a character that XML cannot hold as _xHHHH_ (a NUL is _x0000_).
_OOXML_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
_ASCII_CHAIN = re.compile(r"[0-9](?:[^0-9A-Za-z\x00]*[0-9]){8,}")
_DIGITS = re.compile(r"\d+")
_CASED_CATEGORIES = frozenset({"Lu", "Ll", "Lt"})


@functools.cache
def _chain() -> re.Pattern:
    """At least nine digits that only separators divide, in any text: built once, when the first text that is
    not ASCII arrives (a fraction of a second), from the Unicode tables of this Python."""
    ranges, start = [], None
    for code in range(sys.maxunicode + 2):
        inside = code <= sys.maxunicode and (code == 0 or unicodedata.category(chr(code)) in _CASED_CATEGORIES)
        if inside and start is None:
            start = code
        elif not inside and start is not None:
            ranges.append(f"{re.escape(chr(start))}-{re.escape(chr(code - 1))}")
            start = None
    ends_a_number = "".join(ranges)
    return re.compile(rf"\d(?:[^\d{ends_a_number}]*\d){{8,}}")


def normalised(text: str) -> str:
    """The text as the detector reads it: Excel's escapes read, NFKC, no NUL (that is the joiner's)."""
    if "_x" in text:
        text = _OOXML_ESCAPE.sub(lambda escape: chr(int(escape.group(1), 16)), text)
    text = _without_nul(text)
    return text if text.isascii() else unicodedata.normalize("NFKC", text)


def _chains(text: str) -> list[str]:
    """The chains of at least nine digits in a normalised text."""
    return (_ASCII_CHAIN if text.isascii() else _chain()).findall(text)


def _ascii_digits(group: str) -> str:
    return group if group.isascii() else "".join(str(unicodedata.decimal(digit)) for digit in group)


def _reads_as_date(day: str, month: str, year: str) -> bool:
    if len(year) != 4 or len(day) > 2 or len(month) > 2 or not 1900 <= int(year) <= 2099:
        return False
    try:
        datetime.date(int(year), int(month), int(day))
    except ValueError:
        return False
    return True


def _without_full_dates(groups: list[str]) -> list[list[str]]:
    """The runs of a chain's groups between its dates with a four-digit year (d-m-yyyy or yyyy-m-d)."""
    runs, run, index = [], [], 0
    while index < len(groups):
        three = groups[index:index + 3]
        if len(three) == 3 and (_reads_as_date(*three) or _reads_as_date(three[2], three[1], three[0])):
            runs.append(run)
            run, index = [], index + 3
            continue
        run.append(groups[index])
        index += 1
    runs.append(run)
    return runs


def _is_cpr_shaped(digits: str) -> bool:
    """Ten digits (nine: a lost leading zero) whose first six are a day and month as the CPR register writes."""
    digits = digits.zfill(10)
    day, month = int(digits[:2]), int(digits[2:4])
    return (1 <= day <= 31 or 61 <= day <= 91) and 1 <= month <= 12


def _chain_holds_cpr(chain: str) -> bool:
    groups = [_ascii_digits(group) for group in _DIGITS.findall(chain)]
    for run in _without_full_dates(groups):
        for first in range(len(run)):
            length = 0
            for last in range(first, len(run)):
                length += len(run[last])
                if length > 10:
                    break
                if length >= 9 and _is_cpr_shaped("".join(run[first:last + 1])):
                    return True
    return False


def _text_holds_cpr(text: str) -> bool:
    return any(_chain_holds_cpr(chain) for chain in _chains(text))


def _number_as_text(value: numbers.Number) -> str:
    """The digits of a whole number of nine or ten digits; else ''."""
    try:
        if isinstance(value, numbers.Complex) and not isinstance(value, numbers.Real):
            return ""
        whole = int(value)
        if whole != value:
            return ""
    except (ValueError, OverflowError, TypeError, ArithmeticError):  # NaN, infinity, odd types
        return ""
    digits = str(abs(whole))
    return digits if len(digits) in (9, 10) else ""


def as_text(value) -> str:
    """What of a value the detector searches: the normalised text, a number's digits, or ''."""
    if value is None or isinstance(value, bool):
        return ""
    if isinstance(value, str):
        return normalised(value)
    if isinstance(value, numbers.Number):
        return _number_as_text(value)
    if isinstance(value, bytes | bytearray | memoryview):
        return as_text(bytes(value).decode("utf-8", errors="replace"))
    if isinstance(value, datetime.date | datetime.time | datetime.timedelta):
        return ""  # a date or a time cannot hold a CPR number
    if isinstance(value, dict):
        return _JOIN.join(as_text(part) for pair in value.items() for part in pair)
    if isinstance(value, list | tuple | set | frozenset):
        return _JOIN.join(as_text(item) for item in value)
    # Any other type (a UUID, an address, a database's own type) is searched as its text: nothing unchecked.
    return as_text(str(value))


def looks_like_cpr(value) -> bool:
    """True when the value (text or number of any type) holds something shaped like a CPR number."""
    text = as_text(value)
    return bool(text) and _text_holds_cpr(text)


def any_looks_like_cpr(values) -> bool:
    """One search over many values (a whole sheet's cells) at C speed; ``looks_like_cpr`` then finds which.

    The values are joined by NUL, which ends a number, so no chain spans two values.
    """
    texts = [_without_nul(value) if type(value) is str else _cell_text(value) for value in values]
    return _text_holds_cpr(normalised_joined(_JOIN.join(filter(None, texts))))


def _without_nul(text: str) -> str:
    return text.replace("\x00", "") if "\x00" in text else text


def normalised_joined(joined: str) -> str:
    """``normalised`` for values already joined by NUL: the joiners stay."""
    if "_x" in joined:
        # An escaped NUL is a NUL inside a value: dropped, not a joiner.
        joined = _OOXML_ESCAPE.sub(lambda escape: chr(int(escape.group(1), 16)).replace("\x00", ""), joined)
    return joined if joined.isascii() else unicodedata.normalize("NFKC", joined)


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


class UserRefusal(Exception):
    """A refusal whose Danish message is for the user: whatever value it quotes, it never repeats something
    shaped like a CPR number, also where another rule than the detector's refused it."""

    def __init__(self, message: str = ""):
        super().__init__(redacted(message))


REDACTED = "[skjult: ligner CPR-nummer]"


def redacted(text: str) -> str:
    """The text with every chain of digits that holds something shaped like a CPR number replaced, for what is
    shown or logged however it arrived."""
    if not isinstance(text, str) or not looks_like_cpr(text):
        return text
    cleaned = normalised(text)
    pattern = _ASCII_CHAIN if cleaned.isascii() else _chain()
    return pattern.sub(lambda chain: REDACTED if _chain_holds_cpr(chain.group()) else chain.group(), cleaned)


# C0 and C1 control characters: never stored in any text. Line breaks and tabs only where a text may have lines.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
_CONTROL_BUT_LINES = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def has_control_character(text: str, lines_allowed: bool = False) -> bool:
    """True when the text holds a control character (C0 or C1) that no stored text may hold."""
    return bool((_CONTROL_BUT_LINES if lines_allowed else _CONTROL).search(text))


def without_control_characters(text: str) -> str:
    """The text with every control character (C0 and C1) made a space: for what is logged however it arrived."""
    return _CONTROL.sub(" ", text)
