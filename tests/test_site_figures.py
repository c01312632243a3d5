"""A programme worked out site by site gives what the pandas functions give over all sites at once.

Every figure ``metrics.additive`` declares is asked for both ways, on the demo and on randomised demo data,
on SQLite and PostgreSQL, for every target-group filter and for the data as published: from the rows
(``load_frames``, the definition) and from the database source site by site (``frames_of_view``, with
each site's part kept in ``site_figure``). A site's kept part must follow its rows: after a correction, a
rollback or a change of master data the figures are those of the new rows.
"""

import math
import random
from dataclasses import asdict, is_dataclass, replace

import pandas as pd
import pytest
from sqlalchemy import delete, func, select, update

from data_access.engine import make_engine
from data_access.importer import import_workbook, rollback_to, version_history
from data_access.models import Benchmark, OutcomeCategory, ProjectTarget, Publication, PublicationVersion, SiteFigure
from data_access.queries import REPORTED_FRAMES, load_frames
from data_access.site_figures import delete_unreachable, frames_of_view, source
from demo.simulation import write_demo
from metrics import indicators, outcomes, progression, registry, retention, small_jobs, staff, subgoals, wellbeing
from metrics.additive import ADDITIVE
from metrics.frames import COLUMNS, SITE_LEVEL, FrameNotRead, NotRead, ProgrammeFrames, filter_frames
from metrics.goal_rules import EVER, NOW, CountingRule, rule_of
from metrics.overview import KEY_FIGURES, category_alerts, key_figures, outcomes_by_quarter
from metrics.progression import scales_of
from metrics.quarters import previous_quarter
from metrics.registry import project_target_status
from tests.conftest import PROJECT_ROOT, url_of
from tests.workbooks import in_force_return, workbook_bytes

TARGET_GROUPS = [None, ["young"], ["adult", "child"]]


def _cases(frames: ProgrammeFrames) -> dict:
    """The arguments each figure is asked with: the latest quarter, the one before and the first."""
    quarters = frames.quarters()
    latest, first = quarters[-1], quarters[0]
    some = [latest, previous_quarter(latest), first]
    rules = [rule for rule in map(rule_of, frames.project_targets.itertuples(index=False)) if rule]
    rules += [CountingRule(frozenset({"ordinary_job", "small_job"}), EVER, frozenset({"young"}),
                           frozenset({"small_job"})),
              CountingRule(frozenset({"flex_job"}), NOW)]
    scales = list(scales_of(frames).values())
    per_quarter = [(quarter,) for quarter in some]
    return {
        indicators.active_counts: [()],
        indicators.target_groups_present: [()],
        indicators.status_counts: [()],
        indicators.newly_in_job_or_education: per_quarter,
        indicators.who5_mean_change: per_quarter,
        indicators.who5_improved: per_quarter,
        registry.count_by_rule_in: [(rule, quarter) for rule in rules for quarter in some[:2]],
        retention.retention_curve_in: per_quarter,
        progression.moved_closer_persons: per_quarter,
        retention.retained_persons: per_quarter,
        small_jobs.more_hours_persons: per_quarter,
        small_jobs.to_ordinary_persons: per_quarter,
        subgoals.person_goal_counts: per_quarter,
        outcomes.status_flow: per_quarter,
        outcomes.completed_courses: per_quarter,
        outcomes.follow_up_in_job_or_education: per_quarter,
        small_jobs.small_job_hour_counts: per_quarter,
        staff.distinct_staff_pairs: per_quarter,
        staff.family_pairs_in_quarter: per_quarter,
        staff.staff_caseload: per_quarter,
        staff.pair_counts: per_quarter,
        staff.combination_counts: per_quarter,
        staff.profession_pair_families: per_quarter,
        staff.overall_family_share: per_quarter,
        wellbeing.who5_pair_scores: per_quarter,
        wellbeing.who5_first_measured: per_quarter,
        wellbeing.school_absence_counts: [(quarters,), (quarters[-4:],)],
        progression.instruments_measured: [()],
        progression.progression_pair_scores: [(latest, None)] + [(latest, scale.code) for scale in scales],
        progression.bands_by_quarter: [(scale, quarters) for scale in scales],
        retention.aftercare_summary_in: per_quarter,
        small_jobs.small_job_summary_in: per_quarter,
        small_jobs.small_jobs_now_by: [(latest, "job_type"), (latest, "company_size")],
        small_jobs.companies: per_quarter,
        small_jobs.hour_counts_by_quarter: [(quarters,)],
    }


