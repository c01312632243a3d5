"""A published quarter's figures as plain rows, worked out by the pages' own functions and with the disclosure
rule applied, so that they can be kept as figures: they outlive the rows they came from (a project's purge) and
are what a BI user reads.

One row per figure, per scope (the project, or one of its sites) and target group ("" for all). A figure
hidden under the rule is kept without its value; ``hidden`` says so. Where figures add up (sites to the project,
target groups to all), a hidden count must not be worked out from the others: the sites x target groups table
of each count, with its totals, is suppressed as one table (metrics/disclosure.py).
"""

import pandas as pd

from metrics.disclosure import count_hidden, line_total_hidden, primary, series_mask, suppression_mask
from metrics.frames import ProgrammeFrames
from metrics.indicators import IndicatorValue, status_counts, target_groups_present
from metrics.outcomes import follow_up_in_job_or_education
from metrics.registry import INDICATORS, project_target_status
from metrics.selection import Selection, make_selection
from metrics.vocabulary import JOB_OR_EDUCATION_GROUPS, TARGET_GROUPS

COLUMNS = ["site_id", "target_group", "topic", "figure", "label", "unit", "decimals", "value", "numerator",
           "denominator", "goal", "met", "hidden"]
ALL_GROUPS = ""
FOLLOW_UP_MONTHS = 6
FOLLOW_UP = "follow_up_6_months"
# Topics of figures that are not indicators (indicators carry their own).
SUBGOAL_TOPIC, OUTCOME_TOPIC = "delmaal", "resultater"


def published_figures(frames: ProgrammeFrames, project_id: int, quarter: str) -> pd.DataFrame:
    """Every kept figure of the project's ``quarter``: key figures (each indicator), delmål, status by outcome
    category and the follow-up, for the project and each site, for all and for each target group present."""
    sites = frames.sites.loc[frames.sites["project_id"] == project_id, "site_id"].astype(int).tolist()
    project_frames = make_selection(frames, sites).frames
    present = set(project_frames.once(target_groups_present))
    groups = [ALL_GROUPS, *(group for group in TARGET_GROUPS if group in present)]
    first = min([quarter, *project_frames.quarters()])
    selections = {(site, group): make_selection(frames, sites if site is None else [site],
                                                [group] if group else None, (first, quarter), external=True)
                  for site in [None, *sites] for group in groups}
    counts = pd.DataFrame([row for key, selection in selections.items()
                           for row in _counted_figures(selection, quarter, key)])
    parts = [_suppressed(counts, sites, groups),
             _categories(selections, sites, groups, quarter),
             _subgoals(selections[(None, ALL_GROUPS)], quarter)]
    return pd.concat([part for part in parts if len(part)], ignore_index=True)[COLUMNS]


def _counted_figures(selection: Selection, quarter: str, key: tuple) -> list[dict]:
    """The indicators and the follow-up in one scope, not yet suppressed."""
    site, group = key
    rows = []
    for indicator in INDICATORS.values():
        if indicator.key == "subgoals_met" and group:
            continue  # delmål concern the whole project, whatever the target group
        frames = selection.frames_all_groups if indicator.key == "subgoals_met" else selection.frames
        figure = indicator.value_in(frames, quarter)
        rows.append(_row(site, group, indicator.topic, indicator.key, indicator.label, indicator.unit,
                         indicator.decimals, figure, points_hidden=indicator.hidden_in(selection, figure)
                         if indicator.unit == "points" else None, counts_persons=indicator.counts_persons))
    in_job, followed = selection.frames.once(follow_up_in_job_or_education, quarter, FOLLOW_UP_MONTHS)
    rows.append(_row(site, group, "resultater", FOLLOW_UP,
                     f"I job eller uddannelse {FOLLOW_UP_MONTHS} måneder efter afslutning", "count", 0,
                     IndicatorValue(float(in_job), float(in_job), followed), None, True))
    return rows


def _row(site, group, topic, figure, label, unit, decimals, value: IndicatorValue, points_hidden, counts_persons):
    return {"site_id": site, "target_group": group, "topic": topic, "figure": figure, "label": label, "unit": unit,
            "decimals": decimals, "value": value.value, "numerator": value.numerator,
            "denominator": value.denominator, "goal": None, "met": None, "hidden": points_hidden,
            "counts_persons": counts_persons}


def _suppressed(counts: pd.DataFrame, sites: list[int], groups: list[str]) -> pd.DataFrame:
    """Counts of persons hidden by rule 1 and, per figure, across the sites x target groups table with its
    totals (each site's all-groups figure and the project's figure per group); means of fewer than 5 hidden."""
    counts = counts.copy()
    for _, rows in counts.groupby("figure", sort=False):
        if rows["unit"].iloc[0] == "points" or not rows["counts_persons"].iloc[0]:
            continue
        hidden = _table_hidden(rows, "value", sites, groups)
        counts.loc[rows.index, "hidden"] = hidden
        counts.loc[rows.index, "denominator_hidden"] = [
            count_hidden(base) for base in rows["denominator"].fillna(0)]
    counts["hidden"] = counts["hidden"].fillna(False).astype(bool)
    counts.loc[counts["unit"] == "points", "denominator_hidden"] = [
        count_hidden(base) for base in counts.loc[counts["unit"] == "points", "denominator"].fillna(0)]
    return _withheld(counts.drop(columns="counts_persons"))


