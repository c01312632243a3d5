"""Sub-goal forecasts and person goals against hand-computed expectations."""

from dataclasses import replace

import pandas as pd
import pytest

from metrics.frames import COLUMNS, ProgrammeFrames
from metrics.subgoals import (
    AT_RISK,
    NOT_REACHED,
    ON_TRACK,
    REACHED,
    TOO_EARLY,
    forecast,
    goals_by_area,
    median_days_to_achieve,
    person_goal_counts,
)

T = pd.Timestamp


def trajectory(*values) -> pd.DataFrame:
    quarters = ["2024Q1", "2024Q2", "2024Q3", "2024Q4", "2025Q1"][: len(values)]
    return pd.DataFrame({"quarter": quarters, "actual": list(values)})


def test_a_steady_pace_is_projected_linearly():
    # +2 per quarter from 10; at 2024Q4 (latest) 16; deadline 2025Q4 is 4 quarters ahead -> 24.
    outlook = forecast(trajectory(10, 12, 14, 16), 20, T("2025-12-31"))
    assert outlook.deadline_quarter == "2025Q4"
    assert outlook.value == pytest.approx(24)
    # No scatter around the line: the band is the minimum of one point per quarter ahead.
    assert (outlook.low, outlook.high) == pytest.approx((24 - 1.96 * 2, 24 + 1.96 * 2))
    assert outlook.verdict == ON_TRACK


def test_verdicts():
    # Before the deadline a goal far out of reach is at risk, never "ikke nået".
    assert forecast(trajectory(10, 12, 14, 16), 30, T("2025-12-31")).verdict == AT_RISK
    assert forecast(trajectory(10, 12, 14, 16), 27, T("2025-12-31")).verdict == AT_RISK  # 24 < 27 <= 27.9
    assert forecast(trajectory(10, 12, 14, 21), 20, T("2025-12-31")).verdict == REACHED
    # Deadline passed: judged on the value in the deadline's quarter.
    passed = forecast(trajectory(10, 12, 14, 16, 18), 15, T("2024-09-30"))
    assert (passed.verdict, passed.value) == (NOT_REACHED, 14)


def test_one_quarter_gives_no_pace_and_no_forecast():
    # A new project after its first quarter: too early to tell, unless the goal is reached already.
    first = forecast(trajectory(3), 10, T("2027-12-31"))
    assert (first.verdict, first.value, first.low, first.high) == (TOO_EARLY, None, None, None)
    assert forecast(trajectory(12), 10, T("2027-12-31")).verdict == REACHED
    # The deadline's own quarter is judged on its value, however few quarters there are.
    assert forecast(trajectory(3), 10, T("2024-03-31")).verdict == NOT_REACHED


def test_two_quarters_are_too_early_to_call_a_goal_at_risk():
    # The project: 6 reached after two quarters of a goal due in two years.
    second = forecast(trajectory(2, 6), 40, T("2027-12-31"))
    assert (second.verdict, second.value) == (TOO_EARLY, None)
    assert forecast(trajectory(2, 6, 7), 40, T("2025-12-31")).verdict == AT_RISK


def test_a_figure_counted_as_reached_at_some_point_is_never_forecast_below_what_it_has_reached():
    # 0, 6, 6: a scattered pace whose band, drawn freely, would dip below 6, which has already been reached.
    free = forecast(trajectory(0, 6, 6), 20, T("2024-12-31"))
    assert free.low < 6
    kept = forecast(trajectory(0, 6, 6), 20, T("2024-12-31"), never_falls=True)
    assert kept.low >= 6 and kept.value >= 6 and kept.high >= kept.value
    # A falling count that may fall (status now) keeps its forecast, but never below zero.
    falling = forecast(trajectory(9, 6, 3), 20, T("2025-12-31"))
    assert falling.value == 0 and falling.low == 0
    assert forecast(trajectory(9, 6, 3), 20, T("2025-12-31"), never_falls=True).value == 3


def goals() -> ProgrammeFrames:
    rows = [
        (1, "2024Q2", "A", "adult", "job", "achieved", T("2024-01-01"), T("2024-03-01")),
        (1, "2024Q2", "A", "adult", "health", "in_progress", T("2024-01-01"), pd.NaT),
        (1, "2024Q2", "B", "adult", "job", "achieved", T("2024-01-01"), T("2024-05-01")),
        (1, "2024Q2", "B", "adult", "economy", "abandoned", T("2024-02-01"), T("2024-04-01")),
        (1, "2024Q1", "B", "adult", "job", "in_progress", T("2024-01-01"), pd.NaT),
    ]
    return replace(ProgrammeFrames.empty(), person_goals=pd.DataFrame(rows, columns=COLUMNS["person_goals"]))


def test_person_goals_by_area_and_time_to_achieve():
    current = person_goal_counts(goals(), "2024Q2")
    table = goals_by_area(current)
    assert table.loc["job"].tolist() == [2, 0, 0, 0]
    assert table.loc["economy", "abandoned"] == 1
    # Achieved after 60 and 121 days: median 90,5.
    assert median_days_to_achieve(current) == (90.5, 2)
