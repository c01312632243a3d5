"""Danish number and date formatting: 1.234,5 and dd-mm-åååå."""

import math
import re
from datetime import date

import pandas as pd

from metrics.disclosure import THRESHOLD

NO_VALUE = "–"
# Times are stored in UTC and shown as Danish wall-clock time.
DANISH_TIME = "Europe/Copenhagen"
SUPPRESSED = f"<{THRESHOLD}"
# A count of the threshold or more hidden so that a smaller one cannot be worked out from a total: "<5" would be
# untrue.
SUPPRESSED_LARGE = "skjult"
# The rule in words, wherever a page, the report or a slide says that figures are hidden.
DISCLOSURE_RULE = (f"antal under {THRESHOLD} er skjult ({SUPPRESSED}), også 0 i en gruppe på under {THRESHOLD}; "
                   f"hvor en sum ellers kunne afsløre et skjult tal, er et felt mere skjult ({SUPPRESSED} eller "
                   f"'{SUPPRESSED_LARGE}')")
# An average (or a share of a share) of fewer persons than the threshold is withheld: a mean is no count, so never
# "<5", and n = 0 is no small count either.
WITHHELD = "for få målinger"
# Every select box's placeholder: Streamlit's own is English ("Choose an option").
CHOOSE = "Vælg"
# The view of everything imported, beside the quarters as presented to the steering group.
LATEST_DATA = "Seneste data"


def format_number(value: float | None, decimals: int = 0) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return NO_VALUE
    rounded = round(value, decimals) or 0.0  # no "-0,0"
    english = f"{rounded:,.{decimals}f}"
    return english.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def format_signed(value: float | None, decimals: int = 0) -> str:
    """A change with its sign; a plain hyphen so that Streamlit's metric sees a fall as negative."""
    text = format_number(value, decimals)
    if text == NO_VALUE or text.startswith("-") or round(value, decimals) == 0:
        return text
    return f"+{text}"


def with_unit(text: str, unit: str) -> str:
    """'+8,0 point'; a figure that is not there ('–') stands without a unit."""
    return text if text == NO_VALUE else f"{text} {unit}"


def format_percent(share: float | None, decimals: int = 1) -> str:
    if share is None:
        return NO_VALUE
    return f"{format_number(share * 100, decimals)} %"


def format_count(value: float | None, hidden: bool = False) -> str:
    """A count, or where disclosure control hides it '<5' (a count under 5) or 'skjult' (a larger one)."""
    if not hidden:
        return format_number(value)
    return SUPPRESSED_LARGE if value is not None and value >= THRESHOLD else SUPPRESSED


def format_share(numerator: float | None, denominator: int | None, decimals: int = 1, hidden: bool = False) -> str:
    """A share always with its n, e.g. '43,6 % (48 af 110)'; hidden: the share is withheld, n kept if 5+."""
    if hidden:
        return f"skjult ({SUPPRESSED})" if not denominator or denominator < THRESHOLD else f"skjult (n = {denominator})"
    if numerator is None or not denominator:
        return f"{NO_VALUE} (n = 0)"
    share = format_percent(numerator / denominator, decimals)
    return f"{share} ({format_number(numerator)} af {format_number(denominator)})"


def format_with_part(value: float | None, part: float | None, part_label: str | None, hidden: bool = False,
                     part_hidden: bool = False) -> str:
    """A count with its "heraf" part, e.g. '10, heraf 9 i fleksjob'; just the count without a part."""
    text = format_count(value, hidden)
    heraf = format_part(part, part_label, part_hidden or hidden)
    return f"{text}, heraf {heraf}" if heraf else text


def format_part(part: float | None, part_label: str | None, hidden: bool = False) -> str:
    """A "heraf" part on its own, e.g. '9 i fleksjob'; '' without a part."""
    if part is None or (isinstance(part, float) and math.isnan(part)):
        return ""
    return f"{format_count(part, hidden)} {part_label or ''}".rstrip()


def danish_list(items) -> str:
    """'1', '1 og 2', '1, 2 og 3'."""
    items = [str(item) for item in items]
    return " og ".join(item for item in (", ".join(items[:-1]), items[-1]) if item) if items else ""


def versions_phrase(version_ids) -> str:
    """'version 7', 'versionerne 7 og 8' or 'versionerne 7-30': what an import was saved as."""
    ids = sorted(version_ids)
    if len(ids) > 2 and ids == list(range(ids[0], ids[-1] + 1)):
        return f"versionerne {ids[0]}-{ids[-1]}"
    return ("version " if len(ids) == 1 else "versionerne ") + danish_list(ids)


def format_date(day: date | None) -> str:
    return day.strftime("%d-%m-%Y") if day is not None else NO_VALUE


def format_local_date(moment) -> str:
    """A stored moment (UTC; SQLite gives it back without a zone) as its Danish date."""
    return f"{pd.to_datetime(moment, utc=True).tz_convert(DANISH_TIME):%d-%m-%Y}"


def as_shown(frame: pd.DataFrame) -> pd.DataFrame:
    """A table of stored rows as text a reader expects: dates dd-mm-åååå, numbers with decimal commas, and an
    empty cell where nothing is stored (a table would show 'None')."""
    def cell(value) -> str:
        if value is None or value is pd.NaT or (isinstance(value, float) and math.isnan(value)):
            return ""
        if isinstance(value, date):
            return format_date(value)
        if isinstance(value, float):
            return format_number(value, 0 if value.is_integer() else 1)
        return str(value)

    return frame.map(cell)


# Enough to keep text from data from becoming a link, an image, HTML, a formula, code or emphasis: brackets
# (links, images and Streamlit's :colour[...] directives), angle brackets (HTML, autolinks), and the
# emphasis, code, table, heading and formula marks. Dots, dashes, plus signs and parentheses stay as they are.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]#!|>~<$])")


def plain_markdown(text: str) -> str:
    """Text from data (names, labels, keys, messages that quote them) shown through Markdown as written:
    no links, images, HTML or formatting; line breaks kept."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text).replace("\n", "  \n")


_SPELLED_OUT = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "é": "e", "ü": "u", "ö": "oe", "ä": "ae"})


def file_name_of(name: str, fallback: str = "tabel") -> str:
    """A download's file name from Danish words: Danish letters spelled out (æ -> ae, ø -> oe, å -> aa), never
    dropped, so "delmål" is "delmaal", not "delm-l"; anything else but letters, digits, _ and - becomes -."""
    spelled = name.lower().translate(_SPELLED_OUT)
    return re.sub(r"[^a-z0-9_-]+", "-", spelled).strip("-") or fallback
