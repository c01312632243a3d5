"""Delmål as counting rules, against hand-counted cases: status now or reached at some point, heraf parts,
a person changing category, a person leaving, target groups and sites."""

import pandas as pd
import pytest

from metrics.goal_rules import EVER, NOW, CountingRule, count_by_rule, rule_trajectory

# Site 1: A (adult) in_progress -> small_job -> ordinary_job; B (adult) ordinary_education, then leaves
# in 2024Q2 with an exit into ordinary_job; C (young) youth education started in Q2, completed in Q3;
# D (adult) flex_job in Q3. Site 2 has its own "A" (same key, another person) in ordinary_job in Q3.
STATUSES = pd.DataFrame([
    (1, "2024Q1", "A", "adult", "in_progress"),
    (1, "2024Q2", "A", "adult", "small_job"),
    (1, "2024Q3", "A", "adult", "ordinary_job"),
    (1, "2024Q1", "B", "adult", "ordinary_education"),
    (1, "2024Q1", "C", "young", "in_progress"),
    (1, "2024Q2", "C", "young", "youth_education_started"),
    (1, "2024Q3", "C", "young", "youth_education_completed"),
    (1, "2024Q3", "D", "adult", "flex_job"),
    (2, "2024Q3", "A", "adult", "ordinary_job"),
], columns=["site_id", "quarter", "person_key", "target_group", "category_code"])
EXITS = pd.DataFrame([
    # Reported with the Q2 and again with the Q3 return: still one person.
    (1, "2024Q2", "B", "adult", "ordinary_job", pd.Timestamp("2024-05-15")),
    (1, "2024Q3", "B", "adult", "ordinary_job", pd.Timestamp("2024-05-15")),
], columns=["site_id", "quarter", "person_key", "target_group", "category_code", "exit_on"])

JOB_OR_EDUCATION = frozenset({"ordinary_job", "ordinary_education"})
YOUTH_EDUCATION = frozenset({"youth_education_started", "youth_education_completed"})
REHABILITATION = frozenset({"flex_job", "rehab_clarified", "disability_pension"})


def count(rule: CountingRule, quarter: str) -> tuple[int, int | None]:
    result = count_by_rule(STATUSES, EXITS, rule, quarter)
    return result.value, result.part


@pytest.mark.parametrize(("quarter", "expected"), [("2024Q1", 1), ("2024Q2", 0), ("2024Q3", 2)])
def test_status_now_counts_the_quarters_own_statuses(quarter, expected):
    # Q1: B in education. Q2: A in småjob, B has left: nobody. Q3: A at site 1 and A at site 2.
    assert count(CountingRule(JOB_OR_EDUCATION, NOW), quarter) == (expected, None)


@pytest.mark.parametrize(("quarter", "expected"), [("2024Q1", 1), ("2024Q2", 1), ("2024Q3", 3)])
def test_reached_at_some_point_keeps_everyone_who_got_there_and_counts_each_once(quarter, expected):
    # Q1: B. Q2: B (education in Q1, exit to a job in Q2: still one person). Q3: B, A (site 1), A (site 2).
    assert count(CountingRule(JOB_OR_EDUCATION, EVER), quarter) == (expected, None)


def test_an_exit_into_a_category_counts_as_reached_from_its_date():
    jobs = CountingRule(frozenset({"ordinary_job"}), EVER)
    assert count(jobs, "2024Q1") == (0, None)
    assert count(jobs, "2024Q2") == (1, None)  # B's exit on 15-05-2024
    assert count(jobs, "2024Q3") == (3, None)


def test_heraf_started_and_completed_youth_education():
    rule = CountingRule(YOUTH_EDUCATION, EVER, part_categories=frozenset({"youth_education_completed"}))
    assert count(rule, "2024Q1") == (0, 0)
    assert count(rule, "2024Q2") == (1, 0)
    assert count(rule, "2024Q3") == (1, 1)


def test_heraf_now_counts_the_part_among_those_counted():
    rule = CountingRule(REHABILITATION, NOW, part_categories=frozenset({"flex_job"}))
    assert count(rule, "2024Q3") == (1, 1)
    assert count(rule, "2024Q2") == (0, 0)
    # A part outside the main categories counts nobody who is not counted by the rule.
    outside = CountingRule(frozenset({"flex_job"}), NOW, part_categories=frozenset({"ordinary_job"}))
    assert count(outside, "2024Q3") == (1, 0)


def test_target_groups_limit_whom_the_rule_counts():
    assert count(CountingRule(YOUTH_EDUCATION, EVER, frozenset({"young"})), "2024Q3") == (1, None)
    assert count(CountingRule(YOUTH_EDUCATION, EVER, frozenset({"adult"})), "2024Q3") == (0, None)
    assert count(CountingRule(JOB_OR_EDUCATION, EVER, frozenset({"young"})), "2024Q3") == (0, None)


def test_a_person_changing_category_is_counted_where_they_are_now():
    small_jobs = CountingRule(frozenset({"small_job"}), NOW)
    assert [count(small_jobs, quarter)[0] for quarter in ("2024Q1", "2024Q2", "2024Q3")] == [0, 1, 0]
    assert [count(CountingRule(frozenset({"small_job"}), EVER), quarter)[0]
            for quarter in ("2024Q1", "2024Q2", "2024Q3")] == [0, 1, 1]


def test_the_trajectory_holds_each_quarters_count_and_part():
    rule = CountingRule(YOUTH_EDUCATION, EVER, part_categories=frozenset({"youth_education_completed"}))
    trajectory = rule_trajectory(STATUSES, EXITS, rule, ["2024Q1", "2024Q2", "2024Q3"])
    assert trajectory["actual"].tolist() == [0, 1, 1]
    assert trajectory["part"].tolist() == [0, 0, 1]


def test_a_rule_without_categories_or_with_an_unknown_counting_is_refused():
    with pytest.raises(ValueError):
        CountingRule(frozenset())
    with pytest.raises(ValueError):
        CountingRule(JOB_OR_EDUCATION, "sometimes")
