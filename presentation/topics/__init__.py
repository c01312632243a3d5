"""What each page says, without Streamlit: its findings, key charts and key figures for a ``Selection``.

The pages lay these out as widgets; the steering-meeting report and the
presentation put the very same objects on slides. Disclosure control is applied
here, once, so a figure hidden on a page is hidden in the report too.
"""

import functools
from dataclasses import dataclass

import pandas as pd

from metrics.disclosure import series_mask
from metrics.registry import INDICATORS
from metrics.vocabulary import TARGET_GROUPS
from presentation.format import SUPPRESSED, format_count, format_number, format_signed

SUMMARY_LABEL = "Kvartalets sammenfatning"


def per_selection(function):
    """Marks a topic function whose result depends only on the selection (and its other arguments).

    It runs through ``selection.memo``, so the app can build each figure once per data version
    and view and share it between sessions; building plotly figures is most of a page's time.
    Callers must treat the result as read-only.
    """
    @functools.wraps(function)
    def through_memo(selection, *args):
        return selection.memo(function, *args)

    return through_memo


@dataclass(frozen=True)
class Card:
    """A key figure as shown: Danish text, ready for a metric widget or a slide."""

    label: str
    value: str
    detail: str | None = None  # the n, or what the figure is out of
    delta: str | None = None
    delta_colour: str = "normal"  # "normal", "inverse" or "off", as Streamlit's metric takes it
    delta_description: str | None = None
    help: str | None = None

    def sentence(self) -> str:
        """One line for a slide, e.g. 'Aktive borgere: 254 (+3 siden 2026 K2)'."""
        extras = [part for part in (
            f"{self.delta} {self.delta_description}".strip() if self.delta else None, self.detail) if part]
        return f"{self.label}: {self.value}" + (f" ({'; '.join(extras)})" if extras else "")


def commentary_lines(commentary: pd.DataFrame, topic: str | None, site_names: dict[int, str],
                     summary: bool = False) -> list[tuple[str, str]]:
    """The project leader's texts for a topic (None: no indicator's) as (heading, text), the quarter's
    summary first when asked for, then in the registry's order.

    ``commentary`` is the texts in force (site_id, subject, text); in a view of several sites each
    heading names its site, even where only one of them has written.
    """
    subjects = ([None] if summary else []) + [key for key, indicator in INDICATORS.items() if indicator.topic == topic]
    several = len(site_names) > 1
    lines = []
    for subject in subjects:
        rows = commentary[commentary["subject"].isna()] if subject is None else \
            commentary[commentary["subject"] == subject]
        for row in rows.itertuples(index=False):
            heading = SUMMARY_LABEL if subject is None else INDICATORS[subject].label
            lines.append((f"{site_names.get(row.site_id, '')}: {heading}" if several else heading, row.text))
    return lines


def paired_by_group(selection, pairs: pd.DataFrame, by_group) -> pd.DataFrame:
    """Paired first and latest measurements (WHO-5, progression) per target group, then per site, from
    ``by_group(pairs, by)``; ``hidden`` marks the rows withheld outside the project group. Each block's rows add
    up to the total shown, so one hidden row takes another with it."""
    site_names = selection.frames.sites.set_index("site_id")["site_name"]
    tables = []
    for by, labels in (("target_group", TARGET_GROUPS), ("site_id", site_names)):
        table = by_group(pairs, by)
        table.insert(0, "Gruppe", table.pop(by).map(labels))
        table["hidden"] = series_mask(table["n"]) if selection.external else False
        tables.append(table)
    return pd.concat(tables, ignore_index=True)


def paired_columns(table: pd.DataFrame, change: str, change_label: str) -> dict[str, list]:
    """The shared columns of such a table as shown: group, n, mean first, mean latest and the mean change."""
    hidden = table["hidden"].tolist()

    def shown(column: str, formatter) -> list[str]:
        return [SUPPRESSED if h else formatter(value) for value, h in zip(table[column], hidden, strict=True)]

    return {
        "Gruppe": table["Gruppe"].tolist(),
        "Borgere (n)": [format_count(count, h) for count, h in zip(table["n"], hidden, strict=True)],
        "Gns. første måling": shown("mean_first", lambda value: format_number(value, 1)),
        "Gns. seneste måling": shown("mean_latest", lambda value: format_number(value, 1)),
        change_label: shown(change, lambda value: format_signed(value, 1)),
    }
