"""The plain data every figure is computed from.

``ProgrammeFrames`` holds one DataFrame per kind of record, already limited to
the import versions in force. Person-level frames carry ``site_id``,
``quarter`` (the quarter of the version the row came with), ``person_key`` and
``target_group`` so that they can be filtered alike. Dates are pandas
timestamps.

A whole national programme runs to millions of reported rows. So a view of many
sites holds none of them (each reported frame is ``NotRead``): its frames' source
(a ``FrameSource``) answers what the pages ask of it, which quarters each site has
reported, whether a frame holds any row, and every figure that adds up over
sites, worked out one site at a time from that site's rows
(``data_access/site_figures/``). Which it is, a view's rows or its sites' parts,
is decided once, where the view's frames are made. The pandas functions of
``metrics`` stay the definition: the source must give exactly what they give
(``tests/test_site_figures.py``).
"""

from collections.abc import Callable
from dataclasses import dataclass, field, fields, replace
from typing import Protocol

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
        "rule_categories", "rule_counting", "rule_target_groups", "part_label", "part_categories", "part_target_value",
        "is_headline",
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


class FrameNotRead(RuntimeError):
    """A reported frame touched in a view that does not hold it: a mistake in the code, which the tests find."""


class NotRead:
    """In place of a reported frame a view does not hold (a view of many sites, worked out site by site, or a
    site's frames that a figure does not declare). Any use of it raises ``FrameNotRead``; it reads nothing."""

    def __init__(self, name: str):
        self.name = name

    def __getattr__(self, attribute: str):
        raise FrameNotRead(f"the frame {self.name!r} is not read for this view (asked for {attribute!r})")

    def __getitem__(self, key):
        return self.__getattr__("[]")

    def __len__(self) -> int:
        return self.__getattr__("len")


class FrameSource(Protocol):
    """Where the frames came from, able to work out some figures itself (see ``ProgrammeFrames.once``)."""

    def answer(self, function: Callable, args: tuple):
        """``function(frames, *args)`` worked out at the source, or ``NOT_ANSWERED``."""

    def narrowed(self, site_ids: list[int] | None, target_groups: list[str] | None) -> "FrameSource":
        """The same source limited further to these sites and target groups."""


NOT_ANSWERED = object()


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
    source: FrameSource | None = field(default=None, repr=False, compare=False)

    def fresh(self) -> "ProgrammeFrames":
        """The same frames without any of the work done on them."""
        return replace(self)

    def with_source(self, source: "FrameSource | None") -> "ProgrammeFrames":
        """The same frames, asking ``source`` for what it can work out."""
        return replace(self, source=source)

    @classmethod
    def empty(cls) -> "ProgrammeFrames":
        return cls(**{name: pd.DataFrame(columns=columns) for name, columns in COLUMNS.items()})

    def quarters(self) -> list[str]:
        """The quarters for which any version is in force, oldest first."""
        if "quarters" not in self._parts:
            self._parts["quarters"] = sorted(set(self.once(reported_returns)["quarter"]))
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
        figures share (read-only: copy before changing). The frames' source works it out where it can."""
        key = (function, tuple(tuple(arg) if isinstance(arg, list) else arg for arg in args))
        if key not in self._parts:
            answer = NOT_ANSWERED if self.source is None else self.source.answer(function, args)
            self._parts[key] = function(self, *args) if answer is NOT_ANSWERED else answer
        return self._parts[key]

    def has_rows(self, name: str) -> bool:
        """Whether frame ``name`` holds any row (without reading it, where the source can tell)."""
        return bool(self.once(frame_has_rows, name))

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
                site_id: set(quarters)
                for site_id, quarters in self.once(reported_returns).groupby("site_id")["quarter"].unique().items()}
        return sites_missing(self._parts["reported_quarters"], site_ids, quarter)

    def complete_quarters(self, site_ids) -> list[str]:
        """The quarters every one of ``site_ids`` that reports has reported, oldest first."""
        return [quarter for quarter in self.quarters() if not self.sites_missing(site_ids, quarter)]

    def latest_quarter(self) -> str | None:
        quarters = self.quarters()
        return quarters[-1] if quarters else None


def reported_returns(frames: ProgrammeFrames) -> pd.DataFrame:
    """(site_id, quarter) of every return in force with persons in it, in that order."""
    persons = frames.persons
    return persons[["site_id", "quarter"]].drop_duplicates().sort_values(["site_id", "quarter"]) \
        .reset_index(drop=True)


def frame_has_rows(frames: ProgrammeFrames, name: str) -> bool:
    return not getattr(frames, name).empty


def filter_frames(
    frames: ProgrammeFrames,
    site_ids: list[int] | None = None,
    target_groups: list[str] | None = None,
) -> ProgrammeFrames:
    """Limit every frame to the chosen sites and target groups (None: no limit); a frame not read stays so (its
    source is limited alike)."""
    changes: dict[str, pd.DataFrame | NotRead] = {}
    limits_unread = False  # a frame not read is limited by its source
    for frame_field in fields(frames):
        if not frame_field.init or frame_field.name == "source":
            continue
        name = frame_field.name
        held = getattr(frames, name)
        keep = _keeper(name, site_ids, target_groups)
        limits_unread |= keep is not None and isinstance(held, NotRead)
        changes[name] = held if keep is None or isinstance(held, NotRead) else keep(held)
    if site_ids is not None:
        targets = frames.project_targets
        changes["project_targets"] = _rows_where(targets, targets["project_id"].isin(changes["sites"]["project_id"]))
    if not limits_unread and all(frame is getattr(frames, name) for name, frame in changes.items()):
        return frames  # nothing left out: keep the parts already made
    source = frames.source.narrowed(site_ids, target_groups) if frames.source is not None else None
    return replace(frames, **changes, source=source)


def _keeper(name: str, site_ids: list[int] | None,
            target_groups: list[str] | None) -> Callable[[pd.DataFrame], pd.DataFrame] | None:
    """How frame ``name`` is limited to these sites and target groups; None: it is not."""
    by_site = site_ids is not None and name in SITE_LEVEL
    by_group = target_groups is not None and name in PERSON_LEVEL
    if not by_site and not by_group:
        return None

    def keep(frame: pd.DataFrame) -> pd.DataFrame:
        if by_site:
            frame = _rows_where(frame, frame["site_id"].isin(site_ids))
        if by_group:
            frame = _rows_where(frame, frame["target_group"].isin(target_groups))
        return frame

    return keep


def _rows_where(frame: pd.DataFrame, keep: pd.Series) -> pd.DataFrame:
    """``frame[keep]``, but the frame itself when every row is kept (a filter copies every column)."""
    return frame if keep.all() else frame[keep]