def _table_hidden(rows: pd.DataFrame, column: str, sites: list[int], groups: list[str]) -> pd.Series:
    """Which of one figure's cells to hide: rows are scopes (site or project) x target groups."""
    value = {_scope(row): row[column] if not pd.isna(row[column]) else 0 for _, row in rows.iterrows()}
    base = {_scope(row): row.denominator for _, row in rows.iterrows()}
    hidden = {key: count_hidden(value[key], None if pd.isna(base[key]) else base[key]) for key in value}
    by_group = [group for group in groups if group]
    if by_group:
        table = pd.DataFrame([[value.get((site, group), 0) for group in by_group] for site in sites],
                             index=sites, columns=by_group)
        inner = suppression_mask(table, rows_have_totals=True, columns_have_totals=True)
        for site in sites:
            for group in by_group:
                hidden[(site, group)] = hidden.get((site, group), False) or bool(inner.loc[site, group])
        project_line = pd.Series([value.get((None, group), 0) for group in by_group], index=by_group)
        total_shown = not hidden.get((None, ALL_GROUPS), False)
        for group, masked in series_mask(project_line, total_shown).items():
            hidden[(None, group)] = hidden.get((None, group), False) or bool(masked)
    sites_line = pd.Series([value.get((site, ALL_GROUPS), 0) for site in sites], index=sites)
    for site, masked in series_mask(sites_line, not hidden.get((None, ALL_GROUPS), False)).items():
        hidden[(site, ALL_GROUPS)] = hidden.get((site, ALL_GROUPS), False) or bool(masked)
    return pd.Series([hidden[_scope(row)] for _, row in rows.iterrows()], index=rows.index)


def _scope(row) -> tuple[int | None, str]:
    """(site, target group) of a row; the project's rows have no site (NaN in a frame)."""
    return (None if pd.isna(row.site_id) else int(row.site_id)), row.target_group


def _withheld(rows: pd.DataFrame) -> pd.DataFrame:
    """A hidden figure is kept without its value and count; a base of 1-4 without itself."""
    rows = rows.copy()
    rows.loc[rows["hidden"], ["value", "numerator"]] = None
    if "denominator_hidden" in rows:
        rows.loc[rows["denominator_hidden"].fillna(False).astype(bool), "denominator"] = None
        rows = rows.drop(columns="denominator_hidden")
    return rows


def _categories(selections: dict, sites: list[int], groups: list[str], quarter: str) -> pd.DataFrame:
    """Persons by outcome category at the quarter's end, out of those with a status, per scope and group: each
    line with its total and the job and education subtotal suppressed as the overview's chart is."""
    categories = next(iter(selections.values())).frames.categories
    codes = categories["category_code"].tolist()
    labels = dict(zip(codes, categories["category_label"], strict=True))
    job_or_education = tuple(categories.loc[categories["group_code"].isin(JOB_OR_EDUCATION_GROUPS),
                                            "category_code"])
    rows = []
    for group in groups:
        lines = {}
        for site in [None, *sites]:
            statuses = selections[(site, group)].frames.once(status_counts)
            lines[site] = statuses[statuses["quarter"] == quarter].groupby("category_code")["persons"].sum() \
                .reindex(codes, fill_value=0)
        table = pd.DataFrame([lines[site] for site in sites], index=sites, columns=codes)
        inner = suppression_mask(table, rows_have_totals=True, columns_have_totals=True,
                                 row_subtotals=(job_or_education,))
        project = suppression_mask(lines[None].to_frame().T, row_subtotals=(job_or_education,)).iloc[0]
        for site in [None, *sites]:
            line = lines[site]
            mask = project if site is None else inner.loc[site] | primary(line)
            total = int(line.sum())
            total_hidden = line_total_hidden(line)
            for code in codes:
                hidden = bool(mask[code]) or total_hidden and line[code] < 5
                rows.append({"site_id": site, "target_group": group, "topic": OUTCOME_TOPIC,
                             "figure": f"kategori:{code}", "label": labels[code], "unit": "count", "decimals": 0,
                             "value": None if hidden else float(line[code]),
                             "numerator": None if hidden else float(line[code]),
                             "denominator": None if total_hidden else float(total), "goal": None, "met": None,
                             "hidden": hidden})
    return pd.DataFrame(rows, columns=COLUMNS)


def _subgoals(selection: Selection, quarter: str) -> pd.DataFrame:
    """The project's delmål in the quarter, as the overview's table shows them: actual, heraf part, base,
    target and verdict."""
    targets = selection.compute(project_target_status, quarter, all_groups=True)
    rows = []
    for target in targets.itertuples(index=False):
        actual = None if pd.isna(target.actual) else float(target.actual)
        part = None if pd.isna(target.part) else float(target.part)
        hidden = selection.hidden(actual or 0)
        part_hidden = hidden or selection.hidden(part or 0)
        base = None if target.base is None or pd.isna(target.base) else float(target.base)
        rows.append({"site_id": None, "target_group": ALL_GROUPS, "topic": SUBGOAL_TOPIC,
                     "figure": f"delmaal:{target.target_id}", "label": target.label, "unit": "count", "decimals": 0,
                     "value": None if hidden else actual, "numerator": None if part_hidden else part,
                     "denominator": None if base is None or selection.hidden(base) else base,
                     "goal": None if pd.isna(target.target_value) else float(target.target_value),
                     "met": None if target.met is None or pd.isna(target.met) else bool(target.met),
                     "hidden": hidden})
    return pd.DataFrame(rows, columns=COLUMNS)
