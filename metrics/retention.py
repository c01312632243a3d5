"""Staying in the job (fastholdelse): of those who started a job, how many are in a job 3, 6 and 12 months on.

Which categories are a job (ordinary job, småjob, fleksjob, ...) is a category setting (``is_job_start``),
not code. What is known of a person at a quarter's end: the status reported for that quarter, an exit
in it and a follow-up registered in it; the person is in a job there if any of them is in a job category.

* A person's *job start* is the first quarter in which they are known to be in a job.
* *In job after m months*: in a job at the end of the quarter m/3 quarters after the job start. It is a
  point in time, as jobindsats measures it: a job lost and found again in between still counts.
* A person is *due* at m months once that quarter has ended (up to the quarter shown); of those, the ones
  nothing is known about then (no status, exit or follow-up in that quarter) are told apart, not counted
  as out of job. The share is of those whose status is known.
"""

import numpy as np
import pandas as pd

from metrics.frames import ProgrammeFrames
from metrics.quarters import quarter_number, quarter_of, quarter_of_number

PERSON = ["site_id", "person_key"]
RETENTION_MONTHS = (3, 6, 12)
HEADLINE_MONTHS = 6


def job_categories(frames: ProgrammeFrames) -> frozenset[str]:
    categories = frames.categories
    return frozenset(categories.loc[categories["is_job_start"].astype(bool), "category_code"])


def _quarter_numbers(quarters: pd.Series) -> np.ndarray:
    """Quarters as consecutive numbers, so that "two quarters later" is + 2 (each distinct text parsed once)."""
    codes, distinct = pd.factorize(quarters)
    return np.array([quarter_number(quarter) for quarter in distinct], dtype=np.int64)[codes] if len(distinct) \
        else np.zeros(len(quarters), dtype=np.int64)


def _quarters_of(days: pd.Series) -> pd.Series:
    return days.map(lambda day: quarter_of(day.date()) if pd.notna(day) else None)


def _observations(frames: ProgrammeFrames) -> pd.DataFrame:
    """What is known of each person at each quarter's end: (site, person, quarter number ``at``, in job), with
    the quarter of the return that told it (a later return may tell of an earlier quarter)."""
    jobs = job_categories(frames)
    statuses = frames.statuses.assign(at=frames.statuses["quarter"])
    exits = frames.exits.assign(at=_quarters_of(frames.exits["exit_on"]))
    follow_ups = frames.follow_ups.assign(at=_quarters_of(frames.follow_ups["observed_on"]))
    columns = [*PERSON, "target_group", "quarter", "at", "category_code"]
    known = pd.concat([frame[columns] for frame in (statuses, exits, follow_ups)], ignore_index=True)
    known["in_job"] = known["category_code"].isin(jobs)
    known["at"] = _quarter_numbers(known["at"])
    return known[[*PERSON, "target_group", "quarter", "at", "in_job"]]


def observations(frames: ProgrammeFrames) -> pd.DataFrame:
    return frames.once(_observations)


def _known_by(frames: ProgrammeFrames, quarter: str) -> pd.DataFrame:
    known = observations(frames)
    return known[known["quarter"] <= quarter]


def known_by(frames: ProgrammeFrames, quarter: str) -> pd.DataFrame:
    """What the returns up to ``quarter`` told (read-only; the job starts and the retention share it)."""
    return frames.once(_known_by, quarter)


def _job_starts(frames: ProgrammeFrames, quarter: str) -> pd.DataFrame:
    known = known_by(frames, quarter)
    starts = known[known["in_job"]].groupby(PERSON, sort=False).agg(
        start_number=("at", "min"), target_group=("target_group", "last")).reset_index()
    starts["start"] = [quarter_of_number(number) for number in starts["start_number"]]
    return starts


def job_starts(frames: ProgrammeFrames, quarter: str) -> pd.DataFrame:
    """Each person with a job start known by ``quarter``: site_id, person_key, target_group, start (quarter)."""
    return frames.once(_job_starts, quarter)


