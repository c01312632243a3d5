"""Quarters as jobindsats writes them (``2024Q1``) and as users read them (``2024 K1``)."""

import re
from datetime import date, timedelta

_QUARTER = re.compile(r"^\s*(\d{4})\s*[QqKk]\s*([1-4])\s*$")


def parse_quarter(text: str) -> str:
    """Normalise ``2024Q1``, ``2024 K1`` or ``2024k1`` to the stored form ``2024Q1``."""
    match = _QUARTER.match(str(text))
    if not match:
        raise ValueError(f"Ugyldigt kvartal: {text!r} (skriv fx 2024K1)")
    return f"{match.group(1)}Q{match.group(2)}"


def _parts(quarter: str) -> tuple[int, int]:
    normalised = parse_quarter(quarter)
    return int(normalised[:4]), int(normalised[5])


def quarter_label(quarter: str) -> str:
    year, number = _parts(quarter)
    return f"{year} K{number}"


def quarter_start(quarter: str) -> date:
    year, number = _parts(quarter)
    return date(year, 3 * (number - 1) + 1, 1)


def quarter_end(quarter: str) -> date:
    year, number = _parts(quarter)
    if number == 4:
        return date(year, 12, 31)
    return date(year, 3 * number + 1, 1) - timedelta(days=1)


def quarter_of(day: date) -> str:
    return f"{day.year}Q{(day.month - 1) // 3 + 1}"


def shift_quarter(quarter: str, steps: int) -> str:
    return quarter_of_number(quarter_number(quarter) + steps)


def quarter_number(quarter: str) -> int:
    """Quarters counted one by one (2024Q1 is one more than 2023Q4), for arithmetic on many at once."""
    year, number = _parts(quarter)
    return year * 4 + number - 1


def quarter_of_number(number: int) -> str:
    return f"{number // 4}Q{number % 4 + 1}"


def previous_quarter(quarter: str) -> str:
    return shift_quarter(quarter, -1)


def quarter_range(first: str, last: str) -> list[str]:
    """All quarters from ``first`` to ``last``, both included."""
    quarters = []
    current = parse_quarter(first)
    last = parse_quarter(last)
    while current <= last:
        quarters.append(current)
        current = shift_quarter(current, 1)
    return quarters


def sites_missing(reported: dict[int, set[str]], site_ids, quarter: str) -> list[int]:
    """Of ``site_ids``, those that report and have not reported ``quarter`` (``reported``: the quarters each
    site has reported). A quarter one of them misses is incomplete: it is neither compared with the one before
    nor published. A site that began reporting after ``quarter`` does not miss it."""
    return [site_id for site_id in site_ids if reported.get(site_id)
            and min(reported[site_id]) <= quarter and quarter not in reported[site_id]]
