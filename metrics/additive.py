"""Figures that add up over sites, and how: what lets a whole programme be worked out one site at a time.

Persons, families and staff are told apart by site and key, so a count over many sites is the sum of each
site's count. The functions named here may therefore be worked out per site (and kept per site, see
``data_access.site_figures``) and joined by their ``combine``: the result is exactly what the function
gives over all the sites at once (``tests/test_site_figures.py`` checks each). A function whose result
does not add up over sites (a median, a verdict, a list of the best) must not be named here.
"""

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from metrics import indicators, outcomes, progression, registry, retention, small_jobs, staff, subgoals, wellbeing
from metrics.goal_rules import RuleCount
from metrics.indicators import IndicatorValue
from metrics.progression import moved_closer_persons


def _with_rows(parts: list[pd.DataFrame]) -> list[pd.DataFrame]:
    # A site without rows adds nothing (and its empty columns must not change the types).
    return [part for part in parts if len(part)] or parts[:1]


def per_site_rows(parts: list[pd.DataFrame]) -> pd.DataFrame:
    """Rows with the site in them, sorted by site first: the sites' rows one after the other."""
    return pd.concat(_with_rows(parts), ignore_index=True)


Frames = list[pd.DataFrame]


def summed_by(*keys: str, sort: bool = False,
              then: Callable[[pd.DataFrame], pd.DataFrame] | None = None) -> Callable[[Frames], pd.DataFrame]:
    """Counts by ``keys`` (no site): the sum over sites, in the order of the keys (``sort``) or of the rows as
    they first come; ``then`` works out what is derived from the sums (a share, a mean)."""
    def combine(parts: list[pd.DataFrame]) -> pd.DataFrame:
        kept = _with_rows(parts)
        if not len(kept[0]):
            summed = kept[0]  # no site has any
        else:
            joined = pd.concat(kept, ignore_index=True)
            # Only numbers add up: every other column must be one of the keys.
            summed = joined.groupby(list(keys), sort=sort, dropna=False).sum(numeric_only=True).reset_index()
            summed = summed[kept[0].columns]
        return then(summed) if then else summed
    return combine


def counted(parts: list[IndicatorValue]) -> IndicatorValue:
    """A count (out of a base, where the parts have one)."""
    def total(values: list) -> float | None:
        return None if any(value is None for value in values) else sum(values)

    numerator, denominator = total([part.numerator for part in parts]), total([part.denominator for part in parts])
    return IndicatorValue(float(sum(part.value or 0 for part in parts)),
                          numerator=None if numerator is None else float(numerator),
                          denominator=None if denominator is None else int(denominator))


def averaged(parts: list[IndicatorValue]) -> IndicatorValue:
    """A mean: the sum over sites divided by the number over sites (None without anybody)."""
    n = sum(part.denominator or 0 for part in parts)
    if not n:
        return IndicatorValue(None, numerator=None, denominator=0)
    total = sum(part.numerator or 0.0 for part in parts)
    return IndicatorValue(total / n, numerator=float(total), denominator=n)


def rule_counts(parts: list[RuleCount]) -> RuleCount:
    has_part = any(part.part is not None for part in parts)
    return RuleCount(sum(part.value for part in parts),
                     sum(part.part or 0 for part in parts) if has_part else None)


def summed_tuples(parts: list[tuple]) -> tuple:
    """Tuples of counts, position by position."""
    return tuple(sum(values) for values in zip(*parts, strict=True))


def summed_counts(parts: list[dict]) -> dict:
    """Dicts of counts, key by key."""
    return {key: sum(part[key] for part in parts) for key in parts[0]}


def small_job_summaries(parts: list[dict]) -> dict:
    """Counts added up; the range of hours from the lowest and the highest of any site."""
    def extreme(key: str, pick: Callable) -> float | None:
        values = [part[key] for part in parts if part[key] is not None]
        return pick(values) if values else None

    combined = {key: sum(part[key] for part in parts) for key in parts[0] if key not in ("hours_low", "hours_high")}
    return {**combined, "hours_low": extreme("hours_low", min), "hours_high": extreme("hours_high", max)}


def union_of(parts: list[tuple]) -> tuple:
    return tuple(sorted(set().union(*parts)))


def summed_by_column(parts: list[pd.DataFrame]) -> pd.DataFrame:
    """Persons per value of the frame's first column, summed over sites, in the order of the values."""
    kept = _with_rows(parts)
    return summed_by(kept[0].columns[0], sort=True)(kept)


