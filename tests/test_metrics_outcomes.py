"""Outcome figures against hand-computed expectations."""

from dataclasses import replace

import pandas as pd

from metrics.frames import COLUMNS, ProgrammeFrames
from metrics.outcomes import (
    categories_by_quarter,
    completed_courses,
    follow_up_in_job_or_education,
    status_flow,
)
from metrics.small_jobs import small_job_hours

T = pd.Timestamp


def frames() -> ProgrammeFrames:
    statuses = pd.DataFrame([
        # A: in progress -> small job (8 h) -> small job (12 h)
        (1, "2024Q1", "A", "adult", "in_progress", "in_progress", None),
        (1, "2024Q2", "A", "adult", "small_job", "job", 8.0),
        (1, "2024Q3", "A", "adult", "small_job", "job", 12.0),
        # B: in progress -> company placement -> exit to ordinary job in 2024Q3
        (1, "2024Q1", "B", "adult", "in_progress", "in_progress", None),
        (1, "2024Q2", "B", "adult", "company_placement", "company", 20.0),
        (1, "2024Q3", "B", "adult", "company_placement", "company", 20.0),
        # C: education all along
        (1, "2024Q2", "C", "young", "ordinary_education", "education", None),
        (1, "2024Q3", "C", "young", "ordinary_education", "education", None),
        # D: small job from the start, 10 h
        (1, "2024Q3", "D", "adult", "small_job", "job", 10.0),
    ], columns=COLUMNS["statuses"])
    exits = pd.DataFrame([
        (1, "2024Q3", "B", "adult", "ordinary_job", "job", T("2024-09-01")),
        (1, "2024Q2", "E", "adult", "moved", "other_exit", T("2024-05-01")),
        (1, "2024Q3", "F", "adult", "disability_pension", "permanent_benefit", T("2024-08-01")),
    ], columns=COLUMNS["exits"])
    follow_ups = pd.DataFrame([
        (1, "2024Q3", "G", "adult", 6, "ordinary_job", "job", T("2024-08-15")),
        (1, "2024Q3", "H", "adult", 6, "in_progress", "in_progress", T("2024-08-20")),
        (1, "2024Q3", "I", "adult", 12, "ordinary_job", "job", T("2024-09-20")),
    ], columns=COLUMNS["follow_ups"])
    categories = pd.DataFrame([
        ("ordinary_job", "Ordinært job", "job", 1, False, True),
        ("small_job", "Småjob", "job", 2, True, True),
    ], columns=COLUMNS["categories"])
    return replace(ProgrammeFrames.empty(), statuses=statuses, exits=exits, follow_ups=follow_ups,
                   categories=categories)


def test_categories_of_a_group_per_quarter():
    table = categories_by_quarter(frames(), ["2024Q2", "2024Q3"], "job").set_index(["quarter", "category_code"])
    assert table.loc[("2024Q3", "small_job"), "persons"] == 2
    assert table.loc[("2024Q3", "ordinary_job"), "persons"] == 0
    assert table.loc[("2024Q2", "small_job"), "group_total"] == 1


def test_flow_from_first_status_to_latest_status_or_exit():
    flow = status_flow(frames(), "2024Q3").set_index(["from_group", "to_group"])["persons"].to_dict()
    # A: in progress -> job; B: in progress -> exit to job (the exit wins); C: education -> education; D: job -> job
    assert flow == {("in_progress", "job"): 2, ("education", "education"): 1, ("job", "job"): 1}


def test_completed_courses_split_like_viborg():
    courses = completed_courses(frames(), "2024Q3").set_index("key")
    assert courses["persons"].to_dict() == {"job": 1, "education": 0, "pension": 1, "other": 1}
    assert (courses["total"] == 3).all()
    assert courses.loc["job", "share"] == 1 / 3
    assert completed_courses(frames(), "2024Q2").set_index("key")["persons"].to_dict() == {
        "job": 0, "education": 0, "pension": 0, "other": 1}


def test_follow_up_counts_only_the_six_month_follow_ups():
    assert follow_up_in_job_or_education(frames(), "2024Q3") == (1, 2)
    assert follow_up_in_job_or_education(frames(), "2024Q3", months=12) == (1, 1)


def test_small_job_hours_now_and_at_start():
    hours = small_job_hours(frames(), "2024Q3").set_index("person_key")
    assert hours.loc["A", ["hours_now", "hours_at_start", "change"]].tolist() == [12, 8, 4]
    # D's småjob began this quarter: no start to compare with, so neither more nor the same hours.
    assert hours.loc["D", "hours_now"] == 10 and pd.isna(hours.loc["D", "hours_at_start"])
    assert pd.isna(hours.loc["D", "change"])
