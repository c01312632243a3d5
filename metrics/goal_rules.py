"""Delmål as data: a project's own counting rule over the stored rows, evaluated by one function.

A project words its delmål its own way ("Borgere i ordinært arbejde eller uddannelse", "Unge der er
startet på en ungdomsuddannelse, heraf gennemført"). Each is a rule, not code:

* which outcome categories count (any set, not whole groups), for which target groups (none: all);
* ``now``: the status at the quarter's end, or ``ever``: reached at some point since the project's
  start (a status in any quarter up to this one, or an exit into the category by the quarter's end);
* an optional "heraf" part with categories of its own, counted among the persons the rule counts
  and in the same way.

A person counts once however many rows match. Persons are told apart by site and key.
"""

from dataclasses import dataclass

import pandas as pd

from metrics.quarters import quarter_end

NOW, EVER = "now", "ever"
COUNTINGS = {NOW: "status ved kvartalets slutning", EVER: "nået på et tidspunkt siden projektets start"}
PERSON = ["site_id", "person_key"]


@dataclass(frozen=True)
class CountingRule:
    categories: frozenset[str]
    counting: str = NOW
    target_groups: frozenset[str] = frozenset()  # empty: every target group
    part_categories: frozenset[str] = frozenset()  # the "heraf" part; empty: none

    def __post_init__(self):
        if not self.categories:
            raise ValueError("A counting rule needs at least one category.")
        if self.counting not in COUNTINGS:
            raise ValueError(f"Unknown counting {self.counting!r}.")


@dataclass(frozen=True)
class RuleCount:
    value: int
    part: int | None  # None: the rule has no "heraf" part


def codes(text) -> frozenset[str]:
    """Codes written as the setup workbook writes them ("ordinary_job, ordinary_education"), or already a set;
    '' or None: none."""
    if text is None or (isinstance(text, float) and text != text):  # NaN from an empty cell
        return frozenset()
    if isinstance(text, set | frozenset):
        return frozenset(text)
    return frozenset(code.strip() for code in str(text).split(",") if code.strip())


def rule_of(target) -> CountingRule | None:
    """A project target's counting rule, or None for a target that names a fixed indicator."""
    categories = codes(target.rule_categories)
    if not categories:
        return None
    counting = target.rule_counting if isinstance(target.rule_counting, str) and target.rule_counting else NOW
    return CountingRule(categories, counting, codes(target.rule_target_groups), codes(target.part_categories))


def _matching_rows(statuses: pd.DataFrame, exits: pd.DataFrame, rule: CountingRule, quarter: str) -> pd.DataFrame:
    """Each (person, category) the rule may count in the quarter: one row per person and category."""
    if rule.target_groups:
        statuses = statuses[statuses["target_group"].isin(rule.target_groups)]
        exits = exits[exits["target_group"].isin(rule.target_groups)]
    if rule.counting == NOW:
        rows = statuses.loc[statuses["quarter"] == quarter, [*PERSON, "category_code"]]
    else:
        reached_by = pd.Timestamp(quarter_end(quarter))
        rows = pd.concat([
            statuses.loc[statuses["quarter"] <= quarter, [*PERSON, "category_code"]],
            exits.loc[exits["exit_on"] <= reached_by, [*PERSON, "category_code"]],
        ], ignore_index=True)
    return rows.drop_duplicates()


def count_by_rule(statuses: pd.DataFrame, exits: pd.DataFrame, rule: CountingRule, quarter: str) -> RuleCount:
    """How many persons the rule counts in the quarter, and how many of them its "heraf" part counts.

    ``statuses`` and ``exits`` are the frames of that name (site_id, quarter, person_key, target_group,
    category_code; exits also exit_on), already limited to the project's sites.
    """
    rows = _matching_rows(statuses, exits, rule, quarter)
    counted = rows.loc[rows["category_code"].isin(rule.categories), PERSON].drop_duplicates()
    if not rule.part_categories:
        return RuleCount(len(counted), None)
    in_part = rows.loc[rows["category_code"].isin(rule.part_categories), PERSON].drop_duplicates()
    return RuleCount(len(counted), len(in_part.merge(counted, on=PERSON)))


def rule_trajectory(statuses: pd.DataFrame, exits: pd.DataFrame, rule: CountingRule,
                    quarters: list[str]) -> pd.DataFrame:
    """The rule's count (and "heraf" part) in each quarter, for the chart and the forecast."""
    counts = [count_by_rule(statuses, exits, rule, quarter) for quarter in quarters]
    return pd.DataFrame({"quarter": quarters, "actual": [count.value for count in counts],
                         "part": [count.part for count in counts]})


def describe_rule(rule: CountingRule, category_labels: dict[str, str], target_group_labels: dict[str, str]) -> str:
    """What a rule counts, in Danish, e.g. 'Tæller Fleksjob, Førtidspension (nået på et tidspunkt siden projektets
    start; alle målgrupper); heraf Fleksjob'."""
    def names(codes_: frozenset[str], labels: dict[str, str]) -> str:
        return ", ".join(sorted(labels.get(code, code) for code in codes_))

    groups = names(rule.target_groups, target_group_labels) if rule.target_groups else "alle målgrupper"
    text = f"Tæller {names(rule.categories, category_labels)} ({COUNTINGS[rule.counting]}; {groups})"
    return text + (f"; heraf {names(rule.part_categories, category_labels)}" if rule.part_categories else "")
