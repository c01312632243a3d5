"""Progression and staying in the job, on small frames whose figures are counted by hand."""

from dataclasses import replace

import pandas as pd
import pytest

from metrics.frames import COLUMNS, ProgrammeFrames
from metrics.progression import (
    BANDS,
    ProgressionScale,
    bands_by_quarter,
    moved_closer_persons,
    progression_by_group,
    progression_pairs,
    progression_summary,
    scales_of,
)
from metrics.registry import INDICATORS, project_target_status
from metrics.retention import aftercare_by_person, aftercare_summary, retention_by_person, retention_curve

T = pd.Timestamp
DISTANCE = ProgressionScale("afstand", "Afstand til job (1-10)", 1, 10, True, 2)
BIP = ProgressionScale("bip", "BIP (1-5, lav er tæt på job)", 1, 5, False, 1, ("Helbred", "Motivation"))


def measurement(quarter, person, group, instrument, score, day, item=None):
    return (1, quarter, person, group, instrument, item, float(score), T(day))


def progression_frames() -> ProgrammeFrames:
    rows = [
        # P1: 3 -> 6 on the 1-10 scale: +3, a step of 2 or more closer.
        measurement("2025Q1", "P1", "adult", "afstand", 3, "2025-02-01"),
        measurement("2025Q3", "P1", "adult", "afstand", 6, "2025-08-01"),
        # P2: 5 -> 6 -> 4: first 5, latest 4, unchanged (a step is 2). Its first score is reported again.
        measurement("2025Q1", "P2", "adult", "afstand", 5, "2025-02-03"),
        measurement("2025Q2", "P2", "adult", "afstand", 5, "2025-02-03"),
        measurement("2025Q2", "P2", "adult", "afstand", 6, "2025-05-03"),
        measurement("2025Q3", "P2", "adult", "afstand", 4, "2025-08-03"),
        # P3: 8 -> 5: further from job.
        measurement("2025Q1", "P3", "young", "afstand", 8, "2025-02-05"),
        measurement("2025Q3", "P3", "young", "afstand", 5, "2025-08-05"),
        # P4: measured once only.
        measurement("2025Q1", "P4", "young", "afstand", 1, "2025-02-07"),
        # P5 on BIP, lower is closer, item by item: mean 4 -> mean 2,5 is 1,5 closer (a step is 1).
        measurement("2025Q1", "P5", "adult", "bip", 4, "2025-02-09", "Helbred"),
        measurement("2025Q1", "P5", "adult", "bip", 4, "2025-02-09", "Motivation"),
        measurement("2025Q3", "P5", "adult", "bip", 3, "2025-08-09", "Helbred"),
        measurement("2025Q3", "P5", "adult", "bip", 2, "2025-08-09", "Motivation"),
        # P1 on BIP too: mean 2,5 -> 3: half a point further, unchanged.
        measurement("2025Q1", "P1", "adult", "bip", 2, "2025-02-01", "Helbred"),
        measurement("2025Q1", "P1", "adult", "bip", 3, "2025-02-01", "Motivation"),
        measurement("2025Q2", "P1", "adult", "bip", 3, "2025-05-01", "Helbred"),
    ]
    scales = pd.DataFrame([(scale.code, scale.label, scale.minimum, scale.maximum, scale.higher_is_closer,
                            scale.meaningful_change, scale.items) for scale in (DISTANCE, BIP)],
                          columns=COLUMNS["progression_scales"])
    sites = pd.DataFrame([(1, "Nord", 1, "Projekt", "Kommune")], columns=COLUMNS["sites"])
    return replace(ProgrammeFrames.empty(), progression=pd.DataFrame(rows, columns=COLUMNS["progression"]),
                   progression_scales=scales, sites=sites)


def test_first_and_latest_score_give_the_move_towards_job_on_each_instruments_own_terms():
    frames = progression_frames()
    assert scales_of(frames) == {"afstand": DISTANCE, "bip": BIP}
    pairs = progression_pairs(frames, "2025Q3").set_index(["person_key", "instrument"])
    assert pairs["move"].to_dict() == {("P1", "afstand"): "closer", ("P2", "afstand"): "unchanged",
                                       ("P3", "afstand"): "further", ("P5", "bip"): "closer",
                                       ("P1", "bip"): "unchanged"}
    assert pairs.loc[("P5", "bip"), ["first", "latest", "change", "towards_job"]].tolist() == [4, 2.5, -1.5, 1.5]
    assert pairs.loc[("P2", "afstand"), "measurements"] == 3  # the score reported twice counts once


