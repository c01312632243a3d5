"""Småjobs in detail: which jobs, in which companies, with which contact person, and where they lead.

A småjob (a few hours a week in an ordinary company) is reported in the sheet Småjob each quarter it lasts:
the job type, the company (a pseudonymous key), its size band and the fixed contact person. Its hours come
from the status sheet ("Timer pr. uge"), so they are typed once. Where it leads:

* *more hours*: of the persons in a småjob at the quarter's end whose småjob began in an earlier quarter, with
  hours reported both in that first quarter and now, those who work more hours now (one definition for the
  pages, the slides and the indicator; a småjob that began this quarter has no start to compare with);
* *to ordinary work*: a later status in a job category without hours (an ordinary job, not another småjob,
  fleksjob or fritidsjob).
"""

import pandas as pd

from metrics.counting import counted_rows, mean_of, per_quarter_counts
from metrics.frames import ProgrammeFrames

PERSON = ["site_id", "person_key"]
COMPANY = ["site_id", "company_key"]
SMALL_JOB = "small_job"  # the standard category whose hours a småjob is followed by


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
        latest_hours=("hours_per_week", "last")).reset_index()
    people["now"] = people["latest_quarter"] == quarter
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
    """'70 i småjob, 5-15 timer; 4 er gået til ordinært job', as counts (more hours: ``more_hours_persons``)."""
    now = people[people["now"]]
    hours = now["latest_hours"].dropna()
    return {
        "now": len(now),
        "ever": len(people),
        "hours_low": float(hours.min()) if len(hours) else None,
        "hours_high": float(hours.max()) if len(hours) else None,
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


def small_job_hours(frames: ProgrammeFrames, quarter: str) -> pd.DataFrame:
    """Per person in a småjob at the quarter's end with hours reported: hours now, hours in the småjob's first
    quarter (NaN where it began this quarter or had no hours then) and the change."""
    statuses = frames.statuses
    small = statuses[(statuses["category_code"] == SMALL_JOB) & (statuses["quarter"] <= quarter)]
    now = small[small["quarter"] == quarter].dropna(subset=["hours_per_week"]).set_index(PERSON)["hours_per_week"]
    first = small.sort_values("quarter", kind="stable").groupby(PERSON)[["quarter", "hours_per_week"]].first()
    first = first.reindex(now.index)
    at_start = first["hours_per_week"].where(first["quarter"] < quarter)
    result = pd.DataFrame({"hours_now": now, "hours_at_start": at_start})
    result["change"] = result["hours_now"] - result["hours_at_start"]
    return result.reset_index()


def small_job_hour_counts(frames: ProgrammeFrames, quarter: str) -> pd.DataFrame:
    """``small_job_hours`` counted by the hours now, whether they can be compared with the start (``compared``)
    and whether they are more (``grown``)."""
    hours = small_job_hours(frames, quarter)
    hours = hours.assign(compared=hours["change"].notna(), grown=hours["change"] > 0)
    return counted_rows(hours, ["hours_now", "compared", "grown"])


def more_hours_persons(frames: ProgrammeFrames, quarter: str) -> tuple[int, int]:
    """Persons in a småjob who work more hours now than at its start, out of those whose hours can be compared."""
    counts = small_job_hour_counts(frames, quarter)
    return int(counts.loc[counts["grown"], "persons"].sum()), int(counts.loc[counts["compared"], "persons"].sum())


def to_ordinary_persons(frames: ProgrammeFrames, quarter: str) -> tuple[int, int]:
    """Persons who went from a småjob to ordinary work, out of everyone with a småjob so far."""
    summary = small_job_summary(small_job_people(frames, quarter))
    return summary["to_ordinary"], summary["ever"]
