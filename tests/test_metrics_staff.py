"""Staff combinations against hand-computed expectations."""

from dataclasses import replace

import pandas as pd
import pytest

from metrics.frames import COLUMNS, ProgrammeFrames
from metrics.staff import (
    caseload,
    caseload_bands,
    combination_outcomes,
    overall_family_share,
    pair_outcomes,
    pairs_standing_out,
    profession_matrix,
    staff_pairs,
    wilson_interval,
)

T, NA = pd.Timestamp, pd.NaT
Q = "2024Q2"


def frames() -> ProgrammeFrames:
    """F1: M1+M2 all along. F2: M1+M3, then M3 leaves and M2 joins (pairs M1+M3, M1+M2).
    F3: M2+M3 until before the quarter. A adult in F1 is in a job; B adult in F2 is in progress."""
    assignments = pd.DataFrame([
        (1, Q, "F1", "M1", T("2024-01-05"), NA),
        (1, Q, "F1", "M2", T("2024-01-05"), NA),
        (1, Q, "F2", "M1", T("2024-01-10"), NA),
        (1, Q, "F2", "M3", T("2024-01-10"), T("2024-03-01")),
        (1, Q, "F2", "M2", T("2024-03-01"), NA),
        (1, Q, "F3", "M2", T("2024-01-01"), T("2024-03-15")),
        (1, Q, "F3", "M3", T("2024-01-01"), T("2024-03-15")),
    ], columns=COLUMNS["assignments"])
    staff = pd.DataFrame([
        (1, Q, "M1", "job_consultant", "Jobcenter"),
        (1, Q, "M2", "family_counsellor", "Børn og Unge"),
        (1, Q, "M3", "job_consultant", "Jobcenter"),
    ], columns=COLUMNS["staff"])
    persons = pd.DataFrame([
        (1, Q, "A", "F1", "adult", "kontanthjaelp", T("2024-01-05"), NA),
        (1, Q, "B", "F2", "adult", "kontanthjaelp", T("2024-01-10"), NA),
    ], columns=COLUMNS["persons"])
    statuses = pd.DataFrame([
        (1, Q, "A", "adult", "small_job", "job", 10.0),
        (1, Q, "B", "adult", "in_progress", "in_progress", None),
    ], columns=COLUMNS["statuses"])
    return replace(ProgrammeFrames.empty(), assignments=assignments, staff=staff, persons=persons, statuses=statuses)


def test_pairs_are_overlapping_assignments():
    pairs = staff_pairs(frames(), Q).set_index(["family_key", "staff_a", "staff_b"])
    assert sorted(pairs.index) == [("F1", "M1", "M2"), ("F2", "M1", "M2"), ("F2", "M1", "M3"), ("F3", "M2", "M3")]
    assert bool(pairs.loc[("F1", "M1", "M2"), "in_quarter"])
    assert not bool(pairs.loc[("F2", "M1", "M3"), "in_quarter"])  # ended 01-03-2024, before Q2
    assert not bool(pairs.loc[("F3", "M2", "M3"), "in_quarter"])


def test_profession_matrix_counts_families_per_combination():
    matrix = profession_matrix(frames(), Q)
    # job+family: F1 (M1+M2), F2 (M1+M2), F3 (M3+M2) -> 3 families; job+job: F2 (M1+M3) -> 1.
    assert matrix.loc["job_consultant", "family_counsellor"] == 3
    assert matrix.loc["family_counsellor", "job_consultant"] == 3
    assert matrix.loc["job_consultant", "job_consultant"] == 1


def test_caseload_counts_families_in_the_quarter():
    load = caseload(frames(), Q).set_index("staff_key")["families"]
    assert load.to_dict() == {"M1": 2, "M2": 2, "M3": 0}


def test_caseload_bands_count_staff_by_families_and_leave_out_those_without():
    load = pd.DataFrame({"families": [0, 1, 4, 4, 5, 11, 0]})
    bands = caseload_bands(load, 5)
    # 1-4: three staff; 5-9: one; 10-14: one; nobody with none is counted.
    assert bands.to_dict("list") == {"low": [1, 5, 10], "high": [4, 9, 14], "staff": [3, 1, 1]}
    assert caseload_bands(pd.DataFrame({"families": [0, 0]}), 5).empty


def test_pair_outcomes_with_wilson_interval():
    outcomes = pair_outcomes(frames(), Q).set_index(["staff_a", "staff_b"])
    m1m2 = outcomes.loc[("M1", "M2")]
    assert (m1m2["families"], m1m2["with_job_or_education"]) == (2, 1)
    assert m1m2["share"] == 0.5
    assert (m1m2["low"], m1m2["high"]) == pytest.approx(wilson_interval(1, 2))
    assert overall_family_share(frames(), Q) == (1, 3)
    assert pairs_standing_out(outcomes, 1 / 3) == (0, 0)


def test_wilson_interval_known_values():
    assert wilson_interval(8, 10) == pytest.approx((0.4902, 0.9433), abs=1e-4)
    assert wilson_interval(0, 3) == pytest.approx((0.0, 0.5615), abs=1e-4)
    assert wilson_interval(0, 0) == (0.0, 1.0)


def test_combinations_pool_the_pairs_of_the_same_professions():
    combos = combination_outcomes(frames(), Q).set_index(["profession_a", "profession_b"])
    # family_counsellor + job_consultant: pairs M1+M2 (F1, F2) and M2+M3 (F3): 3 families, F1 in a job.
    mixed = combos.loc[("family_counsellor", "job_consultant")]
    assert (mixed["pairs"], mixed["families"], mixed["with_job_or_education"]) == (2, 3, 1)
    assert (mixed["low"], mixed["high"]) == pytest.approx(wilson_interval(1, 3))
    # job_consultant + job_consultant: M1+M3 with F2 only, who is in progress.
    same = combos.loc[("job_consultant", "job_consultant")]
    assert (same["pairs"], same["families"], same["with_job_or_education"]) == (1, 1, 0)

