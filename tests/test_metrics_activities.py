"""The team's activities and the småjobs in detail, on small frames counted by hand."""

from dataclasses import replace

import pandas as pd
import pytest

from metrics.activities import activities_by_quarter, activity_alerts, new_companies_since_start
from metrics.changes import marked_changes
from metrics.frames import COLUMNS, ProgrammeFrames
from metrics.registry import INDICATORS
from metrics.small_jobs import (
    companies,
    hours_by_quarter,
    more_hours_persons,
    small_job_people,
    small_job_summary,
    small_jobs_now_by,
)

T = pd.Timestamp


def activity_frames() -> ProgrammeFrames:
    rows = [
        (1, "2025Q1", 100, 10, 20, 40, 4, 10, 5, 2),
        # Site 1 in 2025 K2: four group sessions instead of ten and 28 company contacts instead of 40.
        (1, "2025Q2", 110, 4, 20, 28, 2, 10, 5, 2),
        # Site 2 starts reporting in 2025 K2: no rise, since it has no quarter before.
        (2, "2025Q2", 50, 6, 9, 30, 3, 8, 1, None),
    ]
    return replace(ProgrammeFrames.empty(), activities=pd.DataFrame(rows, columns=COLUMNS["activities"]))


def test_activities_add_up_per_quarter_and_a_quarter_without_reports_is_zero():
    table = activities_by_quarter(activity_frames(), ["2025Q1", "2025Q2", "2025Q3"]).set_index("quarter")
    assert table.loc["2025Q2", ["individual_conversations", "company_contacts", "company_mentors", "sites"]].tolist() \
        == [160, 58, 2, 2]
    assert table.loc["2025Q3"].sum() == 0
    assert new_companies_since_start(activity_frames(), "2025Q2") == 9
    assert INDICATORS["new_companies_total"].value_in(activity_frames(), "2025Q1").value == 4


def test_marked_changes_are_the_outcome_alerts_rule_and_count_only_sites_with_both_quarters():
    alerts = activity_alerts(activity_frames(), "2025Q2")
    # 40 -> 28 and 10 -> 4 moved by a quarter or more and by three or more; 100 -> 110 and 4 -> 2 did not.
    assert alerts[["measure", "before", "now", "change"]].values.tolist() == [
        ["company_contacts", 40, 28, -12], ["group_sessions", 10, 4, -6]]
    assert alerts["label"].tolist() == ["Virksomhedskontakter", "Holdgange"]
    rule = marked_changes(pd.Series({"a": 12, "b": 2, "c": 4}), pd.Series({"a": 9, "b": 5, "c": 5}))
    assert rule.index.tolist() == ["a", "b"]  # -3 of 12 (25 %), +3 of 2; +1 is too few


def status(quarter, person, category, hours=None):
    return (1, quarter, person, "adult", category, "job", hours)


def small_job(quarter, person, job_type, company, size, contact):
    return (1, quarter, person, "adult", job_type, company, size, contact, T("2025-01-15"))


def small_job_frames() -> ProgrammeFrames:
    statuses = [
        # A: 8 then 12 hours, then an ordinary job.
        status("2025Q1", "A", "small_job", 8.0), status("2025Q2", "A", "small_job", 12.0),
        status("2025Q3", "A", "ordinary_job"),
        # B: 10 hours throughout; C: a småjob without hours reported.
        status("2025Q2", "B", "small_job", 10.0), status("2025Q3", "B", "small_job", 10.0),
        status("2025Q3", "C", "small_job"),
    ]
    jobs = [
        small_job("2025Q1", "A", "cleaning", "V1", "micro", "M1"),
        small_job("2025Q2", "A", "cleaning", "V1", "micro", "M1"),
        small_job("2025Q2", "B", "warehouse", "V2", "small", "M2"),
        small_job("2025Q3", "B", "warehouse", "V2", "small", "M2"),
        small_job("2025Q3", "C", "cleaning", "V1", "micro", "M1"),
    ]
    categories = pd.DataFrame([("ordinary_job", "Ordinært job", "job", 1, False, True),
                               ("small_job", "Småjob", "job", 2, True, True)], columns=COLUMNS["categories"])
    return replace(ProgrammeFrames.empty(), statuses=pd.DataFrame(statuses, columns=COLUMNS["statuses"]),
                   small_jobs=pd.DataFrame(jobs, columns=COLUMNS["small_jobs"]), categories=categories)


def test_smaajob_hours_growth_and_the_way_to_ordinary_work():
    frames = small_job_frames()
    people = small_job_people(frames, "2025Q3").set_index("person_key")
    assert people.loc["A", ["now", "latest_hours", "to_ordinary"]].tolist() == [False, 12.0, True]
    assert people.loc["B", ["now", "to_ordinary"]].tolist() == [True, False]
    assert small_job_summary(small_job_people(frames, "2025Q3")) == {
        "now": 2, "ever": 3, "hours_low": 10.0, "hours_high": 10.0, "to_ordinary": 1}
    # More hours: of those in a småjob now whose småjob began earlier, with hours then and now. In 2025 K3 only
    # B (10 -> 10) can be compared: A has left for an ordinary job, C has no hours.
    assert more_hours_persons(frames, "2025Q3") == (0, 1)
    # In 2025 K2 A works 12 hours against 8 at the start; B's småjob began that quarter: nothing to compare.
    assert more_hours_persons(frames, "2025Q2") == (1, 1)
    by_type = small_jobs_now_by(frames, "2025Q3", "job_type")
    assert dict(zip(by_type["job_type"], by_type["persons"], strict=True)) == {"cleaning": 1, "warehouse": 1}
    more = INDICATORS["small_job_more_hours"].value_in(frames, "2025Q3")
    ordinary = INDICATORS["small_job_to_ordinary"].value_in(frames, "2025Q3")
    assert (more.value, more.denominator, ordinary.value, ordinary.denominator) == (0, 1, 1, 3)
    # In 2025 K2 A had not yet gone to an ordinary job.
    assert small_job_summary(small_job_people(frames, "2025Q2"))["to_ordinary"] == 0


def test_companies_are_counted_never_named_and_hours_per_quarter_carry_their_n():
    frames = small_job_frames()
    assert companies(frames, "2025Q2") == {"companies": 2, "new": 1, "one_citizen": 2, "several": 0}
    assert companies(frames, "2025Q3") == {"companies": 2, "new": 0, "one_citizen": 2, "several": 0}
    hours = hours_by_quarter(frames, ["2025Q1", "2025Q2", "2025Q3"]).set_index("quarter")
    assert hours[["persons", "with_hours"]].values.tolist() == [[1, 1], [2, 2], [2, 1]]
    assert hours["mean_hours"].tolist() == pytest.approx([8.0, 11.0, 10.0])