def _same(worked_out, defined, what: str) -> None:
    if isinstance(defined, pd.DataFrame) and defined.empty:
        # Nothing to show: the columns are what matter (an empty frame's types follow how it was read).
        assert worked_out.empty and list(worked_out.columns) == list(defined.columns), what
    elif isinstance(defined, pd.DataFrame):
        # Sums of decimals added in another order may differ in the last binary digit: 1e-12 of the value.
        pd.testing.assert_frame_equal(worked_out, defined, check_exact=False, rtol=1e-12, obj=what)
    elif is_dataclass(defined) or isinstance(defined, dict):
        worked_out, defined = (asdict(value) if is_dataclass(value) else value for value in (worked_out, defined))
        assert worked_out.keys() == defined.keys(), what
        for key, value in defined.items():
            if isinstance(value, float) and worked_out[key] is not None:
                assert math.isclose(worked_out[key], value, rel_tol=1e-12), f"{what}: {key}"
            else:
                assert worked_out[key] == value, f"{what}: {key}"
    else:
        assert worked_out == defined, what


def _site_by_site(engine, monkeypatch, publication_ids=None) -> ProgrammeFrames:
    monkeypatch.setenv("SITE_FIGURES_FROM", "1")  # the demo's few sites are worked out one by one
    return frames_of_view(engine, publication_ids=publication_ids)


def _assert_every_figure_as_defined(engine, monkeypatch, publication_ids=None) -> None:
    defined_all = load_frames(engine, publication_ids=publication_ids)
    worked_all = _site_by_site(engine, monkeypatch, publication_ids)
    cases = _cases(defined_all)
    assert set(cases) == set(ADDITIVE), "every figure that adds up over sites is checked here"
    for groups in TARGET_GROUPS:
        defined = filter_frames(defined_all, target_groups=groups)
        worked = filter_frames(worked_all, target_groups=groups)
        for function, arguments in cases.items():
            for args in arguments:
                what = f"{function.__qualname__}{args!r:.80} for {groups}"
                _same(worked.once(function, *args), function(defined, *args), what)
        # And the figures built on them, as the pages show them.
        quarter = defined.latest_quarter()
        pd.testing.assert_frame_equal(key_figures(worked, quarter, KEY_FIGURES), key_figures(defined, quarter,
                                                                                             KEY_FIGURES))
        pd.testing.assert_frame_equal(outcomes_by_quarter(worked), outcomes_by_quarter(defined))
        pd.testing.assert_frame_equal(category_alerts(worked, quarter), category_alerts(defined, quarter))
        pd.testing.assert_frame_equal(project_target_status(worked, quarter), project_target_status(defined, quarter))
        pd.testing.assert_frame_equal(staff.combination_outcomes(worked, quarter),
                                      staff.combination_outcomes(defined, quarter))
        pd.testing.assert_frame_equal(staff.pair_outcomes(worked, quarter), staff.pair_outcomes(defined, quarter))


def _reading_rows(monkeypatch) -> list[str]:
    """The reported frames read from now on, a site's or a view's, each time one is read."""
    read: list[str] = []
    real = source.reported_frames

    def recording(engine, versions, names=REPORTED_FRAMES):
        read.extend(names)
        return real(engine, versions, names)

    monkeypatch.setattr(source, "reported_frames", recording)
    return read


def _kept_by_site(engine) -> dict[int, int]:
    with engine.connect() as connection:
        return dict(connection.execute(select(SiteFigure.site_id, func.count()).group_by(SiteFigure.site_id)).all())


@pytest.mark.walk
def test_every_figure_site_by_site_is_as_defined_on_the_demo(demo_engine, monkeypatch):
    _assert_every_figure_as_defined(demo_engine, monkeypatch)


