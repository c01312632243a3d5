"""Metrics against small hand-built data with hand-computed expectations."""

from dataclasses import replace

import pandas as pd
import pytest

from metrics import indicators
from metrics.frames import COLUMNS, ProgrammeFrames, filter_frames
from metrics.overview import key_figures, outcomes_by_quarter
from metrics.registry import INDICATORS, project_target_status
from metrics.selection import make_selection

T = pd.Timestamp


def frame(name: str, rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=COLUMNS[name])


@pytest.fixture
def frames() -> ProgrammeFrames:
    """Two sites of two projects; quarters 2024Q1 and 2024Q2.

    Site 1, 2024Q1 roster: P1 (adult, F1, active), P2 (young, F2, ended in Q1),
    P3 (child, F1, started in Q1), P4 (adult, F3, starts in Q2), P5 (adult, F2,
    ended before Q1). Active in Q1: P1, P2, P3 -> 3 persons, families F1 and F2.
    Q2 roster: P1, P3, P4 active (P2 ended in Q1) -> 3 persons, families F1, F3.
    Site 2 has one adult, Q1 only.
    """
    persons = frame("persons", [
        (1, "2024Q1", "P1", "F1", "adult", "kontanthjaelp", T("2024-01-10"), pd.NaT),
        (1, "2024Q1", "P2", "F2", "young", "uddannelseshjaelp", T("2023-11-01"), T("2024-02-15")),
        (1, "2024Q1", "P3", "F1", "child", "none", T("2024-03-01"), pd.NaT),
        (1, "2024Q1", "P4", "F3", "adult", "kontanthjaelp", T("2024-04-02"), pd.NaT),
        (1, "2024Q1", "P5", "F2", "adult", "kontanthjaelp", T("2023-01-01"), T("2023-12-31")),
        (1, "2024Q2", "P1", "F1", "adult", "kontanthjaelp", T("2024-01-10"), pd.NaT),
        (1, "2024Q2", "P2", "F2", "young", "uddannelseshjaelp", T("2023-11-01"), T("2024-02-15")),
        (1, "2024Q2", "P3", "F1", "child", "none", T("2024-03-01"), pd.NaT),
        (1, "2024Q2", "P4", "F3", "adult", "kontanthjaelp", T("2024-04-02"), pd.NaT),
        (2, "2024Q1", "Q1", None, "adult", "kontanthjaelp", T("2024-01-01"), pd.NaT),
    ])
    statuses = frame("statuses", [
        (1, "2024Q1", "P1", "adult", "small_job", "job", 8.0),
        (1, "2024Q1", "P2", "young", "youth_education_started", "education", None),
        (1, "2024Q2", "P1", "adult", "small_job", "job", 10.0),
        (1, "2024Q2", "P4", "adult", "company_placement", "company", 15.0),
        (2, "2024Q1", "Q1", "adult", "in_progress", "in_progress", None),
    ])
    wellbeing = frame("wellbeing", [
        (1, "2023Q4", "P1", "adult", "who5", 40.0, T("2023-12-01")),
        (1, "2024Q1", "P1", "adult", "who5", 48.0, T("2024-03-01")),
        (1, "2024Q2", "P1", "adult", "who5", 60.0, T("2024-06-01")),
        (1, "2024Q1", "P2", "young", "who5", 32.0, T("2024-02-01")),
        (1, "2024Q1", "P3", "child", "who5", 20.0, T("2024-03-10")),
        (1, "2024Q2", "P3", "child", "who5", 12.0, T("2024-05-10")),
        (1, "2024Q2", "P3", "child", "school_absence", 9.5, T("2024-05-10")),
    ])
    sites = frame("sites", [
        (1, "Gellerup", 10, "Opgang til Opgang", "Aarhus"),
        (2, "Østbyen", 20, "Fremskudt", "Roskilde"),
    ])
    targets = frame("project_targets", [
        (1, 10, "in_job_or_education", "2 i job eller uddannelse", 2.0, T("2024-12-31"), *NO_RULE),
        (2, 10, "active_families", "3 aktive familier", 3.0, T("2024-12-31"), *NO_RULE),
        (3, 20, "active_persons", "1 aktiv borger", 1.0, T("2024-12-31"), *NO_RULE),
    ])
    return replace(
        ProgrammeFrames.empty(), persons=persons, statuses=statuses, wellbeing=wellbeing,
        sites=sites, project_targets=targets,
    )


