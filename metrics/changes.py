"""When a count has moved enough since the quarter before to be worth the steering group's attention.

One rule for every alert (outcome categories on Overblik, the team's activities): a move of a quarter or more
of what it was, and of at least three.
"""

import pandas as pd

ALERT_SHARE = 0.25
ALERT_MINIMUM = 3


def marked_changes(before: pd.Series, now: pd.Series) -> pd.DataFrame:
    """Of counts before and now (same index), those that moved markedly, with ``before``, ``now`` and
    ``change``, largest moves first."""
    counts = pd.DataFrame({"before": before, "now": now}).fillna(0).astype(int)
    counts["change"] = counts["now"] - counts["before"]
    marked = counts[(counts["change"].abs() >= ALERT_MINIMUM)
                    & (counts["change"].abs() >= ALERT_SHARE * counts["before"])]
    return marked.sort_values("change", key=abs, ascending=False, kind="stable")