@pytest.mark.walk
def test_every_figure_site_by_site_is_as_defined_on_randomised_data(engine, monkeypatch):
    write_demo(engine, seed=random.Random().randrange(10**6))
    _assert_every_figure_as_defined(engine, monkeypatch)


@pytest.mark.parametrize("engine", ["sqlite"], indirect=True)
def test_a_published_quarter_site_by_site_is_as_published(demo_engine, monkeypatch):
    with demo_engine.connect() as connection:
        publication_ids = tuple(connection.execute(select(Publication.id).order_by(Publication.id)).scalars())[:2]
    _assert_every_figure_as_defined(demo_engine, monkeypatch, publication_ids)


@pytest.mark.parametrize("engine", ["sqlite"], indirect=True)
def test_a_view_holds_its_rows_or_none_as_its_number_of_sites_decides(demo_engine, monkeypatch):
    """Decided once, when the view's frames are made: nothing reads rows later because a figure touches a frame."""
    defined = load_frames(demo_engine)
    quarter = defined.latest_quarter()
    monkeypatch.setenv("SITE_FIGURES_FROM", "3")  # the demo's two sites are few: their rows are read at once
    few = frames_of_view(demo_engine)
    assert few.source is None
    for name in REPORTED_FRAMES:
        pd.testing.assert_frame_equal(getattr(few, name), getattr(defined, name), obj=name)

    monkeypatch.setenv("SITE_FIGURES_FROM", "2")  # now they are many: no row is read into the view
    read = _reading_rows(monkeypatch)
    many = frames_of_view(demo_engine)
    assert read == [] and all(isinstance(getattr(many, name), NotRead) for name in REPORTED_FRAMES)
    with pytest.raises(FrameNotRead):
        many.persons["target_group"]
    # A part of it (one site, one target group) is a part of the same decision: its figures are its sites' parts.
    site = int(defined.sites["site_id"].iloc[0])
    one = filter_frames(many, site_ids=[site], target_groups=["young"])
    assert isinstance(one.persons, NotRead)
    one_defined = filter_frames(defined, site_ids=[site], target_groups=["young"])
    pd.testing.assert_frame_equal(key_figures(one, quarter), key_figures(one_defined, quarter))
    # Working out a site's part read only the frames its figures declare.
    declared = {name for function in ADDITIVE for name in ADDITIVE[function].reads}
    assert read and set(read) <= declared


def test_kept_figures_are_read_again_without_rows_and_follow_corrections(demo_engine, monkeypatch):
    first = _site_by_site(demo_engine, monkeypatch)
    quarter = first.latest_quarter()
    before = key_figures(first, quarter)
    with demo_engine.connect() as connection:
        kept = connection.execute(select(func.count()).select_from(SiteFigure)).scalar_one()
    assert kept > 0

    # Another process (or the same after a restart) reads every site's part: no person's row is read.
    read = _reading_rows(monkeypatch)
    again = _site_by_site(demo_engine, monkeypatch)
    pd.testing.assert_frame_equal(key_figures(again, quarter), before)
    assert read == []

    # A correction of one site's latest quarter (everybody back in progress, other activity counts), imported as
    # a workbook, and then rolled back: each time the figures follow the rows.
    original = in_force_return(demo_engine, quarter=quarter)
    history = version_history(demo_engine)
    original_id = int(history[(history["site_id"] == original.site_id) & (history["quarter"] == quarter)]
                      ["version_id"].max())
    corrected = replace(original, statuses=[(person, "in_progress", None) for person, _, _ in original.statuses],
                        activities=[tuple(count + 1 if count is not None else None for count in row)
                                    for row in original.activities])
    assert import_workbook(demo_engine, workbook_bytes(demo_engine, [corrected]), file_name="rettelse.xlsx",
                           created_by="test", site_id=original.site_id, quarter=quarter, commit=True).stored
    kept_before = _kept_by_site(demo_engine)
    after_correction = key_figures(_site_by_site(demo_engine, monkeypatch), quarter)
    # Only the corrected site was worked out again: the other sites' parts were read.
    new_parts = {site: count - kept_before.get(site, 0) for site, count in _kept_by_site(demo_engine).items()}
    assert {site for site, count in new_parts.items() if count} == {original.site_id}
    pd.testing.assert_frame_equal(after_correction, key_figures(load_frames(demo_engine), quarter))
    assert not after_correction.equals(before)
    rollback_to(demo_engine, original_id, "test")
    pd.testing.assert_frame_equal(key_figures(_site_by_site(demo_engine, monkeypatch), quarter), before)

    # Master data changed in place (a category moved to another group): the figures follow it too.
    with demo_engine.begin() as connection:
        connection.execute(update(OutcomeCategory).where(OutcomeCategory.code == "small_job")
                           .values(group_code="education"))
    moved = _site_by_site(demo_engine, monkeypatch)
    defined = load_frames(demo_engine)
    pd.testing.assert_frame_equal(outcomes_by_quarter(moved), outcomes_by_quarter(defined))
    pd.testing.assert_frame_equal(key_figures(moved, quarter), key_figures(defined, quarter))


