"""Staff combinations (medarbejderkombinationer): which pairs of staff work with which families.

Two staff work with each family; a pair is two staff members whose assignments
to the same family overlap in time. The figures use the assignments reported in
the chosen quarter's return, which carries the whole history so far.
"""

import math

import numpy as np
import pandas as pd

from metrics.frames import ProgrammeFrames
from metrics.indicators import IndicatorValue
from metrics.quarters import quarter_end, quarter_start
from metrics.vocabulary import JOB_OR_EDUCATION_GROUPS

FAR_FUTURE = pd.Timestamp("2100-01-01")


def wilson_interval(successes: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """95 % Wilson score interval for a share; honest also for small n and shares near 0 or 1."""
    if n == 0:
        return (0.0, 1.0)
    share = successes / n
    denominator = 1 + z * z / n
    centre = (share + z * z / (2 * n)) / denominator
    half = z * math.sqrt(share * (1 - share) / n + z * z / (4 * n * n)) / denominator
    return (max(0.0, centre - half), min(1.0, centre + half))


def staff_pairs(frames: ProgrammeFrames, quarter: str) -> pd.DataFrame:
    """Every pair per family, with when the two worked together and whether they did in the quarter
    (read-only: every figure of the page shares it)."""
    return frames.once(_staff_pairs, quarter)


def _staff_pairs(frames: ProgrammeFrames, quarter: str) -> pd.DataFrame:
    assignments = frames.in_quarter("assignments", quarter)
    assignments = assignments.assign(end_date=assignments["end_date"].fillna(FAR_FUTURE))
    both = assignments.merge(assignments, on=["site_id", "family_key"], suffixes=("_a", "_b"))
    both = both[
        (both["staff_key_a"] < both["staff_key_b"])
        & (both["start_date_a"] < both["end_date_b"])
        & (both["start_date_b"] < both["end_date_a"])
    ]
    pairs = pd.DataFrame({
        "site_id": both["site_id"],
        "family_key": both["family_key"],
        "staff_a": both["staff_key_a"],
        "staff_b": both["staff_key_b"],
        "start": both[["start_date_a", "start_date_b"]].max(axis=1),
        "end": both[["end_date_a", "end_date_b"]].min(axis=1),
    })
    start, end = pd.Timestamp(quarter_start(quarter)), pd.Timestamp(quarter_end(quarter))
    pairs["in_quarter"] = (pairs["start"] <= end) & (pairs["end"] >= start)
    return pairs.drop_duplicates(["site_id", "family_key", "staff_a", "staff_b"]).reset_index(drop=True)


def distinct_staff_pairs(frames: ProgrammeFrames, quarter: str) -> IndicatorValue:
    """Distinct pairs of staff who have worked together with a family, up to the quarter."""
    pairs = staff_pairs(frames, quarter)
    return IndicatorValue(float(len(pairs[["site_id", "staff_a", "staff_b"]].drop_duplicates())))


def family_pairs_in_quarter(frames: ProgrammeFrames, quarter: str) -> tuple[int, int]:
    """(pairs per family that worked together in the quarter, families with a pair in it): a family that changed
    pair in the quarter has two."""
    pairs = staff_pairs(frames, quarter)
    now = pairs[pairs["in_quarter"]]
    return len(now), len(now.drop_duplicates(["site_id", "family_key"]))


def _professions(frames: ProgrammeFrames, quarter: str) -> pd.Series:
    staff = frames.in_quarter("staff", quarter)
    return staff.set_index(["site_id", "staff_key"])["profession"]


def _with_professions(frames: ProgrammeFrames, quarter: str, pairs: pd.DataFrame) -> pd.DataFrame:
    """The pairs with the two professions, the one first in alphabetical order as ``one``."""
    professions = _professions(frames, quarter)
    first = professions.reindex(list(zip(pairs["site_id"], pairs["staff_a"], strict=True))).to_numpy()
    second = professions.reindex(list(zip(pairs["site_id"], pairs["staff_b"], strict=True))).to_numpy()
    return pairs.assign(one=[min(a, b) for a, b in zip(first, second, strict=True)],
                        other=[max(a, b) for a, b in zip(first, second, strict=True)])


def profession_pair_families(frames: ProgrammeFrames, quarter: str) -> pd.DataFrame:
    """Families per combination of professions (one, other), with every profession on the staff present (a
    profession without a pair with 0 families with itself)."""
    combos = _with_professions(frames, quarter, staff_pairs(frames, quarter))
    counts = combos[["site_id", "family_key", "one", "other"]].drop_duplicates().groupby(["one", "other"]).size()
    present = sorted(set(_professions(frames, quarter)))
    everyone = pd.Series(0, index=pd.MultiIndex.from_arrays([present, present], names=["one", "other"]))
    counts = counts.add(everyone, fill_value=0).astype(int)
    return counts.rename("families").reset_index()


def profession_matrix(frames: ProgrammeFrames, quarter: str) -> pd.DataFrame:
    """Families per combination of professions (symmetric; a pair of the same profession on the diagonal)."""
    counts = frames.once(profession_pair_families, quarter)
    names = sorted(set(counts["one"]) | set(counts["other"]))
    matrix = pd.DataFrame(0, index=names, columns=names)
    for one, other, families in counts[["one", "other", "families"]].itertuples(index=False):
        matrix.loc[one, other] = families
        matrix.loc[other, one] = families
    return matrix


def staff_caseload(frames: ProgrammeFrames, quarter: str) -> pd.DataFrame:
    """Families per staff member in the quarter, by site and staff key."""
    start, end = pd.Timestamp(quarter_start(quarter)), pd.Timestamp(quarter_end(quarter))
    assignments = frames.in_quarter("assignments", quarter)
    active = assignments[(assignments["start_date"] <= end)
                         & (assignments["end_date"].isna() | (assignments["end_date"] >= start))]
    families = active.groupby(["site_id", "staff_key"])["family_key"].nunique().rename("families")
    staff = frames.in_quarter("staff", quarter).set_index(["site_id", "staff_key"])
    result = staff[["profession", "department"]].join(families).fillna({"families": 0})
    result["families"] = result["families"].astype(int)
    return result.reset_index().sort_values(["site_id", "staff_key"]).reset_index(drop=True)


def caseload(frames: ProgrammeFrames, quarter: str) -> pd.DataFrame:
    """Families per staff member in the quarter, most first."""
    return frames.once(staff_caseload, quarter).sort_values(
        ["families", "staff_key", "site_id"], ascending=[False, True, True], kind="stable")


def caseload_bands(load: pd.DataFrame, width: int) -> pd.DataFrame:
    """Staff members by their number of families, in bands of ``width`` (1 to width - 1, then width to
    2 * width - 1, ...), from the first band to the highest that has anyone; staff with no family are left out.
    ``load`` is ``caseload``'s table."""
    active = load.loc[load["families"] > 0, "families"].to_numpy()
    if not len(active):
        return pd.DataFrame({"low": pd.Series(dtype=int), "high": pd.Series(dtype=int),
                             "staff": pd.Series(dtype=int)})
    counts = np.bincount(active // width)
    bands = np.arange(len(counts))
    return pd.DataFrame({"low": np.maximum(bands * width, 1), "high": bands * width + width - 1, "staff": counts})


def _families_in_job_or_education(frames: ProgrammeFrames, quarter: str) -> set[tuple[int, str]]:
    statuses = frames.in_quarter("statuses", quarter)
    persons = frames.in_quarter("persons", quarter)[["site_id", "person_key", "family_key"]]
    in_activity = statuses[statuses["group_code"].isin(JOB_OR_EDUCATION_GROUPS)].merge(
        persons, on=["site_id", "person_key"])
    return set(zip(in_activity["site_id"], in_activity["family_key"], strict=True))


def overall_family_share(frames: ProgrammeFrames, quarter: str) -> tuple[int, int]:
    """(families with an adult or young person in job or education, families that have had a pair)."""
    families = staff_pairs(frames, quarter)[["site_id", "family_key"]].drop_duplicates()
    succeeding = _families_in_job_or_education(frames, quarter)
    keys = set(zip(families["site_id"], families["family_key"], strict=True))
    return len(keys & succeeding), len(keys)


def pairs_standing_out(outcomes: pd.DataFrame, overall: float) -> tuple[int, int]:
    """How many pairs' 95 % intervals lie wholly above, and wholly below, the overall share."""
    return int((outcomes["low"] > overall).sum()), int((outcomes["high"] < overall).sum())


def _with_shares(counts: pd.DataFrame, order: list[str]) -> pd.DataFrame:
    """The counts with the share with job or education and its 95 % Wilson interval, most families first
    (then the highest share, then ``order``)."""
    result = counts.assign(share=counts["with_job_or_education"] / counts["families"])
    intervals = [wilson_interval(x, n) for x, n in zip(result["with_job_or_education"], result["families"],
                                                       strict=True)]
    result["low"] = [low for low, _ in intervals]
    result["high"] = [high for _, high in intervals]
    return result.sort_values(["families", "share", *order], ascending=[False, False, *[True] * len(order)],
                              kind="stable").reset_index(drop=True)


def pair_counts(frames: ProgrammeFrames, quarter: str) -> pd.DataFrame:
    """Per pair (by site): families worked with so far, those the pair worked with in the quarter, those with an
    adult or young person in job or education in the quarter, and the two professions."""
    succeeding = _families_in_job_or_education(frames, quarter)
    pairs = staff_pairs(frames, quarter)
    pairs = pairs.assign(success=[(site, family) in succeeding
                                  for site, family in zip(pairs["site_id"], pairs["family_key"], strict=True)])
    grouped = pairs.groupby(["site_id", "staff_a", "staff_b"])
    result = pd.DataFrame({
        "families": grouped["family_key"].nunique(),
        "in_quarter": grouped["in_quarter"].sum().astype(int),
        "with_job_or_education": grouped["success"].sum().astype(int),
    }).reset_index()
    professions = _professions(frames, quarter)
    result["profession_a"] = professions.reindex(list(zip(result["site_id"], result["staff_a"], strict=True))).values
    result["profession_b"] = professions.reindex(list(zip(result["site_id"], result["staff_b"], strict=True))).values
    return result


def pair_outcomes(frames: ProgrammeFrames, quarter: str) -> pd.DataFrame:
    """Per pair: families worked with so far, how many have an adult or young person in job or
    education in the quarter, the share with its 95 % Wilson interval."""
    counts = frames.once(pair_counts, quarter)
    columns = ["site_id", "staff_a", "staff_b", "families", "in_quarter", "with_job_or_education", "share", "low",
               "high", "profession_a", "profession_b"]
    return _with_shares(counts, ["site_id", "staff_a", "staff_b"])[columns]


def combination_counts(frames: ProgrammeFrames, quarter: str) -> pd.DataFrame:
    """Per combination of professions: the pairs, the families worked with so far and those with an adult or
    young person in job or education in the quarter, in alphabetical order of the combination."""
    succeeding = _families_in_job_or_education(frames, quarter)
    pairs = _with_professions(frames, quarter, staff_pairs(frames, quarter))
    pairs = pairs.assign(family=list(zip(pairs["site_id"], pairs["family_key"], strict=True)))
    rows = []
    for (profession_a, profession_b), group in pairs.groupby(["one", "other"]):
        families = set(group["family"])
        rows.append({"profession_a": profession_a, "profession_b": profession_b, "pairs": len(
            group[["site_id", "staff_a", "staff_b"]].drop_duplicates()), "families": len(families),
            "with_job_or_education": len(families & succeeding)})
    return pd.DataFrame(rows, columns=["profession_a", "profession_b", "pairs", "families", "with_job_or_education"])


def combination_outcomes(frames: ProgrammeFrames, quarter: str) -> pd.DataFrame:
    """Per combination of professions (pairs pooled, whoever the two people are): families worked with so far,
    how many have an adult or young person in job or education in the quarter, the share and its 95 % Wilson
    interval. With a few families per pair no single pair can be told apart; pooled, a combination can."""
    return _with_shares(frames.once(combination_counts, quarter), ["profession_a", "profession_b"])
