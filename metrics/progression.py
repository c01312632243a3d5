"""Progression: has the citizen moved closer to a job? Scores on the project's own instrument over time.

An instrument is data (``ProgressionScale``): its range, which way is closer to job, and the smallest
change that counts as a step (a 1-10 "distance to job" scale, the BIP indicators scored item by item).
A person's score on a day is the mean of the items scored that day (the one score where the instrument
has no items). The first and the latest score up to a quarter give the change, counted towards job: a
change of at least the meaningful step towards job is "closer", as far the other way "further away".
Before/after figures without a control group describe; they do not show an effect.
"""

from dataclasses import dataclass

import pandas as pd

from metrics.counting import counted_rows
from metrics.frames import ProgrammeFrames

PERSON = ["site_id", "person_key"]
CLOSER, UNCHANGED, FURTHER = "closer", "unchanged", "further"
MOVES = {CLOSER: "Tættere på job", UNCHANGED: "Uændret", FURTHER: "Længere fra job"}
# The scale cut in three equal bands, named from far to close, whichever way the scale runs.
BANDS = ("Langt fra job", "På vej", "Tæt på job")


@dataclass(frozen=True)
class ProgressionScale:
    code: str
    label: str
    minimum: float
    maximum: float
    higher_is_closer: bool
    meaningful_change: float
    items: tuple[str, ...] = ()

    @property
    def direction(self) -> int:
        return 1 if self.higher_is_closer else -1

    def band(self, score: float) -> str:
        """The third of the scale a score lies in, counted from far from job."""
        towards = (score - self.minimum) if self.higher_is_closer else (self.maximum - score)
        width = (self.maximum - self.minimum) / len(BANDS)
        return BANDS[min(int(towards // width), len(BANDS) - 1)] if width > 0 else BANDS[-1]


def scales_of(frames: ProgrammeFrames) -> dict[str, ProgressionScale]:
    """The instruments defined, by code."""
    return {row.instrument: ProgressionScale(
        row.instrument, row.label, float(row.minimum), float(row.maximum), bool(row.higher_is_closer),
        float(row.meaningful_change), tuple(row.items)) for row in frames.progression_scales.itertuples()}


def _occasions(frames: ProgrammeFrames) -> pd.DataFrame:
    """One score per person, instrument and day: the mean of the items scored that day. A measurement
    reported again in a later quarter's return counts once, from the quarter it was first reported in."""
    rows = frames.progression.sort_values("quarter", kind="stable").drop_duplicates(
        [*PERSON, "instrument", "item", "measured_on"])
    grouped = rows.groupby([*PERSON, "instrument", "measured_on"], sort=False, dropna=False)
    occasions = grouped.agg(quarter=("quarter", "min"), target_group=("target_group", "last"),
                            score=("score", "mean"), items=("score", "size")).reset_index()
    return occasions.sort_values([*PERSON, "instrument", "measured_on"], kind="stable")


def occasions(frames: ProgrammeFrames) -> pd.DataFrame:
    """Each person's scores, one per instrument and day (read-only: shared by every figure)."""
    return frames.once(_occasions)


def progression_pairs(frames: ProgrammeFrames, quarter: str, instrument: str | None = None) -> pd.DataFrame:
    """Per person (and instrument) with two or more scores reported up to ``quarter``: first, latest, the
    change towards job and whether that is a meaningful step closer, unchanged or further away.
    ``instrument`` None: every instrument (a person with two instruments has a row for each)."""
    return frames.once(_progression_pairs, quarter, instrument)


def _progression_pairs(frames: ProgrammeFrames, quarter: str, instrument: str | None) -> pd.DataFrame:
    scores = occasions(frames)
    scores = scores[scores["quarter"] <= quarter]
    if instrument is not None:
        scores = scores[scores["instrument"] == instrument]
    paired = scores.groupby([*PERSON, "instrument"], sort=False).agg(
        target_group=("target_group", "last"), first=("score", "first"), latest=("score", "last"),
        first_on=("measured_on", "first"), latest_on=("measured_on", "last"), measurements=("score", "size"))
    paired = paired[paired["measurements"] >= 2].reset_index()
    scales = scales_of(frames)
    # An instrument since deleted from the master data counts no step either way.
    direction = pd.Series([scales[code].direction if code in scales else 1 for code in paired["instrument"]],
                          index=paired.index, dtype=float)
    step = pd.Series([scales[code].meaningful_change if code in scales else float("inf")
                      for code in paired["instrument"]], index=paired.index, dtype=float)
    paired["change"] = paired["latest"] - paired["first"]
    paired["towards_job"] = paired["change"] * direction
    paired["move"] = UNCHANGED
    paired.loc[paired["towards_job"] >= step, "move"] = CLOSER
    paired.loc[paired["towards_job"] <= -step, "move"] = FURTHER
    return paired


def progression_pair_scores(frames: ProgrammeFrames, quarter: str, instrument: str | None = None) -> pd.DataFrame:
    """``progression_pairs`` counted by site, target group, instrument, scores and move (``counting.expanded``
    gives the pairs back without the persons' keys)."""
    return counted_rows(progression_pairs(frames, quarter, instrument),
                        ["site_id", "target_group", "instrument", "first", "latest", "change", "towards_job", "move"])


def instruments_measured(frames: ProgrammeFrames) -> tuple[str, ...]:
    """The instruments anybody has a score on, by code."""
    return tuple(sorted(set(frames.progression["instrument"])))


def progression_summary(pairs: pd.DataFrame) -> dict[str, float | int | None]:
    """The counts behind the page's figures, each out of the same n (persons with two scores)."""
    n = len(pairs)
    return {
        "n": n,
        "mean_first": float(pairs["first"].mean()) if n else None,
        "mean_latest": float(pairs["latest"].mean()) if n else None,
        "mean_towards_job": float(pairs["towards_job"].mean()) if n else None,
        "closer": int((pairs["move"] == CLOSER).sum()),
        "unchanged": int((pairs["move"] == UNCHANGED).sum()),
        "further": int((pairs["move"] == FURTHER).sum()),
    }


def progression_by_group(pairs: pd.DataFrame, by: str) -> pd.DataFrame:
    """Per target group or site: n, mean first and latest score, mean change towards job, and how many
    moved closer, stayed unchanged and moved further away."""
    grouped = pairs.groupby(by)
    return pd.DataFrame({
        "n": grouped.size(),
        "mean_first": grouped["first"].mean(),
        "mean_latest": grouped["latest"].mean(),
        "mean_towards_job": grouped["towards_job"].mean(),
        "closer": grouped["move"].apply(lambda moves: int((moves == CLOSER).sum())),
        "unchanged": grouped["move"].apply(lambda moves: int((moves == UNCHANGED).sum())),
        "further": grouped["move"].apply(lambda moves: int((moves == FURTHER).sum())),
    }).reset_index()


def bands_by_quarter(frames: ProgrammeFrames, scale: ProgressionScale, quarters: list[str]) -> pd.DataFrame:
    """Per quarter: the persons scored on the instrument in it (their latest score that quarter) by band of
    the scale, far from job first; one row per quarter and band, with ``persons`` and the quarter's ``n``."""
    scores = occasions(frames)
    scores = scores[(scores["instrument"] == scale.code) & scores["quarter"].isin(quarters)]
    latest = scores.groupby([*PERSON, "quarter"], sort=False)["score"].last().reset_index()
    latest["band"] = latest["score"].map(scale.band)
    counts = latest.groupby(["quarter", "band"]).size()
    rows = [{"quarter": quarter, "band": band, "persons": int(counts.get((quarter, band), 0))}
            for quarter in quarters for band in BANDS]
    table = pd.DataFrame(rows, columns=["quarter", "band", "persons"])
    table["n"] = table.groupby("quarter")["persons"].transform("sum")
    return table


def moved_closer_persons(frames: ProgrammeFrames, quarter: str) -> tuple[int, int]:
    """Persons who moved a meaningful step closer to job on at least one instrument, out of persons with
    two scores on at least one: the figure a delmål can count."""
    pairs = progression_pairs(frames, quarter)
    closer = pairs.loc[pairs["move"] == CLOSER, PERSON].drop_duplicates()
    return len(closer), len(pairs[PERSON].drop_duplicates())