def test_summary_group_table_and_the_figure_a_delmaal_counts():
    frames = progression_frames()
    summary = progression_summary(progression_pairs(frames, "2025Q3", "afstand"))
    assert summary["n"] == 3 and (summary["closer"], summary["unchanged"], summary["further"]) == (1, 1, 1)
    assert summary["mean_first"] == pytest.approx(16 / 3) and summary["mean_latest"] == pytest.approx(5)
    assert summary["mean_towards_job"] == pytest.approx(-1 / 3)
    groups = progression_by_group(progression_pairs(frames, "2025Q3", "afstand"), "target_group").set_index(
        "target_group")
    assert groups.loc["adult", ["n", "closer", "unchanged", "further"]].tolist() == [2, 1, 1, 0]
    assert groups.loc["young", ["n", "closer", "further"]].tolist() == [1, 0, 1]
    # Closer on at least one instrument: P1 and P5, of P1, P2, P3 and P5 with two scores.
    assert moved_closer_persons(frames, "2025Q3") == (2, 4)
    value = INDICATORS["progression_closer"].value_in(frames, "2025Q3")
    assert (value.value, value.denominator) == (2, 4)
    # Up to 2025 K2 only P2 (5 -> 6) and P1 on BIP have two scores: nobody has moved a step yet.
    assert moved_closer_persons(frames, "2025Q2") == (0, 2)


def test_scores_fall_in_thirds_of_the_scale_counted_from_far_from_job():
    assert [DISTANCE.band(score) for score in (1, 3.9, 4, 6.9, 7, 10)] == \
        ["Langt fra job", "Langt fra job", "På vej", "På vej", "Tæt på job", "Tæt på job"]
    assert [BIP.band(score) for score in (5, 4, 2.5, 1)] == ["Langt fra job", "Langt fra job", "På vej", "Tæt på job"]
    table = bands_by_quarter(progression_frames(), DISTANCE, ["2025Q1", "2025Q3"]).set_index(["quarter", "band"])
    assert table.loc["2025Q1", "persons"].tolist() == [2, 1, 1]  # P1 3 and P4 1; P2 5; P3 8
    assert table.loc["2025Q3", "persons"].tolist() == [0, 3, 0]  # 6, 4 and 5
    assert table.loc["2025Q1", "n"].tolist() == [4] * len(BANDS)


def status(quarter, person, category):
    return (1, quarter, person, "adult", category, "job" if category.endswith("job") else "in_progress", None)


def retention_frames() -> ProgrammeFrames:
    statuses = [
        # A: a småjob from 2024 K2; in it at 3 months, out at 6, in an ordinary job at 12.
        status("2024Q1", "A", "in_progress"), status("2024Q2", "A", "small_job"), status("2024Q3", "A", "small_job"),
        status("2024Q4", "A", "in_progress"), status("2025Q1", "A", "in_progress"),
        status("2025Q2", "A", "ordinary_job"),
        # B: in a job from the first status (2024 K3), leaves the project for it; follow-ups after 3 and 6 months.
        status("2024Q3", "B", "ordinary_job"),
        # C: a småjob from 2025 K1, and nothing known after.
        status("2024Q4", "C", "company_placement"), status("2025Q1", "C", "small_job"),
        # D: never in a job.
        status("2024Q3", "D", "in_progress"), status("2025Q2", "D", "in_progress"),
    ]
    exits = [(1, "2024Q3", "B", "adult", "ordinary_job", "job", T("2024-09-15"))]
    follow_ups = [(1, "2024Q4", "B", "adult", 3, "ordinary_job", "job", T("2024-12-15")),
                  (1, "2025Q1", "B", "adult", 6, "in_progress", "in_progress", T("2025-03-15"))]
    categories = pd.DataFrame([("ordinary_job", "Ordinært job", "job", 1, False, True),
                               ("small_job", "Småjob", "job", 2, True, True),
                               ("company_placement", "Virksomhedspraktik", "company", 3, True, False),
                               ("in_progress", "I forløb", "in_progress", 4, False, False)],
                              columns=COLUMNS["categories"])
    aftercare = [(1, "2024Q2", "A", "adult", 3), (1, "2024Q3", "A", "adult", 2),
                 (1, "2024Q1", "B", "adult", 1), (1, "2024Q4", "B", "adult", 4)]
    return replace(ProgrammeFrames.empty(), statuses=pd.DataFrame(statuses, columns=COLUMNS["statuses"]),
                   exits=pd.DataFrame(exits, columns=COLUMNS["exits"]),
                   follow_ups=pd.DataFrame(follow_ups, columns=COLUMNS["follow_ups"]),
                   categories=categories, aftercare=pd.DataFrame(aftercare, columns=COLUMNS["aftercare"]))


