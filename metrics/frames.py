"""The plain data every figure is computed from.

``ProgrammeFrames`` holds one DataFrame per kind of record, already limited to
the import versions in force. Person-level frames carry ``site_id``,
``quarter`` (the quarter of the version the row came with), ``person_key`` and
``target_group`` so that they can be filtered alike. Dates are pandas
timestamps.
"""

from collections.abc import Callable
from dataclasses import dataclass, field, fields, replace

import pandas as pd

from metrics.quarters import sites_missing

COLUMNS: dict[str, list[str]] = {
    "sites": ["site_id", "site_name", "project_id", "project_name", "municipality"],
    "categories": ["category_code", "category_label", "group_code", "sort_order", "has_hours", "is_job_start"],
    "persons": [
        "site_id", "quarter", "person_key", "family_key", "target_group",
        "benefit_type", "start_date", "end_date",
    ],
    "statuses": [
        "site_id", "quarter", "person_key", "target_group",
        "category_code", "group_code", "hours_per_week",
    ],
    "wellbeing": [
        "site_id", "quarter", "person_key", "target_group", "instrument", "score", "measured_on",
    ],
    "staff": ["site_id", "quarter", "staff_key", "profession", "department"],
    "assignments": ["site_id", "quarter", "family_key", "staff_key", "start_date", "end_date"],
    "person_goals": [
        "site_id", "quarter", "person_key", "target_group", "area", "status", "set_on", "closed_on",
    ],
    "exits": [
        "site_id", "quarter", "person_key", "target_group", "category_code", "group_code", "exit_on",
    ],
    "follow_ups": [
        "site_id", "quarter", "person_key", "target_group", "months_after",
        "category_code", "group_code", "observed_on",
    ],
    "progression": [
        "site_id", "quarter", "person_key", "target_group", "instrument", "item", "score", "measured_on",
    ],
    "aftercare": ["site_id", "quarter", "person_key", "target_group", "contacts"],
    "small_jobs": [
        "site_id", "quarter", "person_key", "target_group", "job_type", "company_key", "company_size",
        "contact_staff_key", "start_date",
    ],
    "activities": [
        "site_id", "quarter", "individual_conversations", "group_sessions", "group_participants", "company_contacts",
        "new_companies", "companies_with_citizens", "job_centre_mentors", "company_mentors",
    ],
    "project_targets": [
        "target_id", "project_id", "indicator_key", "label", "target_value", "deadline",
        "rule_categories", "rule_counting", "rule_target_groups", "part_label", "part_categories", "is_headline",
    ],
    "benchmarks": ["indicator_key", "label", "value", "period", "source"],
    "professions": ["profession_code", "profession_label"],
    "job_types": ["job_type", "job_type_label"],
    # items: a tuple of the instrument's item names (empty: one overall score)
    "progression_scales": [
        "instrument", "label", "minimum", "maximum", "higher_is_closer", "meaningful_change", "items",
    ],
}

# Frames with one row per person-level record: these follow the target-group filter.
PERSON_LEVEL = ("persons", "statuses", "wellbeing", "person_goals", "exits", "follow_ups", "progression", "aftercare",
                "small_jobs")
# Frames that belong to sites: these follow the site filter.
SITE_LEVEL = PERSON_LEVEL + ("staff", "assignments", "sites", "activities")


