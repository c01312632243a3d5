"""Småjobs in detail: which jobs, in which companies, with which contact person, and where they lead.

A småjob (a few hours a week in an ordinary company) is reported in the sheet Småjob each quarter it lasts:
the job type, the company (a pseudonymous key), its size band and the fixed contact person. Its hours come
from the status sheet ("Timer pr. uge"), so they are typed once. Where it leads:

* *more hours*: the latest hours reported with the småjob are above the first;
* *to ordinary work*: a later status in a job category without hours (an ordinary job, not another småjob,
  fleksjob or fritidsjob).
"""

import pandas as pd

from metrics.counting import mean_of, per_quarter_counts
from metrics.frames import ProgrammeFrames

PERSON = ["site_id", "person_key"]
COMPANY = ["site_id", "company_key"]


def _hours(frames: ProgrammeFrames) -> pd.DataFrame:
    return frames.statuses[[*PERSON, "quarter", "hours_per_week"]]


def small_job_people(frames: ProgrammeFrames, quarter: str) -> pd.DataFrame:
    """Per person with a småjob reported up to ``quarter`` (read-only): the latest job type, company size and
    contact person, first and latest hours, whether in a småjob in ``quarter``, more hours, to ordinary work."""
    return frames.once(_small_job_people, quarter)


def _small_job_people(frames: ProgrammeFrames, quarter: str) -> pd.DataFrame:
    rows = frames.small_jobs[frames.small_jobs["quarter"] <= quarter].merge(_hours(frames), on=[*PERSON, "quarter"],
                                                                           how="left")
    rows = rows.sort_values("quarter", kind="stable")
    people = rows.groupby(PERSON, sort=False).agg(
        target_group=("target_group", "last"), job_type=("job_type", "last"), company_size=("company_size", "last"),
        contact=("contact_staff_key", "last"), first_quarter=("quarter", "first"), latest_quarter=("quarter", "last"),
        first_hours=("hours_per_week", "first"), latest_hours=("hours_per_week", "last")).reset_index()
    people["now"] = people["latest_quarter"] == quarter
    people["more_hours"] = people["latest_hours"] > people["first_hours"]  # False where either is unknown
    categories = frames.categories
    ordinary = set(categories.loc[(categories["group_code"] == "job") & ~categories["has_hours"].astype(bool),
                                  "category_code"])
    later = frames.statuses[(frames.statuses["quarter"] <= quarter)
                            & frames.statuses["category_code"].isin(ordinary)][[*PERSON, "quarter"]]
    later = later.merge(people[[*PERSON, "first_quarter"]], on=PERSON)
    moved = set(map(tuple, later.loc[later["quarter"] > later["first_quarter"], PERSON].to_numpy()))
    people["to_ordinary"] = [key in moved for key in zip(people["site_id"], people["person_key"], strict=True)]
    return people


def small_job_summary(people: pd.DataFrame) -> dict[str, float | int | None]:
    """'70 i småjob, 5-15 timer; 12 har fået flere timer; 4 er gået til ordinært job', as counts."""
    now = people[people["now"]]
    hours = now["latest_hours"].dropna()
    return {
        "now": len(now),
        "ever": len(people),
        "hours_low": float(hours.min()) if len(hours) else None,
        "hours_high": float(hours.max()) if len(hours) else None,
        "with_two_hours": int((people["first_hours"].notna() & people["latest_hours"].notna()).sum()),
        "more_hours": int(people["more_hours"].sum()),
        "to_ordinary": int(people["to_ordinary"].sum()),
    }


def small_job_summary_in(frames: ProgrammeFrames, quarter: str) -> dict[str, float | int | None]:
    """``small_job_summary`` of everybody with a småjob reported up to ``quarter``."""
    return small_job_summary(small_job_people(frames, quarter))


def small_jobs_now_by(frames: ProgrammeFrames, quarter: str, column: str) -> pd.DataFrame:
    """Persons in a småjob in ``quarter`` per job type or company size band (``column``), by its code."""
    people = small_job_people(frames, quarter)
    return people[people["now"]].groupby(column).size().rename("persons").reset_index()


def companies(frames: ProgrammeFrames, quarter: str) -> dict[str, int]:
    """Companies with a småjob in ``quarter``, of them new (their first småjob in this quarter), and by how
    many citizens: companies are counted, never named (a company is a pseudonymous key per site)."""
    rows = frames.small_jobs[frames.small_jobs["quarter"] <= quarter]
    first = rows.groupby(COMPANY)["quarter"].min()
    now = rows[rows["quarter"] == quarter]
    per_company = now.groupby(COMPANY)["person_key"].nunique()
    return {
        "companies": len(per_company),
        "new": int((first.reindex(per_company.index) == quarter).sum()),
        "one_citizen": int((per_company == 1).sum()),
        "several": int((per_company > 1).sum()),
    }


def hour_counts_by_quarter(frames: ProgrammeFrames, quarters: list[str]) -> pd.DataFrame:
    """Per quarter: persons in a småjob, how many of them with hours reported, and those hours added up."""
    rows = frames.small_jobs[frames.small_jobs["quarter"].isin(quarters)].merge(
        _hours(frames), on=[*PERSON, "quarter"], how="left")
    grouped = rows.groupby("quarter")
    return per_quarter_counts({
        "persons": grouped["person_key"].size(),
        "with_hours": grouped["hours_per_week"].count(),
        "total_hours": grouped["hours_per_week"].sum(),
    }, quarters, ["persons", "with_hours"])


def hours_by_quarter(frames: ProgrammeFrames, quarters: list[str]) -> pd.DataFrame:
    """Per quarter: persons in a småjob, how many of them with hours reported, and their mean hours a week."""
    counts = frames.once(hour_counts_by_quarter, quarters)
    mean = mean_of(counts["total_hours"], counts["with_hours"])
    return counts.assign(mean_hours=mean)[["quarter", "persons", "with_hours", "mean_hours"]]


def more_hours_persons(frames: ProgrammeFrames, quarter: str) -> tuple[int, int]:
    """Persons whose småjob has more hours now than at its start, out of those with hours at both."""
    summary = small_job_summary(small_job_people(frames, quarter))
    return summary["more_hours"], summary["with_two_hours"]


def to_ordinary_persons(frames: ProgrammeFrames, quarter: str) -> tuple[int, int]:
    """Persons who went from a småjob to ordinary work, out of everyone with a småjob so far."""
    summary = small_job_summary(small_job_people(frames, quarter))
    return summary["to_ordinary"], summary["ever"]
