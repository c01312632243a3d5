"""Display text read back as the number, share or date it shows, so that a downloaded table calculates.

The pages' tables hold Danish display text ("1.234", "45,2 % (48 af 106)", "25 inden 31-12-2026, heraf 8 i
fleksjob"). Written as text, Excel flags every number as "number stored as text" and a SUM gives nothing.
``typed_table`` turns each cell into its value with the Danish look as the cell's number format, and gives the
parts of a compound cell (a share's count and n, a target's deadline, a "heraf") columns of their own. What is
no number (a name, "skjult", "<5", "–") stays text. Only the shapes the pages write are read: a digit run with
letters (P0001, 2026 K3) is never taken for a number.
"""

import re
from datetime import date, datetime
from typing import NamedTuple

import pandas as pd

_NUMBER = r"[+\-−]?(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?"
_DATE = r"\d{1,2}-\d{1,2}-\d{4}"
_HIDDEN = r"<\d+|skjult"
_NUMBER_ONLY = re.compile(rf"({_NUMBER})")
_PERCENT = re.compile(rf"({_NUMBER}) %")
_DATE_ONLY = re.compile(r"(\d{1,2})-(\d{1,2})-(\d{4})")
_MOMENT = re.compile(r"(\d{1,2})-(\d{1,2})-(\d{4}) (\d{1,2}):(\d{2})")
# "45,2 % (48 af 106)", "– (n = 0)", "skjult (n = 12)", "skjult (<5)"
_SHARE = re.compile(rf"(?P<share>{_NUMBER} %|–|skjult) \((?:(?P<count>{_NUMBER}|{_HIDDEN}) af (?P<n>{_NUMBER})"
                    rf"|n = (?P<n_only>{_NUMBER})|(?P<n_hidden><\d+))\)")
# "12 % til 31 %"
_INTERVAL = re.compile(rf"(?P<low>{_NUMBER} %) til (?P<high>{_NUMBER} %)")
# "25", "25 inden 31-12-2026", "12, heraf 8 i fleksjob", "25 inden 31-12-2026, heraf 5 gennemført"
_GOAL = re.compile(rf"(?P<count>{_NUMBER}|{_HIDDEN})(?: inden (?P<deadline>{_DATE}))?"
                   rf"(?:, heraf (?P<part>{_NUMBER}|{_HIDDEN})(?: (?P<label>.+))?)?")
# "forventet 9" among plain numbers: the word gets a column of its own.
_QUALIFIED = re.compile(rf"(?:(?P<word>[a-zæøå]+) )?(?P<count>{_NUMBER})")


class Typed(NamedTuple):
    """A cell's value and the Excel number format that shows it as the page does."""

    value: object
    number_format: str = "General"


def _decimals(text: str) -> int:
    return len(text.split(",", 1)[1]) if "," in text else 0


def _number_format(text: str, percent: bool = False) -> str:
    decimals = _decimals(text)
    digits = "0" + ("." + "0" * decimals if decimals else "")
    whole = text.lstrip("+-−").split(",")[0]
    # "1.234" was written with a thousands separator, "2026" (a year) without: the cell shows it the same way.
    shown = digits if len(whole) > 3 and "." not in whole else "#,##" + digits
    if percent:
        shown += " %"  # the value is the share; Excel's % shows it times 100, as the page does
    # "+8,0": a change keeps its sign.
    return f"+{shown};-{shown};{shown}" if text.startswith("+") else shown


def _number_value(text: str) -> float | int:
    plain = text.replace("−", "-").replace(".", "").replace(",", ".")
    return float(plain) if "." in plain else int(plain)


def typed_cell(value) -> Typed:
    """One cell: a number, a percentage, a date or a moment as its value; anything else as it is."""
    if not isinstance(value, str):
        return Typed(value)
    text = value.strip()
    if _NUMBER_ONLY.fullmatch(text):
        return Typed(_number_value(text), _number_format(text))
    if match := _PERCENT.fullmatch(text):
        number = match.group(1)
        share = _number_value(number) / 100
        return Typed(round(share, _decimals(number) + 2), _number_format(number, percent=True))
    if match := _DATE_ONLY.fullmatch(text):
        day, month, year = map(int, match.groups())
        return Typed(date(year, month, day), "dd-mm-yyyy") if _valid(year, month, day) else Typed(value)
    if match := _MOMENT.fullmatch(text):
        day, month, year, hour, minute = map(int, match.groups())
        if _valid(year, month, day) and hour < 24:
            return Typed(datetime(year, month, day, hour, minute), "dd-mm-yyyy hh:mm")
    return Typed(value)


def _valid(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def _split(column: pd.Series, pattern: re.Pattern, parts: dict[str, str]) -> dict[str, list] | None:
    """The column as one column per named part (``parts``: group -> header), when every cell that is not empty
    has the pattern's shape; None otherwise."""
    filled = [value for value in column if isinstance(value, str) and value.strip()]
    matches = [pattern.fullmatch(value.strip()) for value in filled]
    if not filled or not all(matches):
        return None
    split = {header: [] for header in parts.values()}
    for value in column:
        match = pattern.fullmatch(value.strip()) if isinstance(value, str) and value.strip() else None
        for group, header in parts.items():
            split[header].append((match.group(group) if match else None) or None)
    # A part no cell has is left out: "heraf" only where some target has one.
    return {header: cells for header, cells in split.items() if any(cell is not None for cell in cells)}


def _compound(name: str, column: pd.Series) -> dict[str, list] | None:
    share = _split(column, _SHARE, {"share": name, "count": f"{name}, antal", "n": f"{name}, n"})
    if share is not None:
        for index, value in enumerate(column):
            match = _SHARE.fullmatch(value.strip()) if isinstance(value, str) and value.strip() else None
            if match and not match.group("n"):
                share[f"{name}, n"][index] = match.group("n_only") or match.group("n_hidden")
        return share
    interval = _split(column, _INTERVAL, {"low": f"{name}, fra", "high": f"{name}, til"})
    if interval is not None:
        return interval
    goal = _split(column, _GOAL, {"count": name, "deadline": f"{name}, frist", "part": f"{name}, heraf",
                                  "label": f"{name}, heraf hvad"})
    if goal is not None and len(goal) > 1:
        return goal
    qualified = _split(column, _QUALIFIED, {"word": f"{name}, hvordan", "count": name})
    if qualified is not None and len(qualified) > 1:
        words = {word for word in qualified[f"{name}, hvordan"] if word}
        if len(words) == 1:
            (word,) = words
            return {name: qualified[name], f"{name} ({word})": ["Ja" if cell else "Nej"
                                                               for cell in qualified[f"{name}, hvordan"]]}
    return None


def typed_table(frame: pd.DataFrame) -> tuple[list[str], list[list[Typed]]]:
    """The table's headers and its rows of typed cells, compound columns split into their parts."""
    columns: dict[str, list] = {}
    for name in frame.columns:
        column = frame[name]
        split = None if pd.api.types.is_numeric_dtype(column) else _compound(str(name), column)
        columns.update(split or {str(name): list(column)})
    headers = list(columns)
    rows = [[typed_cell(columns[header][index]) for header in headers] for index in range(len(frame))]
    return headers, rows
