"""The indicators: each a pure function of ``ProgrammeFrames`` and a quarter.

They return an ``IndicatorValue``: the value shown, and where it is a count
out of a base, the numerator and denominator so that every share carries its n.
Shares are always recomputed from counts, never averaged.
"""

from dataclasses import dataclass

import numpy as np
import pandas as pd

from metrics.frames import ProgrammeFrames
from metrics.quarters import previous_quarter, quarter_end, quarter_start
from metrics.vocabulary import JOB_OR_EDUCATION_GROUPS
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
# so each is worked out for all quarters in one pass over the frames and looked up per quarter. The passes
# give counts per site and quarter, which a database source can give without reading any person's row.

ACTIVE_COUNT_COLUMNS = ["site_id", "quarter", "persons", "families"]
STATUS_COUNT_COLUMNS = ["site_id", "quarter", "target_group", "category_code", "group_code", "persons"]


def target_groups_present(frames: ProgrammeFrames) -> tuple[str, ...]:
    """The target groups of the persons reported, sorted."""
    return tuple(sorted(set(frames.persons["target_group"].dropna())))


def active_counts(frames: ProgrammeFrames) -> pd.DataFrame:
    """Per site and quarter: the persons on the quarter's roster whose course overlaps the quarter, and their
    families (a person without a family counts none), sorted by site and quarter."""
    persons = frames.persons
    # Each row's quarter bounds, looked up by the quarter's code (mapping millions of texts was slow).
    codes, quarters = pd.factorize(persons["quarter"])
    starts = np.array([quarter_start(quarter) for quarter in quarters], dtype="datetime64[s]")[codes]
    ends = np.array([quarter_end(quarter) for quarter in quarters], dtype="datetime64[s]")[codes]
    started = persons["start_date"].to_numpy() <= ends
    not_ended = persons["end_date"].isna().to_numpy() | (persons["end_date"].to_numpy() >= starts)
    # Only what the counts need: taking every text column of millions of rows was most of the time.
    active = persons.loc[started & not_ended, ["site_id", "quarter", "family_key"]]
    counts = active.groupby(["site_id", "quarter"]).agg(persons=("quarter", "size"), families=("family_key", "nunique"))
    return counts.reset_index().astype({"persons": int, "families": int})[ACTIVE_COUNT_COLUMNS]


def status_counts(frames: ProgrammeFrames) -> pd.DataFrame:
    """Persons per site, quarter, target group and status category (with its group), sorted by those."""
    keys = STATUS_COUNT_COLUMNS[:-1]
    counts = frames.statuses.groupby(keys, dropna=False).size().rename("persons").reset_index()
    return counts.astype({"persons": int})[STATUS_COUNT_COLUMNS]


def _active_by_quarter(frames: ProgrammeFrames, column: str) -> dict[str, int]:
    return frames.once(active_counts).groupby("quarter")[column].sum().astype(int).to_dict()


def active_persons(frames: ProgrammeFrames, quarter: str) -> IndicatorValue:
    """Persons on the quarter's roster whose course overlaps the quarter."""
    return IndicatorValue(float(frames.once(_active_by_quarter, "persons").get(quarter, 0)))


def active_families(frames: ProgrammeFrames, quarter: str) -> IndicatorValue:
    # Family keys are per site: the families of a quarter are the sum over its sites.
    return IndicatorValue(float(frames.once(_active_by_quarter, "families").get(quarter, 0)))


def _statuses_by_quarter_and_group(frames: ProgrammeFrames) -> dict[str, dict[str, int]]:
    counts = frames.once(status_counts).groupby(["quarter", "group_code"], dropna=False)["persons"].sum()
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