def test_a_site_figures_threshold_that_is_not_a_number_stops_the_app_with_a_danish_message(demo_database_url,
                                                                                          monkeypatch):
    from streamlit.testing.v1 import AppTest


    monkeypatch.setenv("DATABASE_URL", demo_database_url)
    monkeypatch.setenv("SITE_FIGURES_FROM", "otte")
    at = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=60).run()
    assert not at.exception
    assert [error.value for error in at.error] == [
        "Miljøvariablen SITE_FIGURES_FROM skal være et helt tal på mindst 1 (fx 8), men er sat til «otte». Ret den, "
        "og start appen igen."]
    assert not at.text_input  # no sign-in form, no page


# --- Kept figures: what they depend on, what is deleted, the warm-up, one computation at a time -----------

# Reported frames that carry master data in their rows: each category's group.
CARRY_CATEGORIES = {"statuses", "exits", "follow_ups"}
MASTER_DATA = {name for name in COLUMNS if name not in SITE_LEVEL} | {"sites"}


@pytest.mark.parametrize("engine", ["sqlite"], indirect=True)
def test_each_figure_declares_every_frame_it_reads(demo_engine, monkeypatch):
    """Every frame a figure touches, recorded while it is worked out for each site: a master-data frame it reads
    and does not declare would leave a kept part standing after that master data changed, and a reported frame
    it does not declare is not read for it."""
    frames = load_frames(demo_engine)
    touched: set[str] = set()
    plain = ProgrammeFrames.__getattribute__

    def recording(self, name):
        if name in COLUMNS:
            touched.add(name)
        return plain(self, name)

    for function, arguments in _cases(frames).items():
        read = set()
        for site in frames.sites["site_id"]:
            of_site = filter_frames(frames, site_ids=[site])
            for args in arguments:
                fresh = of_site.fresh()
                touched.clear()
                monkeypatch.setattr(ProgrammeFrames, "__getattribute__", recording)
                try:
                    function(fresh, *args)
                finally:
                    monkeypatch.setattr(ProgrammeFrames, "__getattribute__", plain)
                read |= touched
        needed = (read & MASTER_DATA) | ({"categories"} if read & CARRY_CATEGORIES else set())
        assert needed <= set(ADDITIVE[function].master_data), function.__qualname__
        assert read & set(REPORTED_FRAMES) <= set(ADDITIVE[function].reads), function.__qualname__


def _keys(engine) -> set[str]:
    with engine.connect() as connection:
        return set(connection.execute(select(SiteFigure.key)).scalars())