# A target naming a fixed indicator has no counting rule.
NO_RULE = (None, None, None, None, None, None, False)  # no counting rule, no heraf target, not a headline figure


def site_one(frames: ProgrammeFrames) -> ProgrammeFrames:
    return filter_frames(frames, site_ids=[1])


def test_active_persons_and_families_follow_start_and_end_dates(frames):
    assert indicators.active_persons(site_one(frames), "2024Q1").value == 3
    assert indicators.active_families(site_one(frames), "2024Q1").value == 2
    assert indicators.active_persons(site_one(frames), "2024Q2").value == 3
    assert indicators.active_families(site_one(frames), "2024Q2").value == 2
    assert indicators.active_persons(frames, "2024Q1").value == 4  # both sites


def test_persons_without_family_count_as_persons_but_not_families(frames):
    site_two = filter_frames(frames, site_ids=[2])
    assert indicators.active_persons(site_two, "2024Q1").value == 1
    assert indicators.active_families(site_two, "2024Q1").value == 0


def test_job_or_education_is_a_count_out_of_persons_with_a_status(frames):
    q1 = indicators.in_job_or_education(site_one(frames), "2024Q1")
    assert (q1.value, q1.numerator, q1.denominator) == (2, 2, 2)
    q2 = indicators.in_job_or_education(site_one(frames), "2024Q2")
    assert (q2.value, q2.denominator) == (1, 2)
    assert q2.share == pytest.approx(0.5)
    both = indicators.in_job_or_education(frames, "2024Q1")
    assert (both.numerator, both.denominator) == (2, 3)


def test_company_based_counts_only_company_group(frames):
    assert indicators.in_company_based(frames, "2024Q2").value == 1
    assert indicators.in_company_based(frames, "2024Q1").value == 0


def test_who5_change_pairs_first_and_latest_score_per_person(frames):
    # Up to 2024Q1: P1 40 -> 48 (+8); P2 and P3 have one WHO-5 each.
    q1 = indicators.who5_mean_change(frames, "2024Q1")
    assert (q1.value, q1.denominator) == (8, 1)
    # Up to 2024Q2: P1 40 -> 60 (+20), P3 20 -> 12 (-8): mean +6 over 2 persons.
    q2 = indicators.who5_mean_change(frames, "2024Q2")
    assert (q2.value, q2.numerator, q2.denominator) == (6, 12, 2)


def test_who5_change_without_pairs_is_no_value_not_zero(frames):
    empty = indicators.who5_mean_change(filter_frames(frames, site_ids=[2]), "2024Q1")
    assert empty.value is None and empty.denominator == 0


def test_targets_are_measured_on_their_own_project_only(frames):
    status = project_target_status(frames, "2024Q1").set_index("target_id")
    assert status.loc[1, "actual"] == 2 and bool(status.loc[1, "met"])
    assert status.loc[2, "actual"] == 2 and not bool(status.loc[2, "met"])
    # Project 20's only site has one active person, not the four of both sites.
    assert status.loc[3, "actual"] == 1 and bool(status.loc[3, "met"])
    assert status.loc[3, "project_name"] == "Fremskudt"
    met = INDICATORS["subgoals_met"].compute(frames, "2024Q1")
    assert (met.numerator, met.denominator) == (2, 3)


def test_site_filter_drops_other_projects_targets(frames):
    assert project_target_status(site_one(frames), "2024Q1")["target_id"].tolist() == [1, 2]


def test_target_group_filter(frames):
    adults = filter_frames(frames, site_ids=[1], target_groups=["adult"])
    assert indicators.active_persons(adults, "2024Q1").value == 1
    result = indicators.in_job_or_education(adults, "2024Q1")
    assert (result.numerator, result.denominator) == (1, 1)


