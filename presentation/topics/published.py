"""A purged project's published quarters, shown from the figures kept at publication (data_access/publication.py):
nothing is worked out again, since the rows behind them are gone."""

import pandas as pd

from metrics.overview import FOLLOWED_KEY_FIGURES, KEY_FIGURES
from metrics.published import ALL_GROUPS
from metrics.registry import TOPICS
from metrics.vocabulary import TARGET_GROUPS
from presentation.format import (
    SUPPRESSED_LARGE,
    format_count,
    format_local_date,
    format_number,
    format_percent,
    format_signed,
    with_unit,
)

WHOLE_PROJECT = "Hele projektet"


def purge_line(project: str, deleted_at) -> str:
    return (f"Persondata for {project} blev slettet den {format_local_date(deleted_at)}, da opbevaringsperioden "
            "var udløbet. Her vises projektets offentliggjorte tal, som de blev forelagt styregruppen; intet "
            "regnes ud igen.")


def shown_value(row) -> str:
    """A kept figure as text: a count with its n and share, a mean with its n, a delmål with its target."""
    if row.hidden:
        return SUPPRESSED_LARGE  # whether it was under 5 is not kept: "skjult" is true either way
    if row.unit == "points":
        return with_unit(format_signed(row.value, int(row.decimals)), "point") + \
            (f" (n = {format_count(row.denominator)})" if not pd.isna(row.denominator) else "")
    text = format_number(row.value)
    if row.topic == "delmaal" and row.figure.startswith("delmaal:"):
        goal = "" if pd.isna(row.goal) else f"; mål {format_number(row.goal)}"
        verdict = "" if row.met is None or pd.isna(row.met) else ("; nået" if row.met else "; ikke nået")
        return text + goal + verdict
    if not pd.isna(row.denominator) and row.denominator:
        text += f" af {format_number(row.denominator)} ({format_percent(row.value / row.denominator, 0)})"
    elif not pd.isna(row.denominator):
        text += " af 0"
    return text


def kept_figures_table(figures: pd.DataFrame, topic: str | None, target_group: str = ALL_GROUPS) -> pd.DataFrame:
    """One topic's kept figures (``topic`` None: all) of one publication: a row per figure, a column for the
    project and each site."""
    if topic == "overblik":  # the overview's key figures, whichever topic they belong to
        in_topic = figures["figure"].isin([*KEY_FIGURES, *FOLLOWED_KEY_FIGURES])
    else:
        in_topic = figures["topic"] == topic if topic else pd.Series(True, index=figures.index)
    chosen = figures[(figures["target_group"] == target_group) & in_topic].copy()
    if chosen.empty:
        return pd.DataFrame(columns=["Emne", "Tal", WHOLE_PROJECT])
    chosen["place"] = chosen["site_name"].replace("", WHOLE_PROJECT)
    chosen["shown"] = [shown_value(row) for row in chosen.itertuples(index=False)]
    places = [WHOLE_PROJECT, *(name for name in dict.fromkeys(chosen["site_name"]) if name)]
    table = chosen.pivot_table(index=["topic", "figure", "label"], columns="place", values="shown",
                               aggfunc="first", sort=False).reindex(columns=places).fillna("–")
    table = table.reset_index()
    table.insert(0, "Emne", table.pop("topic").map(TOPICS))
    table = table.drop(columns="figure").rename(columns={"label": "Tal"})
    table.columns.name = None
    # With a single site the site's column repeats the project's.
    return table.drop(columns=places[1:]) if len(places) == 2 else table


def target_group_label(group: str) -> str:
    return TARGET_GROUPS.get(group, "Alle målgrupper")