@pytest.mark.parametrize("engine", ["sqlite"], indirect=True)
def test_a_master_data_edit_keeps_the_figures_that_do_not_depend_on_it(demo_engine, monkeypatch):
    quarter = _site_by_site(demo_engine, monkeypatch).latest_quarter()
    key_figures(_site_by_site(demo_engine, monkeypatch), quarter)
    kept = _keys(demo_engine)
    assert delete_unreachable(demo_engine) == 0  # everything kept is what the data in force gives

    # A benchmark's value and a delmål's text: no figure kept per site reads them.
    with demo_engine.begin() as connection:
        connection.execute(update(Benchmark).values(value=Benchmark.value + 1))
        connection.execute(update(ProjectTarget).values(label=ProjectTarget.label + " (ny tekst)"))
    assert delete_unreachable(demo_engine) == 0
    key_figures(_site_by_site(demo_engine, monkeypatch), quarter)
    assert _keys(demo_engine) == kept  # nothing was worked out again

    # A category moved to another group: the figures that carry categories go, the others stay.
    with demo_engine.begin() as connection:
        connection.execute(update(OutcomeCategory).where(OutcomeCategory.code == "small_job")
                           .values(group_code="education"))
        figures = dict(connection.execute(select(SiteFigure.key, SiteFigure.figure)).all())
    deleted = delete_unreachable(demo_engine)
    left = _keys(demo_engine)
    declared = {f"{function.__module__}:{function.__qualname__}": ADDITIVE[function].master_data
                for function in ADDITIVE}
    assert deleted == len(kept - left) > 0
    assert all("categories" in declared[figures[key]] for key in kept - left)
    assert left and all("categories" not in declared[figures[key]] for key in left)


@pytest.mark.parametrize("engine", ["sqlite"], indirect=True)
def test_a_correction_deletes_the_corrected_sites_old_parts_only(demo_engine, monkeypatch):
    """The parts of versions no longer in force go, unless a presented quarter still shows them."""
    with demo_engine.begin() as connection:
        connection.execute(delete(PublicationVersion))
        connection.execute(delete(Publication))
    quarter = _site_by_site(demo_engine, monkeypatch).latest_quarter()
    key_figures(_site_by_site(demo_engine, monkeypatch), quarter)
    before = _kept_by_site(demo_engine)
    original = in_force_return(demo_engine, quarter=quarter)
    corrected = replace(original, statuses=[(person, "in_progress", None) for person, _, _ in original.statuses])
    assert import_workbook(demo_engine, workbook_bytes(demo_engine, [corrected]), file_name="rettelse.xlsx",
                           created_by="test", site_id=original.site_id, quarter=quarter, commit=True).stored
    assert delete_unreachable(demo_engine) == before[original.site_id]
    assert _kept_by_site(demo_engine) == {site: count for site, count in before.items() if site != original.site_id}


@pytest.mark.walk
@pytest.mark.parametrize("engine", ["sqlite"], indirect=True)
def test_the_warm_up_leaves_nothing_for_the_first_reader_to_work_out(demo_engine, monkeypatch):
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from bench.walk import walk_every_page
    from cli.warm import warm_figures
    from data_access.models import UserAccount
    from data_access.site_figures import forget_combined
    from ui.data_cache import forget_memos

    monkeypatch.setenv("SITE_FIGURES_FROM", "1")
    monkeypatch.setenv("DATABASE_URL", url_of(demo_engine))  # the warm-up sets it for its walk; put back after
    warmed = warm_figures(url_of(demo_engine))
    assert warmed["views"][0] == "Seneste data" and len(warmed["views"]) == 2  # and the newest presented quarter
    kept = _keys(demo_engine)
    assert kept
    # The overview's figures for the latest data: all read, none worked out.
    read = _reading_rows(monkeypatch)
    frames = _site_by_site(demo_engine, monkeypatch)
    key_figures(frames, frames.latest_quarter())
    assert _keys(demo_engine) == kept and read == []
    # Every page and tab as the steering group opens them (the newest presented quarter), walked as the warm-up
    # walks them but in a process that has worked out nothing yet: every site's part read, none worked out anew.
    st.cache_data.clear()
    forget_memos()
    forget_combined()
    with demo_engine.connect() as connection:
        reader = connection.execute(select(UserAccount.id).where(UserAccount.username == "styregruppe")).scalar_one()
    session = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=120)
    session.session_state["account_id"] = reader
    walk_every_page(session)
    assert _keys(demo_engine) == kept


