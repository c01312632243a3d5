"""The plain data every figure is computed from.

``ProgrammeFrames`` holds one DataFrame per kind of record, already limited to
the import versions in force. Person-level frames carry ``site_id``,
``quarter`` (the quarter of the version the row came with), ``person_key`` and
``target_group`` so that they can be filtered alike. Dates are pandas
timestamps.
"""

from dataclasses import dataclass, fields, replace

import pandas as pd

COLUMNS: dict[str, list[str]] = {
    "sites": ["site_id", "site_name", "project_id", "project_name", "municipality"],
    "categories": ["category_code", "category_label", "group_code", "sort_order", "has_hours"],
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
    "project_targets": [
        "target_id", "project_id", "indicator_key", "label", "target_value", "deadline",
    ],
    "benchmarks": ["indicator_key", "label", "value", "period", "source"],
}

# Frames with one row per person-level record: these follow the target-group filter.
PERSON_LEVEL = ("persons", "statuses", "wellbeing", "person_goals", "exits", "follow_ups")
# Frames that belong to sites: these follow the site filter.
SITE_LEVEL = PERSON_LEVEL + ("staff", "assignments", "sites")


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
    project_targets: pd.DataFrame
    benchmarks: pd.DataFrame

    @classmethod
    def empty(cls) -> "ProgrammeFrames":
        return cls(**{name: pd.DataFrame(columns=columns) for name, columns in COLUMNS.items()})

    def quarters(self) -> list[str]:
        """The quarters for which any version is in force, oldest first."""
        return sorted(self.persons["quarter"].unique().tolist())

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
    for field in fields(frames):
        frame = getattr(frames, field.name)
        if site_ids is not None and field.name in SITE_LEVEL:
            frame = frame[frame["site_id"].isin(site_ids)]
        if target_groups is not None and field.name in PERSON_LEVEL:
            frame = frame[frame["target_group"].isin(target_groups)]
        changes[field.name] = frame
    if site_ids is not None:
        projects = changes["sites"]["project_id"].unique()
        targets = frames.project_targets
        changes["project_targets"] = targets[targets["project_id"].isin(projects)]
    return replace(frames, **changes)
