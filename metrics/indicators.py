"""The indicators: each a pure function of ``ProgrammeFrames`` and a quarter.

They return an ``IndicatorValue``: the value shown, and where it is a count
out of a base, the numerator and denominator so that every share carries its n.
Shares are always recomputed from counts, never averaged.
"""

from dataclasses import dataclass

import pandas as pd

from data_access.vocabulary import JOB_OR_EDUCATION_GROUPS
from metrics.frames import ProgrammeFrames
from metrics.quarters import previous_quarter, quarter_end, quarter_start
from metrics.wellbeing import MEANINGFUL_CHANGE, who5_pairs


@dataclass(frozen=True)
class IndicatorValue:
    value: float | None
    numerator: float | None = None
    denominator: int | None = None

    @property
    def share(self) -> float | None:
        if self.numerator is None or not self.denominator:
            return None
        return self.numerator / self.denominator


def active_persons_frame(frames: ProgrammeFrames, quarter: str) -> pd.DataFrame:
    """Persons on the quarter's roster whose course overlaps the quarter."""
    persons = frames.persons[frames.persons["quarter"] == quarter]
    start, end = pd.Timestamp(quarter_start(quarter)), pd.Timestamp(quarter_end(quarter))
    started = persons["start_date"] <= end
    not_ended = persons["end_date"].isna() | (persons["end_date"] >= start)
    return persons[started & not_ended]


def active_persons(frames: ProgrammeFrames, quarter: str) -> IndicatorValue:
    return IndicatorValue(float(len(active_persons_frame(frames, quarter))))


def active_families(frames: ProgrammeFrames, quarter: str) -> IndicatorValue:
    active = active_persons_frame(frames, quarter).dropna(subset=["family_key"])
    families = active[["site_id", "family_key"]].drop_duplicates()
    return IndicatorValue(float(len(families)))


def _statuses_in_groups(frames: ProgrammeFrames, quarter: str, groups: tuple[str, ...]) -> IndicatorValue:
    statuses = frames.statuses[frames.statuses["quarter"] == quarter]
    count = int(statuses["group_code"].isin(groups).sum())
    return IndicatorValue(float(count), numerator=float(count), denominator=len(statuses))


def in_job_or_education(frames: ProgrammeFrames, quarter: str) -> IndicatorValue:
    return _statuses_in_groups(frames, quarter, JOB_OR_EDUCATION_GROUPS)


def in_company_based(frames: ProgrammeFrames, quarter: str) -> IndicatorValue:
    return _statuses_in_groups(frames, quarter, ("company",))


def clarified(frames: ProgrammeFrames, quarter: str) -> IndicatorValue:
    return _statuses_in_groups(frames, quarter, ("clarification", "permanent_benefit"))


def newly_in_job_or_education(frames: ProgrammeFrames, quarter: str) -> IndicatorValue:
    """Persons in job or education now who were not in the quarter before: the quarter's successes."""
    statuses = frames.statuses
    now = statuses[(statuses["quarter"] == quarter) & statuses["group_code"].isin(JOB_OR_EDUCATION_GROUPS)]
    before = statuses[(statuses["quarter"] == previous_quarter(quarter))
                      & statuses["group_code"].isin(JOB_OR_EDUCATION_GROUPS)]
    earlier = set(zip(before["site_id"], before["person_key"], strict=True))
    new = sum(1 for key in zip(now["site_id"], now["person_key"], strict=True) if key not in earlier)
    return IndicatorValue(float(new), numerator=float(new), denominator=len(now))


def who5_mean_change(frames: ProgrammeFrames, quarter: str) -> IndicatorValue:
    pairs = who5_pairs(frames, quarter)
    if pairs.empty:
        return IndicatorValue(None, numerator=None, denominator=0)
    return IndicatorValue(float(pairs["change"].mean()), numerator=float(pairs["change"].sum()),
                          denominator=len(pairs))


def who5_improved(frames: ProgrammeFrames, quarter: str) -> IndicatorValue:
    pairs = who5_pairs(frames, quarter)
    improved = int((pairs["change"] >= MEANINGFUL_CHANGE).sum())
    return IndicatorValue(float(improved), numerator=float(improved), denominator=len(pairs))
