"""Outcomes (resultater): what has happened to the people, by category, over time and after the course."""

import pandas as pd

from metrics.frames import ProgrammeFrames
from metrics.indicators import status_counts
from metrics.vocabulary import JOB_OR_EDUCATION_GROUPS

# How completed courses are split, as in the Viborg evaluation.
COMPLETION_SPLIT: dict[str, tuple[str, tuple[str, ...]]] = {
    "job": ("Job på ordinære eller særlige vilkår", ("job",)),
    "education": ("Revalidering, uddannelse eller STU", ("education",)),
    "pension": ("Førtidspension", ("permanent_benefit",)),
    "other": ("Andre afslutninger (fraflyttet, mistet ydelse, afsoner, død, udtrådt m.m.)",
              ("other_exit", "company", "clarification", "in_progress")),
}


def categories_by_quarter(frames: ProgrammeFrames, quarters: list[str], group: str) -> pd.DataFrame:
    """Persons per category of one group per quarter (the drill-down below the group chart)."""
    categories = frames.categories[frames.categories["group_code"] == group]
    statuses = frames.once(status_counts)
    statuses = statuses[statuses["quarter"].isin(quarters) & (statuses["group_code"] == group)]
    grid = pd.MultiIndex.from_product([quarters, categories["category_code"].tolist()],
                                      names=["quarter", "category_code"])
    counts = statuses.groupby(["quarter", "category_code"])["persons"].sum().reindex(grid, fill_value=0)
    result = counts.rename("persons").reset_index()
    result["group_total"] = result.groupby("quarter")["persons"].transform("sum")
    return result


def status_flow(frames: ProgrammeFrames, quarter: str) -> pd.DataFrame:
    """Persons by category group at entry (first status) and now (latest status or exit, up to the quarter)."""
    statuses = frames.statuses[frames.statuses["quarter"] <= quarter]
    exits = frames.exits[frames.exits["quarter"] <= quarter]
    keys = ["site_id", "person_key"]
    first = statuses.sort_values("quarter").groupby(keys)["group_code"].first().rename("from_group")
    latest_status = statuses.sort_values("quarter").groupby(keys)[["quarter", "group_code"]].last()
    latest_exit = exits.sort_values("quarter").groupby(keys)[["quarter", "group_code"]].last()
    # An exit ends the course: it wins over any status from its quarter.
    latest = pd.concat([latest_status.assign(order=0), latest_exit.assign(order=1)]).reset_index()
    latest = latest.sort_values(["quarter", "order"]).groupby(keys).last()["group_code"].rename("to_group")
    flow = pd.concat([first, latest], axis=1).dropna()
    return flow.groupby(["from_group", "to_group"]).size().rename("persons").reset_index()


def completed_courses(frames: ProgrammeFrames, quarter: str) -> pd.DataFrame:
    """Courses ended up to the quarter, split as in the Viborg figures, with counts and shares."""
    exits = frames.exits[frames.exits["quarter"] <= quarter]
    rows = []
    for key, (label, groups) in COMPLETION_SPLIT.items():
        rows.append({"key": key, "label": label, "persons": int(exits["group_code"].isin(groups).sum())})
    return with_completion_shares(pd.DataFrame(rows).assign(total=len(exits)))


def with_completion_shares(courses: pd.DataFrame) -> pd.DataFrame:
    """The completed courses with each split's share of all (0 without any)."""
    total = courses["total"]
    return courses.assign(share=(courses["persons"] / total.where(total > 0)).fillna(0.0))


def follow_up_in_job_or_education(frames: ProgrammeFrames, quarter: str, months: int = 6) -> tuple[int, int]:
    """(persons in job or education at the follow-up, persons followed up), up to the quarter."""
    follow_ups = frames.follow_ups[(frames.follow_ups["quarter"] <= quarter)
                                   & (frames.follow_ups["months_after"] == months)]
    return int(follow_ups["group_code"].isin(JOB_OR_EDUCATION_GROUPS).sum()), len(follow_ups)
