"""The indicators: each a pure function of ``ProgrammeFrames`` and a quarter.

They return an ``IndicatorValue``: the value shown, and where it is a count
out of a base, the numerator and denominator so that every share carries its n.
Shares are always recomputed from counts, never averaged.
"""

from dataclasses import dataclass

import numpy as np
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


# The indicators below are asked for one quarter at a time (a target's line asks for every quarter),
# so each is worked out for all quarters in one pass over the frames and looked up per quarter.

def _active_persons(frames: ProgrammeFrames) -> pd.DataFrame:
    persons = frames.persons
    # Each row's quarter bounds, looked up by the quarter's code (mapping millions of texts was slow).
    codes, quarters = pd.factorize(persons["quarter"])
    starts = np.array([quarter_start(quarter) for quarter in quarters], dtype="datetime64[s]")[codes]
    ends = np.array([quarter_end(quarter) for quarter in quarters], dtype="datetime64[s]")[codes]
    started = persons["start_date"].to_numpy() <= ends
    not_ended = persons["end_date"].isna().to_numpy() | (persons["end_date"].to_numpy() >= starts)
    # Only what the counts need: taking every text column of millions of rows was most of the time.
    return persons.loc[started & not_ended, ["quarter", "site_id", "family_key"]]


def _active_persons_by_quarter(frames: ProgrammeFrames) -> dict[str, int]:
    return frames.once(_active_persons)["quarter"].value_counts().to_dict()


def active_persons(frames: ProgrammeFrames, quarter: str) -> IndicatorValue:
    """Persons on the quarter's roster whose course overlaps the quarter."""
    return IndicatorValue(float(frames.once(_active_persons_by_quarter).get(quarter, 0)))


def _active_families_by_quarter(frames: ProgrammeFrames) -> dict[str, int]:
    # Family keys are per site; a person without a family counts no family.
    families = frames.once(_active_persons).groupby(["quarter", "site_id"])["family_key"].nunique()
    return families.groupby(level="quarter").sum().astype(int).to_dict()


def active_families(frames: ProgrammeFrames, quarter: str) -> IndicatorValue:
    return IndicatorValue(float(frames.once(_active_families_by_quarter).get(quarter, 0)))


def _statuses_by_quarter_and_group(frames: ProgrammeFrames) -> dict[str, dict[str, int]]:
    counts = frames.statuses.groupby(["quarter", "group_code"], dropna=False).size()
    table: dict[str, dict[str, int]] = {}
    for (quarter, group), count in counts.items():
        table.setdefault(quarter, {})[group] = int(count)
    return table


def _statuses_in_groups(frames: ProgrammeFrames, quarter: str, groups: tuple[str, ...]) -> IndicatorValue:
    by_group = frames.once(_statuses_by_quarter_and_group).get(quarter, {})
    count = sum(persons for group, persons in by_group.items() if group in groups)
    return IndicatorValue(float(count), numerator=float(count), denominator=sum(by_group.values()))


def in_job_or_education(frames: ProgrammeFrames, quarter: str) -> IndicatorValue:
    return _statuses_in_groups(frames, quarter, JOB_OR_EDUCATION_GROUPS)


def in_company_based(frames: ProgrammeFrames, quarter: str) -> IndicatorValue:
    return _statuses_in_groups(frames, quarter, ("company",))


def clarified(frames: ProgrammeFrames, quarter: str) -> IndicatorValue:
    return _statuses_in_groups(frames, quarter, ("clarification", "permanent_benefit"))


def newly_in_job_or_education(frames: ProgrammeFrames, quarter: str) -> IndicatorValue:
    """Persons in job or education now who were not in the quarter before: the quarter's successes."""
    now = frames.in_quarter("statuses", quarter)
    now = now[now["group_code"].isin(JOB_OR_EDUCATION_GROUPS)]
    before = frames.in_quarter("statuses", previous_quarter(quarter))
    before = before[before["group_code"].isin(JOB_OR_EDUCATION_GROUPS)]
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