@pytest.mark.parametrize("engine", ["sqlite"], indirect=True)
def test_a_release_warmed_before_it_takes_traffic_leaves_the_old_release_its_parts(demo_engine, monkeypatch):
    from data_access.site_figures import basis

    def read_everything() -> list[str]:
        read = _reading_rows(monkeypatch)
        frames = _site_by_site(demo_engine, monkeypatch)
        key_figures(frames, frames.latest_quarter())
        return read

    read_everything()
    old_release = _keys(demo_engine)
    real_fingerprint = basis.code_fingerprint
    # A release that changes how every figure is worked out: every key is new.
    monkeypatch.setattr(basis, "code_fingerprint", lambda module: "ny-" + real_fingerprint(module))
    read_everything()
    new_release = _keys(demo_engine) - old_release
    assert new_release
    # The deploy step (warm-figures --before-release) deletes nothing the release still serving reads ...
    assert delete_unreachable(demo_engine, keep_other_bases=True) == 0
    monkeypatch.setattr(basis, "code_fingerprint", real_fingerprint)
    assert read_everything() == [] and _keys(demo_engine) == old_release | new_release
    # ... and the new release's next warm-up deletes what only the old one read.
    monkeypatch.setattr(basis, "code_fingerprint", lambda module: "ny-" + real_fingerprint(module))
    assert delete_unreachable(demo_engine) == len(old_release)
    assert read_everything() == [] and _keys(demo_engine) == new_release


@pytest.mark.parametrize("engine", ["sqlite"], indirect=True)
def test_readers_asking_at_the_same_moment_work_a_figure_out_once(demo_engine, monkeypatch):
    import threading

    from data_access.site_figures import source, store

    frames = _site_by_site(demo_engine, monkeypatch)
    quarter = frames.latest_quarter()
    stored = []
    real_keep = store.keep
    monkeypatch.setattr(store, "keep", lambda *args: stored.append(args[1]) or real_keep(*args))
    source.forget_combined()
    start = threading.Barrier(4)
    results = []

    def read() -> None:
        start.wait()
        results.append(_site_by_site(demo_engine, monkeypatch).once(indicators.status_counts))

    readers = [threading.Thread(target=read) for _ in range(4)]
    for reader in readers:
        reader.start()
    for reader in readers:
        reader.join()
    assert stored == [indicators.status_counts]  # one reader worked it out; the others waited and read it
    assert all(result is results[0] for result in results)
    assert quarter


@pytest.mark.parametrize("engine", ["postgresql"], indirect=True)
def test_two_processes_asking_for_the_same_parts_work_them_out_once(demo_engine, monkeypatch):
    """Two app processes (here: two sources with engines of their own, past the process's own single flight)
    asking for the same sites' parts at once: one works them out, the other waits and reads them."""
    import threading

    from data_access.site_figures import store

    stored = []
    real_keep = store.keep
    monkeypatch.setattr(store, "keep", lambda *args: stored.append(args[3]) or real_keep(*args))
    start = threading.Barrier(2)
    results = []

    def read() -> None:
        frames = _site_by_site(make_engine(url_of(demo_engine)), monkeypatch)
        source = frames.source
        basis = source.basis(indicators.status_counts)
        keys = {site: source._key(basis, site, versions, ()) for site, versions in source.site_versions().items()}
        start.wait()
        results.append(source._per_site(indicators.status_counts, basis, keys, ()))

    readers = [threading.Thread(target=read) for _ in range(2)]
    for reader in readers:
        reader.start()
    for reader in readers:
        reader.join()
    assert len(stored) == 1 and len(stored[0]) == len(load_frames(demo_engine).sites)
    for one, other in zip(*results, strict=True):
        pd.testing.assert_frame_equal(one, other)


def test_the_warm_up_refuses_a_threshold_that_is_not_a_number_with_a_danish_message(fresh_demo_url, monkeypatch,
                                                                                       capsys):
    from cli.__main__ import main

    monkeypatch.setenv("SITE_FIGURES_FROM", "otte")
    for deploy_step in ([], ["--before-release"]):
        assert main(["warm-figures", *deploy_step]) == 2
        assert "SITE_FIGURES_FROM skal være et helt tal på mindst 1" in capsys.readouterr().err
    with make_engine(fresh_demo_url).connect() as connection:
        assert connection.execute(select(func.count()).select_from(SiteFigure)).scalar_one() == 0
