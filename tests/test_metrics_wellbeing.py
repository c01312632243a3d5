"""Wellbeing figures against hand-computed expectations."""

from dataclasses import replace

import pandas as pd

from metrics.frames import COLUMNS, ProgrammeFrames
from metrics.registry import INDICATORS
from metrics.wellbeing import (
    MEANINGFUL_CHANGE,
    change_distribution,
    school_absence_by_quarter,
    who5_by_group,
    who5_pairs,
    who5_summary,
)

T = pd.Timestamp


def frames() -> ProgrammeFrames:
    rows = [
        # person A (adult): 40 -> 52 -> 60: change +20, low at entry, not now
        (1, "2024Q1", "A", "adult", "who5", 40.0, T("2024-02-01")),
        (1, "2024Q2", "A", "adult", "who5", 52.0, T("2024-05-01")),
        (1, "2024Q3", "A", "adult", "who5", 60.0, T("2024-08-01")),
        # person B (young): 24 -> 28: change +4, likely depression at entry and now
        (1, "2024Q1", "B", "young", "who5", 24.0, T("2024-02-03")),
        (1, "2024Q3", "B", "young", "who5", 28.0, T("2024-08-03")),
        # person C (adult): 64 -> 48: change -16, low now
        (2, "2024Q2", "C", "adult", "who5", 64.0, T("2024-05-05")),
        (2, "2024Q3", "C", "adult", "who5", 48.0, T("2024-08-05")),
        # person D: one score only, not paired
        (1, "2024Q3", "D", "adult", "who5", 20.0, T("2024-08-06")),
        # children's school absence
        (1, "2024Q1", "K1", "child", "school_absence", 12.0, T("2024-02-10")),
        (1, "2024Q1", "K2", "child", "school_absence", 4.0, T("2024-02-10")),
        (1, "2024Q3", "K1", "child", "school_absence", 9.0, T("2024-08-10")),
    ]
    return replace(ProgrammeFrames.empty(), wellbeing=pd.DataFrame(rows, columns=COLUMNS["wellbeing"]))


def test_pairs_take_first_and_latest_score_up_to_the_quarter():
    pairs = who5_pairs(frames(), "2024Q3").set_index("person_key")
    assert sorted(pairs.index) == ["A", "B", "C"]
    assert pairs.loc["A", ["first", "latest", "change"]].tolist() == [40, 60, 20]
    assert pairs.loc["C", "change"] == -16
    # Up to 2024Q2 only A has two scores: 40 -> 52.
    assert who5_pairs(frames(), "2024Q2")["change"].tolist() == [12]


def test_summary_counts_low_wellbeing_depression_and_meaningful_change():
    summary = who5_summary(who5_pairs(frames(), "2024Q3"))
    assert summary["n"] == 3
    assert summary["mean_change"] == (20 + 4 - 16) / 3
    assert (summary["low_first"], summary["low_latest"]) == (2, 2)  # A, B at entry; B, C now
    assert (summary["depression_first"], summary["depression_latest"]) == (1, 1)  # B both times
    assert (summary["improved"], summary["worsened"]) == (1, 1)  # A +20; C -16


def test_registry_uses_the_same_pairs():
    assert INDICATORS["who5_mean_change"].compute(frames(), "2024Q3").value == (20 + 4 - 16) / 3
    improved = INDICATORS["who5_improved"].compute(frames(), "2024Q3")
    assert (improved.numerator, improved.denominator) == (1, 3)


def test_change_distribution_cuts_where_the_words_cut():
    # A +20, B +4, C -16: bands -19..-10, -9..+9, +10..+19, +20..+29.
    bands = change_distribution(who5_pairs(frames(), "2024Q3"))
    assert list(zip(bands["band_start"], bands["band_end"], bands["persons"], strict=True)) == [
        (-19, -10, 1), (-9, 9, 1), (10, 19, 0), (20, 29, 1)]


def test_every_change_of_plus_eight_stays_below_the_improved_bands():
    # The case that read "+8 til +15" under "0 forbedrede sig 10 point eller mere".
    pairs = pd.DataFrame({"change": [8.0, 8.0, 8.0]})
    bands = change_distribution(pairs)
    assert list(zip(bands["band_start"], bands["band_end"], bands["persons"], strict=True)) == [(-9, 9, 3)]
    improved = bands.loc[bands["band_start"] >= MEANINGFUL_CHANGE, "persons"].sum()
    assert improved == who5_summary(pd.DataFrame({"first": [40.0] * 3, "latest": [48.0] * 3,
                                                  "change": [8.0] * 3}))["improved"] == 0


def test_by_group_and_school_absence():
    by_group = who5_by_group(who5_pairs(frames(), "2024Q3"), "target_group").set_index("target_group")
    assert by_group.loc["adult", "n"] == 2 and by_group.loc["adult", "mean_change"] == 2
    absence = school_absence_by_quarter(frames(), ["2024Q1", "2024Q2", "2024Q3"]).set_index("quarter")
    assert absence.loc["2024Q1", ["children", "mean_absence", "worrying"]].tolist() == [2, 8, 1]
    assert absence.loc["2024Q2", "children"] == 0
    assert absence.loc["2024Q3", "worrying"] == 0