def _retention_by_person(frames: ProgrammeFrames, quarter: str) -> pd.DataFrame:
    in_job_at = known_by(frames, quarter).groupby([*PERSON, "at"], sort=False)["in_job"].any().rename("found")
    starts = job_starts(frames, quarter)
    rows = starts[[*PERSON, "target_group", "start"]].copy()
    now = quarter_number(quarter)
    for months in RETENTION_MONTHS:
        at = starts["start_number"].to_numpy() + months // 3
        wanted = pd.MultiIndex.from_arrays([starts["site_id"], starts["person_key"], at], names=[*PERSON, "at"])
        found = in_job_at.reindex(wanted).to_numpy()
        due = at <= now
        rows[f"due_{months}"] = due
        # True: in a job; False: known and not in a job; None: not due, or nothing known then.
        rows[f"in_job_{months}"] = pd.Series(
            [bool(value) if is_due and value == value else None for value, is_due in zip(found, due, strict=True)],
            index=rows.index, dtype="object")
    return rows


def retention_by_person(frames: ProgrammeFrames, quarter: str) -> pd.DataFrame:
    """Per person with a job start: whether they are due and in a job at 3, 6 and 12 months (read-only)."""
    return frames.once(_retention_by_person, quarter)


def retention_curve(people: pd.DataFrame) -> pd.DataFrame:
    """Per number of months: persons due, those whose status is known, of them in a job, and unknown."""
    rows = []
    for months in RETENTION_MONTHS:
        due = people[people[f"due_{months}"]]
        status = due[f"in_job_{months}"]
        known = int(status.notna().sum())
        rows.append({"months": months, "due": len(due), "known": known,
                     "in_job": int((status == True).sum()),  # noqa: E712 (None must not count)
                     "unknown": len(due) - known})
    return pd.DataFrame(rows, columns=["months", "due", "known", "in_job", "unknown"])


def retention_curve_in(frames: ProgrammeFrames, quarter: str) -> pd.DataFrame:
    """``retention_curve`` of everybody with a job start known by ``quarter``."""
    return retention_curve(retention_by_person(frames, quarter))


def retained_persons(frames: ProgrammeFrames, quarter: str, months: int = HEADLINE_MONTHS) -> tuple[int, int]:
    """Persons in a job ``months`` after their job start, out of those due whose status then is known."""
    curve = frames.once(retention_curve_in, quarter).set_index("months")
    return int(curve.loc[months, "in_job"]), int(curve.loc[months, "known"])


def aftercare_by_person(frames: ProgrammeFrames, quarter: str) -> pd.DataFrame:
    """Per person with a job start: aftercare contacts in the quarters from the job start up to ``quarter``,
    and whether they are in a job after six months (as in ``retention_by_person``)."""
    people = retention_by_person(frames, quarter)
    contacts = frames.aftercare[frames.aftercare["quarter"] <= quarter].merge(
        people[[*PERSON, "start"]], on=PERSON)
    # (Without any job start, ``start`` has no text type to compare with.)
    after_start = contacts[contacts["quarter"] >= contacts["start"]] if len(contacts) else contacts
    after_start = after_start.groupby(PERSON)["contacts"].sum()
    result = people[[*PERSON, "target_group", "start", f"due_{HEADLINE_MONTHS}", f"in_job_{HEADLINE_MONTHS}"]].copy()
    result["contacts"] = [int(after_start.get((site, person), 0))
                          for site, person in zip(result["site_id"], result["person_key"], strict=True)]
    return result


def aftercare_summary_in(frames: ProgrammeFrames, quarter: str) -> dict[str, int]:
    """``aftercare_summary`` of everybody with a job start known by ``quarter``."""
    return aftercare_summary(aftercare_by_person(frames, quarter))


def aftercare_summary(people: pd.DataFrame) -> dict[str, int]:
    """Job starters, those with aftercare, the contacts, and six-month retention with and without aftercare."""
    with_aftercare = people["contacts"] > 0
    status = people[f"in_job_{HEADLINE_MONTHS}"]
    known = status.notna()
    return {
        "starters": len(people),
        "with_aftercare": int(with_aftercare.sum()),
        "contacts": int(people["contacts"].sum()),
        "known_with": int((known & with_aftercare).sum()),
        "in_job_with": int(((status == True) & with_aftercare).sum()),  # noqa: E712
        "known_without": int((known & ~with_aftercare).sum()),
        "in_job_without": int(((status == True) & ~with_aftercare).sum()),  # noqa: E712
    }