@dataclass(frozen=True)
class ProgrammeFrames:
    sites: pd.DataFrame
    categories: pd.DataFrame
    persons: pd.DataFrame
    statuses: pd.DataFrame
    wellbeing: pd.DataFrame
    staff: pd.DataFrame
    assignments: pd.DataFrame
    person_goals: pd.DataFrame
    exits: pd.DataFrame
    follow_ups: pd.DataFrame
    progression: pd.DataFrame
    aftercare: pd.DataFrame
    small_jobs: pd.DataFrame
    activities: pd.DataFrame
    project_targets: pd.DataFrame
    benchmarks: pd.DataFrame
    professions: pd.DataFrame
    progression_scales: pd.DataFrame
    job_types: pd.DataFrame
    # Parts of the frames that figures ask for again and again (one quarter's rows, one project's
    # sites), made once: the frames are never changed after loading, and a boolean filter over a
    # whole frame per indicator and quarter was most of a page's first computation.
    _parts: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    @classmethod
    def empty(cls) -> "ProgrammeFrames":
        return cls(**{name: pd.DataFrame(columns=columns) for name, columns in COLUMNS.items()})

    def quarters(self) -> list[str]:
        """The quarters for which any version is in force, oldest first."""
        if "quarters" not in self._parts:
            self._parts["quarters"] = sorted(self.persons["quarter"].unique().tolist())
        return list(self._parts["quarters"])

    def in_quarter(self, name: str, quarter: str) -> pd.DataFrame:
        """The rows of frame ``name`` reported in ``quarter``'s return (read-only: copy before changing)."""
        key = ("quarter", name)
        if key not in self._parts:
            frame = getattr(self, name)
            self._parts[key] = {value: part for value, part in frame.groupby("quarter", sort=False)}
        part = self._parts[key].get(quarter)
        return getattr(self, name).iloc[:0] if part is None else part

    def once(self, function: Callable, *args):
        """``function(self, *args)``, computed once for these frames: an intermediate that several
        figures share (read-only: copy before changing)."""
        key = (function, tuple(tuple(arg) if isinstance(arg, list) else arg for arg in args))
        if key not in self._parts:
            self._parts[key] = function(self, *args)
        return self._parts[key]

    def for_sites(self, site_ids: list[int]) -> "ProgrammeFrames":
        """``filter_frames`` to these sites, made once per set of sites."""
        key = ("sites", tuple(sorted(site_ids)))
        if key not in self._parts:
            self._parts[key] = filter_frames(self, site_ids=list(key[1]))
        return self._parts[key]

    def profession_labels(self) -> dict[str, str]:
        """Profession code -> its Danish name."""
        return dict(zip(self.professions["profession_code"], self.professions["profession_label"], strict=True))

    def sites_missing(self, site_ids, quarter: str) -> list[int]:
        """Of ``site_ids``, those that report and have not reported ``quarter`` yet: a quarter they miss is
        incomplete and must not be compared with the one before. A site that began reporting after
        ``quarter`` is not missing it."""
        if "reported_quarters" not in self._parts:
            self._parts["reported_quarters"] = {
                site_id: set(quarters) for site_id, quarters in self.persons.groupby("site_id")["quarter"].unique()
                .items()}
        return sites_missing(self._parts["reported_quarters"], site_ids, quarter)

    def complete_quarters(self, site_ids) -> list[str]:
        """The quarters every one of ``site_ids`` that reports has reported, oldest first."""
        return [quarter for quarter in self.quarters() if not self.sites_missing(site_ids, quarter)]

    def latest_quarter(self) -> str | None:
        quarters = self.quarters()
        return quarters[-1] if quarters else None


def filter_frames(
    frames: ProgrammeFrames,
    site_ids: list[int] | None = None,
    target_groups: list[str] | None = None,
) -> ProgrammeFrames:
    """Limit every frame to the chosen sites and target groups (None: no limit)."""
    changes: dict[str, pd.DataFrame] = {}
    for frame_field in fields(frames):
        if not frame_field.init:
            continue
        name = frame_field.name
        frame = getattr(frames, name)
        if site_ids is not None and name in SITE_LEVEL:
            frame = _rows_where(frame, frame["site_id"].isin(site_ids))
        if target_groups is not None and name in PERSON_LEVEL:
            frame = _rows_where(frame, frame["target_group"].isin(target_groups))
        changes[name] = frame
    if site_ids is not None:
        targets = frames.project_targets
        changes["project_targets"] = _rows_where(targets, targets["project_id"].isin(changes["sites"]["project_id"]))
    if all(frame is getattr(frames, name) for name, frame in changes.items()):
        return frames  # nothing left out: keep the parts already made
    return replace(frames, **changes)


def _rows_where(frame: pd.DataFrame, keep: pd.Series) -> pd.DataFrame:
    """``frame[keep]``, but the frame itself when every row is kept (a filter copies every column)."""
    return frame if keep.all() else frame[keep]