def test_retention_from_statuses_exits_and_follow_ups_with_the_unknown_apart():
    frames = retention_frames()
    people = retention_by_person(frames, "2025Q2").set_index("person_key")
    assert people["start"].to_dict() == {"A": "2024Q2", "B": "2024Q3", "C": "2025Q1"}
    assert people.loc["A", ["in_job_3", "in_job_6", "in_job_12"]].tolist() == [True, False, True]
    assert people.loc["B", ["in_job_3", "in_job_6", "due_12"]].tolist() == [True, False, False]
    assert people.loc["C", "due_3"] and people.loc["C", "in_job_3"] is None  # due, but nothing known
    curve = retention_curve(retention_by_person(frames, "2025Q2")).set_index("months")
    assert curve.loc[3].tolist() == [3, 2, 2, 1]  # due, known, in job, unknown
    assert curve.loc[6].tolist() == [2, 2, 0, 0]
    assert curve.loc[12].tolist() == [1, 1, 1, 0]
    value = INDICATORS["retained_6_months"].value_in(frames, "2025Q2")
    assert (value.value, value.denominator) == (0, 2)
    # As the steering group saw it in 2024 K4: A and B started, only A is due at 6 months.
    earlier = retention_curve(retention_by_person(frames, "2024Q4")).set_index("months")
    assert earlier[["due", "known", "in_job"]].to_dict("index") == {
        3: {"due": 2, "known": 2, "in_job": 2}, 6: {"due": 1, "known": 1, "in_job": 0},
        12: {"due": 0, "known": 0, "in_job": 0}}


def test_a_category_is_a_job_start_by_its_setting_not_by_its_code():
    frames = retention_frames()
    categories = frames.categories.copy()
    categories.loc[categories["category_code"] == "company_placement", "is_job_start"] = True
    people = retention_by_person(replace(frames, categories=categories), "2025Q2").set_index("person_key")
    assert people.loc["C", "start"] == "2024Q4" and people.loc["C", "in_job_3"]


def test_aftercare_counts_the_contacts_from_the_job_start():
    people = aftercare_by_person(retention_frames(), "2025Q2").set_index("person_key")
    assert people["contacts"].to_dict() == {"A": 5, "B": 4, "C": 0}  # B's contact before the job start is not
    summary = aftercare_summary(aftercare_by_person(retention_frames(), "2025Q2"))
    assert summary == {"starters": 3, "with_aftercare": 2, "contacts": 9, "known_with": 2, "in_job_with": 0,
                       "known_without": 0, "in_job_without": 0}


def test_a_delmaal_on_retention_counts_x_of_y():
    frames = retention_frames()
    sites = pd.DataFrame([(1, "Nord", 7, "Projekt", "Kommune")], columns=COLUMNS["sites"])
    targets = pd.DataFrame([(1, 7, "retained_6_months", "I job efter 6 måneder", 2.0, T("2025-12-31"), None, None,
                             None, None, None, None, False)], columns=COLUMNS["project_targets"])
    persons = pd.DataFrame([(1, quarter, "A", None, "adult", "kontanthjaelp", T("2024-01-01"), None)
                            for quarter in ("2024Q1", "2025Q2")], columns=COLUMNS["persons"])
    status = project_target_status(replace(frames, sites=sites, project_targets=targets, persons=persons), "2025Q2")
    assert status.iloc[0][["actual", "base", "met"]].tolist() == [0.0, 2, False]  # 0 af 2 in a job after 6 months