def test_key_figures_give_value_previous_and_change(frames):
    figures = key_figures(site_one(frames), "2024Q2").set_index("key")
    assert figures.loc["active_persons", "value"] == 3
    assert figures.loc["active_persons", "previous_value"] == 3
    assert figures.loc["in_job_or_education", "change"] == -1
    assert figures.loc["who5_mean_change", "value"] == 6
    assert figures.loc["who5_mean_change", "change"] == -2
    assert figures.loc["subgoals_met", "value"] == 0  # 1 in job/education (< 2), 2 families (< 3)


def test_key_figures_without_previous_quarter_have_no_change(frames):
    figures = key_figures(site_one(frames), "2024Q1").set_index("key")
    assert figures["change"].isna().all()


def test_outcomes_by_quarter_has_every_group_in_every_quarter(frames):
    outcomes = outcomes_by_quarter(site_one(frames)).set_index(["quarter", "group_code"])
    assert len(outcomes) == 2 * 7
    assert outcomes.loc[("2024Q1", "job"), "persons"] == 1
    assert outcomes.loc[("2024Q1", "education"), "persons"] == 1
    assert outcomes.loc[("2024Q2", "company"), "persons"] == 1
    assert outcomes.loc[("2024Q2", "other_exit"), "persons"] == 0
    assert (outcomes.xs("2024Q1", level="quarter")["quarter_total"] == 2).all()


def test_every_indicator_is_fully_defined():
    for key, indicator in INDICATORS.items():
        assert indicator.key == key
        assert indicator.label and indicator.numerator and indicator.unit in ("count", "points")


def test_empty_frames_give_empty_results():
    empty = ProgrammeFrames.empty()
    assert empty.latest_quarter() is None
    assert indicators.active_persons(empty, "2024Q1").value == 0
    assert outcomes_by_quarter(empty).empty


def test_a_passed_deadline_is_judged_on_the_deadline_quarter(frames):
    targets = frames.project_targets.copy()
    # Target 1 (2 in job or education): 2 in 2024Q1, 1 in 2024Q2.
    assert not project_target_status(site_one(frames), "2024Q2").set_index("target_id").loc[1, "met"]
    targets.loc[targets["target_id"] == 1, "deadline"] = T("2024-03-31")
    status = project_target_status(site_one(replace(frames, project_targets=targets)), "2024Q2").set_index(
        "target_id")
    assert status.loc[1, "actual"] == 1 and bool(status.loc[1, "met"])


def test_successes_are_persons_new_in_job_or_education(frames):
    # 2024Q1: P1 (small job) and P2 (youth education) are in job/education; 2024Q2: P1 still, P4 in a placement.
    assert INDICATORS["newly_in_job_or_education"].compute(site_one(frames), "2024Q1").value == 2
    assert INDICATORS["newly_in_job_or_education"].compute(site_one(frames), "2024Q2").value == 0


def test_alerts_name_categories_that_moved_markedly():
    from metrics.overview import category_alerts

    rows = [(1, "2024Q1", f"A{n}", "adult", "company_placement", "company", None) for n in range(12)]
    rows += [(1, "2024Q2", f"A{n}", "adult", "company_placement", "company", None) for n in range(7)]
    rows += [(1, "2024Q1", f"B{n}", "adult", "small_job", "job", 8.0) for n in range(10)]
    rows += [(1, "2024Q2", f"B{n}", "adult", "small_job", "job", 8.0) for n in range(11)]
    categories = pd.DataFrame([("company_placement", "Virksomhedspraktik", "company", 1, True, False),
                               ("small_job", "Småjob", "job", 2, True, True)], columns=COLUMNS["categories"])
    frames = replace(ProgrammeFrames.empty(), statuses=frame("statuses", rows), categories=categories)
    alerts = category_alerts(frames, "2024Q2")
    # Placement fell 12 -> 7 (5 persons, 42 %): an alert. Småjob rose 10 -> 11: not.
    assert alerts[["label", "before", "now", "change"]].values.tolist() == [["Virksomhedspraktik", 12, 7, -5]]


def only_quarter(frames: ProgrammeFrames, quarter: str) -> ProgrammeFrames:
    """The frames with nothing but one quarter's return."""
    return replace(frames, **{name: getattr(frames, name)[getattr(frames, name)["quarter"] == quarter]
                              for name in ("persons", "statuses", "wellbeing")})


@pytest.mark.parametrize("key", ["active_persons", "active_families", "in_job_or_education", "in_company_based",
                                 "clarified"])