@dataclass(frozen=True)
class Additive:
    """How a figure adds up over sites, and what a site's part of it is worked out from.

    ``reads`` names the reported frames the figure reads (``metrics.frames.COLUMNS``): only these of a site's rows
    are read to work out its part. ``master_data`` names the master-data frames the figure reads, or that are
    written into the rows it reads (a status's category group comes from the categories): a kept part is worked
    out again when one of them changes, and only then. ``tests/test_site_figures.py`` records what each figure
    reads and fails on a frame not named here. ``version``: raise it when the figure's meaning changes without
    its module's code changing (a kept part names its code too).
    """

    combine: Callable[[list], object]
    reads: tuple[str, ...]
    master_data: tuple[str, ...] = ()
    version: int = 1


CATEGORIES = ("categories",)  # statuses, exits and follow-ups carry each category's group
SCALES = ("progression_scales",)

# What the figures read of a site's rows.
PERSONS, STATUSES, WELLBEING, PROGRESSION = ("persons",), ("statuses",), ("wellbeing",), ("progression",)
EXITS = ("exits", "statuses")
AFTER_EXIT = ("exits", "follow_ups", "statuses")
SMALL_JOBS = ("small_jobs", "statuses")
STAFF = ("assignments", "staff")
FAMILIES = ("assignments", "persons", "staff", "statuses")


ADDITIVE: dict[Callable, Additive] = {
    # Overblik and the indicators
    indicators.active_counts: Additive(per_site_rows, PERSONS),
    indicators.target_groups_present: Additive(union_of, PERSONS),
    indicators.status_counts: Additive(per_site_rows, STATUSES, CATEGORIES),
    indicators.newly_in_job_or_education: Additive(counted, STATUSES, CATEGORIES),
    indicators.who5_mean_change: Additive(averaged, WELLBEING),
    indicators.who5_improved: Additive(counted, WELLBEING),
    registry.count_by_rule_in: Additive(rule_counts, EXITS, CATEGORIES),
    retention.retention_curve_in: Additive(summed_by("months"), AFTER_EXIT, CATEGORIES),
    moved_closer_persons: Additive(summed_tuples, PROGRESSION, SCALES),
    retention.retained_persons: Additive(summed_tuples, AFTER_EXIT, CATEGORIES),
    small_jobs.more_hours_persons: Additive(summed_tuples, STATUSES, CATEGORIES),
    small_jobs.to_ordinary_persons: Additive(summed_tuples, SMALL_JOBS, CATEGORIES),
    # Delmål
    subgoals.person_goal_counts: Additive(summed_by("area", "status", "days_to_close", sort=True), ("person_goals",)),
    # Resultater
    outcomes.status_flow: Additive(summed_by("from_group", "to_group", sort=True), EXITS, CATEGORIES),
    outcomes.completed_courses: Additive(summed_by("key", "label", then=outcomes.with_completion_shares), ("exits",),
                                         CATEGORIES),
    outcomes.follow_up_in_job_or_education: Additive(summed_tuples, ("follow_ups",), CATEGORIES),
    small_jobs.small_job_hour_counts: Additive(summed_by("hours_now", "compared", "grown", sort=True), STATUSES,
                                               CATEGORIES),
    # Medarbejderkombinationer
    staff.distinct_staff_pairs: Additive(counted, ("assignments",)),
    staff.family_pairs_in_quarter: Additive(summed_tuples, ("assignments",)),
    staff.staff_caseload: Additive(per_site_rows, STAFF),
    staff.pair_counts: Additive(per_site_rows, FAMILIES, CATEGORIES),
    staff.combination_counts: Additive(summed_by("profession_a", "profession_b", sort=True), FAMILIES, CATEGORIES),
    staff.profession_pair_families: Additive(summed_by("one", "other", sort=True), STAFF),
    staff.overall_family_share: Additive(summed_tuples, ("assignments", "persons", "statuses"), CATEGORIES),
    # Trivsel
    wellbeing.who5_pair_scores: Additive(per_site_rows, WELLBEING),
    wellbeing.who5_first_measured: Additive(summed_tuples, WELLBEING),
    wellbeing.school_absence_counts: Additive(summed_by("quarter"), WELLBEING),
    # Progression og fastholdelse
    progression.instruments_measured: Additive(union_of, PROGRESSION),
    progression.progression_pair_scores: Additive(per_site_rows, PROGRESSION, SCALES),
    progression.bands_by_quarter: Additive(summed_by("quarter", "band"), PROGRESSION),
    retention.aftercare_summary_in: Additive(summed_counts, ("aftercare", *AFTER_EXIT), CATEGORIES),
    # Aktiviteter og småjob
    small_jobs.small_job_summary_in: Additive(small_job_summaries, SMALL_JOBS, CATEGORIES),
    small_jobs.small_jobs_now_by: Additive(summed_by_column, SMALL_JOBS, CATEGORIES),
    small_jobs.companies: Additive(summed_counts, ("small_jobs",)),
    small_jobs.hour_counts_by_quarter: Additive(summed_by("quarter"), SMALL_JOBS, CATEGORIES),
}
