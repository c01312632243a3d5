"""Sub-goals (delmål): project targets against actuals with a forecast, and the goals set with each person."""

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from metrics.counting import weighted_median
from metrics.frames import ProgrammeFrames
from metrics.quarters import quarter_of, quarter_range
from metrics.registry import target_value_in

FORECAST_QUARTERS = 4  # the pace is the trend over the last four quarters
# Quarters of figures a pace needs before it forecasts or judges a goal at risk: two points are a line through
# any noise, so a project's second quarter is still too early to tell.
PACE_QUARTERS = 3

# Before the deadline a goal is reached, on track, at risk or too early to tell (fewer than PACE_QUARTERS give
# no pace); "ikke nået" is said only once the deadline has passed.
ON_TRACK, AT_RISK, TOO_EARLY = "på sporet", "i risiko", "for tidligt at sige"
REACHED, NOT_REACHED = "nået", "ikke nået"


@dataclass(frozen=True)
class Forecast:
    deadline_quarter: str
    value: float | None  # expected value at the deadline at the current pace; None: too early to tell
    low: float | None  # 95 % band
    high: float | None
    verdict: str


def target_trajectory(frames: ProgrammeFrames, target_id: int, quarters: list[str]) -> pd.DataFrame:
    """A project target's figure (and "heraf" part) per quarter, measured on the target's own project."""
    target = next(target for target in frames.project_targets.itertuples(index=False) if target.target_id == target_id)
    values = [target_value_in(frames, target, quarter) for quarter in quarters]
    return pd.DataFrame({"quarter": quarters, "actual": [value for value, _ in values],
                         "part": [part for _, part in values]})


def forecast(trajectory: pd.DataFrame, target_value: float, deadline: pd.Timestamp,
             never_falls: bool = False) -> Forecast:
    """Where the indicator will be at the deadline if the recent linear pace holds, with a 95 % band.

    ``never_falls``: a figure that cannot go down (counted as reached at some point since the start), whose
    forecast and band never go below what is already reached.
    """
    deadline_quarter = quarter_of(deadline.date())
    known = trajectory.dropna(subset=["actual"])
    latest = known.iloc[-1]
    if latest["quarter"] >= deadline_quarter:
        at_deadline = float(known[known["quarter"] <= deadline_quarter]["actual"].iloc[-1])
        verdict = REACHED if at_deadline >= target_value else NOT_REACHED
        return Forecast(deadline_quarter, at_deadline, at_deadline, at_deadline, verdict)
    recent = known.tail(FORECAST_QUARTERS)
    if len(recent) < PACE_QUARTERS:
        verdict = REACHED if latest["actual"] >= target_value else TOO_EARLY
        return Forecast(deadline_quarter, None, None, None, verdict)
    steps_ahead = len(quarter_range(latest["quarter"], deadline_quarter)) - 1
    x = np.arange(len(recent))
    slope, intercept = np.polyfit(x, recent["actual"].to_numpy(dtype=float), 1)
    fitted = intercept + slope * x
    spread = float(np.std(recent["actual"].to_numpy(dtype=float) - fitted, ddof=1)) if len(recent) > 2 else 0.0
    # The band widens with distance; it never claims more certainty than one point per quarter ahead.
    spread = max(spread, 1.0)
    value = float(latest["actual"] + slope * steps_ahead)
    half = 1.96 * spread * math.sqrt(steps_ahead)
    low, high = value - half, value + half
    floor = float(latest["actual"]) if never_falls else 0.0
    value, low, high = max(value, floor), max(low, floor), max(high, floor)
    if latest["actual"] >= target_value:
        verdict = REACHED
    elif value >= target_value:
        verdict = ON_TRACK
    else:
        verdict = AT_RISK
    return Forecast(deadline_quarter, value, low, high, verdict)


def person_goals(frames: ProgrammeFrames, quarter: str) -> pd.DataFrame:
    """Goals set with persons, as reported in the quarter's return, with days from set to closed."""
    goals = frames.in_quarter("person_goals", quarter).copy()
    goals["days_to_close"] = (goals["closed_on"] - goals["set_on"]).dt.days
    return goals


def person_goal_counts(frames: ProgrammeFrames, quarter: str) -> pd.DataFrame:
    """``person_goals`` counted by area, status and, for achieved goals, days from set to achieved (NaN: not
    achieved, or no date)."""
    goals = person_goals(frames, quarter)
    goals = goals.assign(days_to_close=goals["days_to_close"].where(goals["status"] == "achieved"))
    counts = goals.groupby(["area", "status", "days_to_close"], dropna=False).size().rename("goals").reset_index()
    return counts.astype({"goals": int, "days_to_close": float})


def goals_by_area(counts: pd.DataFrame) -> pd.DataFrame:
    """Goals per area and status (set, in progress, achieved, abandoned), from ``person_goal_counts``."""
    table = counts.groupby(["area", "status"])["goals"].sum().unstack(fill_value=0)
    for status in ("set", "in_progress", "achieved", "abandoned"):
        if status not in table:
            table[status] = 0
    return table[["achieved", "in_progress", "set", "abandoned"]]


def median_days_to_achieve(counts: pd.DataFrame) -> tuple[float | None, int]:
    """The median days from set to achieved, and of how many achieved goals, from ``person_goal_counts``."""
    achieved = counts[(counts["status"] == "achieved") & counts["days_to_close"].notna()]
    return weighted_median(achieved["days_to_close"], achieved["goals"]), int(achieved["goals"].sum())