def test_indicators_worked_out_for_all_quarters_at_once_read_each_quarter_alone(frames, key):
    # The indicator is computed for every quarter in one pass and looked up per quarter: a quarter's
    # value must be what its own return alone gives, also for a quarter without any data.
    indicator = INDICATORS[key]
    for quarter in ("2024Q1", "2024Q2", "2023Q4", "2025Q1"):
        assert indicator.value_in(frames, quarter) == indicator.compute(only_quarter(frames, quarter), quarter)


def test_work_is_done_once_per_frames_and_every_caller_gets_its_own_copy(frames):
    calls = []

    def persons_per_site(some_frames: ProgrammeFrames, quarter: str) -> pd.DataFrame:
        calls.append(quarter)
        return some_frames.in_quarter("persons", quarter).groupby("site_id").size().rename("persons").to_frame()

    selection = make_selection(frames)
    first = selection.compute(persons_per_site, "2024Q1")
    first["persons"] = 0  # a caller changing its result ...
    again = selection.compute(persons_per_site, "2024Q1")
    assert again["persons"].tolist() == [5, 1]  # ... changes nobody else's
    assert calls == ["2024Q1"]
    selection.compute(persons_per_site, "2024Q2")
    assert calls == ["2024Q1", "2024Q2"]
    # Other frames (another site, another data version) do their own work.
    make_selection(frames, site_ids=[1]).compute(persons_per_site, "2024Q1")
    assert calls == ["2024Q1", "2024Q2", "2024Q1"]


def test_a_filter_that_keeps_everything_keeps_the_frames_and_their_work(frames):
    assert filter_frames(frames, site_ids=[1, 2]) is frames
    assert frames.for_sites([2, 1]) is frames
    site = frames.for_sites([1])
    assert site is frames.for_sites([1])
    assert site.sites["site_id"].tolist() == [1]
    assert site.project_targets["target_id"].tolist() == [1, 2]


def test_a_quarter_that_not_every_chosen_site_has_reported_says_which(frames):
    # Site 2 reported 2024 K1 only: the totals for 2024 K2 cover site 1 alone.
    incomplete = make_selection(frames, period=("2024Q1", "2024Q2"))
    assert not incomplete.comparable
    assert incomplete.missing_returns_note == (
        "Fremskudt – Østbyen har ikke indberettet 2024 K2 endnu; tallene for 2024 K2 dækker kun "
        "Opgang til Opgang – Gellerup. Derfor sammenlignes 2024 K2 ikke med kvartalet før, og der gives ingen "
        "vurdering af projektmålene, før alle har indberettet.")
    assert make_selection(frames, period=("2024Q1", "2024Q1")).missing_returns_note is None
    assert make_selection(frames, site_ids=[1]).missing_returns_note is None


def test_the_default_view_is_the_latest_quarter_every_chosen_site_has_reported(frames):
    default = make_selection(frames)
    assert default.quarter == "2024Q1" and default.comparable
    assert default.newer_quarter_note == (
        "2024 K2 er indtil videre kun indberettet fra Opgang til Opgang – Gellerup. Tallene vises for 2024 K1, det "
        "seneste kvartal alle har indberettet; vælg perioden til venstre for at se 2024 K2.")
    assert make_selection(frames, site_ids=[1]).quarter == "2024Q2"
    # A site that only began reporting later does not make the earlier quarters incomplete.
    assert frames.sites_missing([1, 2], "2023Q4") == []


def test_a_view_of_many_sites_is_described_by_project_and_count_not_by_every_name():
    sites = pd.DataFrame({"site_id": range(1, 8), "site_name": [f"Kommune {n}" for n in range(1, 8)],
                          "project_id": [1] * 6 + [2], "project_name": ["Landsprogram"] * 6 + ["Byprojekt"],
                          "municipality": [""] * 7}, columns=COLUMNS["sites"])
    frames = replace(ProgrammeFrames.empty(), sites=sites)
    assert make_selection(frames).description.startswith("Landsprogram: 6 steder, Byprojekt: 1 sted · alle målgrupper")
    assert make_selection(frames, [1, 7]).description.startswith("Landsprogram – Kommune 1, Byprojekt – Kommune 7 ·")
