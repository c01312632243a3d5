"""Wellbeing (trivsel): WHO-5 for adults and young people, school absence for children.

WHO-5 is 0-100 (raw 0-25 x 4): 50 or less is low wellbeing, 28 or less a sign
of likely depression, and a change of 10 points is meaningful. Before/after
figures without a control group describe; they do not show an effect.
"""

import pandas as pd

from metrics.counting import counted_rows, mean_of, per_quarter_counts
from metrics.frames import ProgrammeFrames

LOW_WELLBEING = 50
LIKELY_DEPRESSION = 28
MEANINGFUL_CHANGE = 10
WORRYING_ABSENCE = 10.0  # per cent of school days


def who5_pairs(frames: ProgrammeFrames, quarter: str) -> pd.DataFrame:
    """Per person with two or more WHO-5 scores up to the quarter: first, latest and the change
    (read-only: the indicators and the page share it)."""
    return frames.once(_who5_pairs, quarter)


def _who5_pairs(frames: ProgrammeFrames, quarter: str) -> pd.DataFrame:
    scores = frames.wellbeing[
        (frames.wellbeing["instrument"] == "who5") & (frames.wellbeing["quarter"] <= quarter)
    ].sort_values("measured_on", kind="stable")  # the same day's scores in the order stored
    grouped = scores.groupby(["site_id", "person_key"])
    paired = grouped.agg(
        target_group=("target_group", "last"),
        first=("score", "first"),
        latest=("score", "last"),
        measurements=("score", "size"),
    )
    paired = paired[paired["measurements"] >= 2].reset_index()
    paired["change"] = paired["latest"] - paired["first"]
    return paired


def who5_first_measured(frames: ProgrammeFrames, quarter: str) -> tuple[int, int]:
    """(persons with at least one WHO-5 score up to the quarter, of them low wellbeing at their first): the
    starting point a new project can show before anybody is measured twice."""
    scores = frames.wellbeing[(frames.wellbeing["instrument"] == "who5") & (frames.wellbeing["quarter"] <= quarter)]
    first = scores.sort_values("measured_on", kind="stable").groupby(["site_id", "person_key"])["score"].first()
    return len(first), int((first <= LOW_WELLBEING).sum())


def who5_pair_scores(frames: ProgrammeFrames, quarter: str) -> pd.DataFrame:
    """``who5_pairs`` counted by site, target group, first and latest score (``counting.expanded`` gives the
    pairs back without the persons' keys)."""
    return counted_rows(who5_pairs(frames, quarter), ["site_id", "target_group", "first", "latest", "change"])


def who5_summary(pairs: pd.DataFrame) -> dict[str, float | int | None]:
    """Counts behind the wellbeing page's figures, each with the same base n."""
    n = len(pairs)
    return {
        "n": n,
        "mean_first": float(pairs["first"].mean()) if n else None,
        "mean_latest": float(pairs["latest"].mean()) if n else None,
        "mean_change": float(pairs["change"].mean()) if n else None,
        "low_first": int((pairs["first"] <= LOW_WELLBEING).sum()),
        "low_latest": int((pairs["latest"] <= LOW_WELLBEING).sum()),
        "depression_first": int((pairs["first"] <= LIKELY_DEPRESSION).sum()),
        "depression_latest": int((pairs["latest"] <= LIKELY_DEPRESSION).sum()),
        "improved": int((pairs["change"] >= MEANINGFUL_CHANGE).sum()),
        "worsened": int((pairs["change"] <= -MEANINGFUL_CHANGE).sum()),
    }


def change_distribution(pairs: pd.DataFrame, width: int = MEANINGFUL_CHANGE) -> pd.DataFrame:
    """Persons per band of change for a histogram, the bands cut where the words cut: -9 to +9 (under a
    meaningful change), +10 to +19, +20 to +29, ... and -19 to -10, ... So the bands from +10 up add up to
    "improved 10 points or more", and those from -10 down to "worsened"."""
    if pairs.empty:
        return pd.DataFrame(columns=["band_start", "band_end", "persons"])
    steps = (pairs["change"].abs() // width * pairs["change"].apply(lambda change: 1 if change >= 0 else -1))
    steps = steps.astype(int)
    counts = steps.value_counts()
    every = range(int(steps.min()), int(steps.max()) + 1)

    def band(step: int) -> tuple[int, int]:
        if step == 0:
            return -(width - 1), width - 1
        if step > 0:
            return step * width, step * width + width - 1
        return step * width - (width - 1), step * width

    return pd.DataFrame({
        "band_start": [band(step)[0] for step in every],
        "band_end": [band(step)[1] for step in every],
        "persons": [int(counts.get(step, 0)) for step in every],
    })


def who5_by_group(pairs: pd.DataFrame, by: str) -> pd.DataFrame:
    """Paired WHO-5 per target group or site: n, mean at entry and latest, mean change, improved."""
    grouped = pairs.groupby(by)
    return pd.DataFrame({
        "n": grouped.size(),
        "mean_first": grouped["first"].mean(),
        "mean_latest": grouped["latest"].mean(),
        "mean_change": grouped["change"].mean(),
        "improved": grouped["change"].apply(lambda change: int((change >= MEANINGFUL_CHANGE).sum())),
    }).reset_index()


def school_absence_counts(frames: ProgrammeFrames, quarters: list[str]) -> pd.DataFrame:
    """Per quarter: children measured, their absence added up, and how many had worrying absence."""
    absence = frames.wellbeing[
        (frames.wellbeing["instrument"] == "school_absence") & frames.wellbeing["quarter"].isin(quarters)
    ]
    grouped = absence.groupby("quarter")["score"]
    return per_quarter_counts({
        "children": grouped.size(),
        "total_absence": grouped.sum(),
        "worrying": grouped.apply(lambda score: int((score >= WORRYING_ABSENCE).sum())),
    }, quarters, ["children", "worrying"])


def school_absence_by_quarter(frames: ProgrammeFrames, quarters: list[str]) -> pd.DataFrame:
    """Per quarter: children measured, mean absence and how many had worrying absence (10 % or more)."""
    counts = frames.once(school_absence_counts, quarters)
    mean = mean_of(counts["total_absence"], counts["children"])
    return counts.assign(mean_absence=mean)[["quarter", "children", "mean_absence", "worrying"]]
