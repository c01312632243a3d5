"""The data layer on both SQLite and PostgreSQL: schema, demo data, versions in force, CLI."""

import os
import random
import subprocess
import sys
from datetime import date

import pandas as pd
import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Date, Float, Integer, String, cast, func, insert, inspect, literal, select, text, union_all

from data_access import queries
from data_access.engine import database_url, make_engine
from data_access.migrate import is_current, upgrade
from data_access.models import (
    Base,
    Family,
    ImportVersion,
    OutcomeCategory,
    Person,
    PersonExit,
    PersonStatus,
    Site,
    StaffAssignment,
    StaffMember,
)
from data_access.queries import REPORTED_FRAMES, data_fingerprint, is_empty, load_frames, versions_in_force_query
from demo.simulation import DemoRefused, national_scale, simulate_site, write_demo
from metrics.frames import filter_frames
from metrics.overview import key_figures
from metrics.registry import project_target_status
from tests.conftest import PROJECT_ROOT, url_of


def test_migrations_create_exactly_the_models(engine):
    assert is_current(engine)
    assert set(Base.metadata.tables) <= set(inspect(engine).get_table_names())
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert differences == [], "the models changed without a migration"


def test_migrating_twice_is_harmless(engine):
    upgrade(engine)
    assert is_current(engine)


def test_sqlite_connections_are_configured(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'pragmas.db'}")
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() >= 5000


def test_database_url_defaults_to_sqlite_and_accepts_postgres_urls(monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    assert database_url().startswith("sqlite:///") and database_url().endswith("data/styregruppe.db")
    monkeypatch.setenv("DATABASE_URL", "postgres://user@db.example/dashboard")
    assert database_url() == "postgresql+psycopg://user@db.example/dashboard"


def test_demo_data_are_modelled_on_opgang_til_opgang(demo_engine):
    frames = load_frames(demo_engine)
    gellerup_id = frames.sites.loc[frames.sites["site_name"] == "Gellerup", "site_id"].item()
    gellerup = filter_frames(frames, site_ids=[gellerup_id])
    assert len(frames.sites) == 2
    assert len(gellerup.quarters()) == 12
    latest = gellerup.persons[gellerup.persons["quarter"] == gellerup.latest_quarter()]
    assert latest["family_key"].nunique() == 62
    assert 270 <= len(latest) <= 310
    assert set(latest["target_group"]) == {"adult", "young", "child"}
    staff = gellerup.staff[gellerup.staff["quarter"] == gellerup.latest_quarter()]
    assert len(staff) == 10
    # Pairs: two staff whose assignments to the same family overlap in time, over the whole history.
    history = gellerup.assignments[gellerup.assignments["quarter"] == gellerup.latest_quarter()]
    history = history.assign(end_date=history["end_date"].fillna(pd.Timestamp("2100-01-01")))
    both = history.merge(history, on="family_key", suffixes=("", "_other"))
    overlapping = both[
        (both["staff_key"] < both["staff_key_other"])
        & (both["start_date"] < both["end_date_other"])
        & (both["start_date_other"] < both["end_date"])
    ]
    pairs = set(zip(overlapping["staff_key"], overlapping["staff_key_other"], strict=True))
    assert len(pairs) == 37


def test_every_family_has_two_staff_at_a_time(demo_engine):
    frames = load_frames(demo_engine)
    latest = frames.assignments[frames.assignments["quarter"] == frames.latest_quarter()]
    open_assignments = latest[latest["end_date"].isna()]
    assert (open_assignments.groupby(["site_id", "family_key"]).size() == 2).all()


def test_demo_is_deterministic_for_a_seed(engine, tmp_path):
    write_demo(engine, seed=7)
    other = make_engine(f"sqlite:///{tmp_path / 'again.db'}")
    upgrade(other)
    write_demo(other, seed=7)
    first, second = load_frames(engine), load_frames(other)
    for name in ("persons", "statuses", "wellbeing", "assignments"):
        columns = [c for c in getattr(first, name).columns if c != "site_id"]
        left = getattr(first, name)[columns].sort_values(columns).reset_index(drop=True)
        right = getattr(second, name)[columns].sort_values(columns).reset_index(drop=True)
        assert left.equals(right), name


def test_demo_refuses_a_non_empty_database_unless_replacing(demo_engine):
    before = load_frames(demo_engine).persons
    with pytest.raises(DemoRefused, match="--replace"):
        write_demo(demo_engine, seed=99)
    assert load_frames(demo_engine).persons.equals(before)
    write_demo(demo_engine, seed=99, replace=True)
    assert not is_empty(demo_engine)
    with demo_engine.connect() as connection:
        assert connection.execute(select(func.count()).select_from(Site)).scalar_one() == 2


def test_key_figures_reconcile_with_direct_sql(demo_engine):
    """The overview's numbers equal a count written straight against the stored rows."""
    frames = load_frames(demo_engine)
    quarter = frames.latest_quarter()
    with demo_engine.connect() as connection:
        site_id = connection.execute(select(Site.id).where(Site.name == "Gellerup")).scalar_one()
        version_id = connection.execute(
            select(func.max(ImportVersion.id)).where(
                ImportVersion.site_id == site_id, ImportVersion.quarter == quarter
            )
        ).scalar_one()
        in_job_or_education = connection.execute(
            select(func.count()).select_from(PersonStatus)
            .join(OutcomeCategory, PersonStatus.category_id == OutcomeCategory.id)
            .where(PersonStatus.version_id == version_id, OutcomeCategory.group_code.in_(["job", "education"]))
        ).scalar_one()
        with_status = connection.execute(
            select(func.count()).select_from(PersonStatus).where(PersonStatus.version_id == version_id)
        ).scalar_one()
        active = connection.execute(text(
            "SELECT COUNT(*) FROM person WHERE version_id = :version AND start_date <= :end "
            "AND (end_date IS NULL OR end_date >= :start)"
        ), {"version": version_id, "start": date(2026, 7, 1), "end": date(2026, 9, 30)}).scalar_one()
    figures = key_figures(filter_frames(frames, site_ids=[site_id]), quarter).set_index("key")
    assert quarter == "2026Q3"
    assert figures.loc["in_job_or_education", "value"] == in_job_or_education
    assert figures.loc["in_job_or_education", "denominator"] == with_status
    assert figures.loc["active_persons", "value"] == active


def test_only_the_newest_version_of_a_quarter_is_in_force(demo_engine):
    frames = load_frames(demo_engine)
    quarter = frames.latest_quarter()
    fingerprint = data_fingerprint(demo_engine)
    with demo_engine.begin() as connection:
        site_id = connection.execute(select(Site.id).where(Site.name == "Gellerup")).scalar_one()
        version_id = connection.execute(insert(ImportVersion).values(
            site_id=site_id, quarter=quarter, kind="workbook", created_by="test", rows_per_sheet={"Personer": 1},
        ).returning(ImportVersion.id)).scalar_one()
        family_id = connection.execute(insert(Family).values(version_id=version_id, family_key="F900")
                                       .returning(Family.id)).scalar_one()
        connection.execute(insert(Person).values(
            version_id=version_id, person_key="P90000", family_id=family_id, target_group="adult",
            benefit_type="kontanthjaelp", start_date=date(2026, 1, 5), end_date=None,
        ))
        staff_id = connection.execute(insert(StaffMember).values(
            version_id=version_id, staff_key="M01", profession="job_consultant", department="Jobcenter",
        ).returning(StaffMember.id)).scalar_one()
        connection.execute(insert(StaffAssignment).values(
            version_id=version_id, family_id=family_id, staff_id=staff_id, start_date=date(2026, 1, 5),
        ))
    assert data_fingerprint(demo_engine) != fingerprint
    after = filter_frames(load_frames(demo_engine), site_ids=[site_id])
    latest = after.persons[after.persons["quarter"] == quarter]
    assert latest["person_key"].tolist() == ["P90000"]
    # Earlier quarters are untouched, and nothing was deleted.
    before = filter_frames(frames, site_ids=[site_id])
    earlier = before.quarters()[-2]
    assert len(after.persons[after.persons["quarter"] == earlier]) == len(
        before.persons[before.persons["quarter"] == earlier]
    )
    with demo_engine.connect() as connection:
        total = connection.execute(select(func.count()).select_from(Person)).scalar_one()
    assert total == len(frames.persons) + 1


def test_foreign_keys_are_enforced(engine):
    with pytest.raises(Exception), engine.begin() as connection:  # noqa: B017 - IntegrityError differs per driver
        connection.execute(insert(Family).values(version_id=424242, family_key="F001"))


def run_cli(*args: str, url: str) -> subprocess.CompletedProcess:
    environment = {**os.environ, "DATABASE_URL": url}
    return subprocess.run(
        [sys.executable, "-m", "cli", *args], cwd=PROJECT_ROOT, env=environment,
        capture_output=True, text=True, timeout=300,
    )


def test_command_line_migrates_seeds_and_refuses_to_overwrite(tmp_path):
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    assert run_cli("migrate", url=url).returncode == 0
    seeded = run_cli("demo", url=url)
    assert seeded.returncode == 0, seeded.stderr
    assert "Demodata skrevet" in seeded.stdout
    refused = run_cli("demo", url=url)
    assert refused.returncode == 2
    assert "--replace" in refused.stderr
    skipped = run_cli("demo", "--if-empty", url=url)
    assert skipped.returncode == 0
    assert run_cli("demo", "--replace", "--seed", "3", url=url).returncode == 0


def test_national_scale_sites_have_about_a_thousand_persons_each():
    plan = national_scale()
    assert len(plan.sites) == 98 and len(plan.quarters) == 20
    simulated = simulate_site(plan.sites[0], plan.quarters, random.Random("2026-1"))
    assert 900 <= len(simulated.persons) <= 1150
    pairs = {(family, staff) for family, staff, _, _ in simulated.assignments}
    assert len({family for family, _ in pairs}) == 217


@pytest.mark.parametrize("engine", ["postgresql"], indirect=True)  # COPY is PostgreSQL's
def test_reported_rows_read_with_copy_are_what_a_plain_query_gives(demo_engine, monkeypatch):
    """PostgreSQL sends the large frames as CSV through COPY: same columns, types, values and order."""
    assert demo_engine.dialect.name == "postgresql"
    copied = load_frames(demo_engine)
    monkeypatch.setattr(queries, "REPORTED_FRAMES", ())
    plain = load_frames(demo_engine)
    for name in REPORTED_FRAMES:
        pd.testing.assert_frame_equal(getattr(copied, name), getattr(plain, name), obj=name)
    def row(key, missing, hours, day):
        return select(
            literal(key, String).label("key"), cast(literal(missing), String).label("missing"),
            literal("", String).label("blank"), literal(7, Integer).label("count"),
            cast(literal(hours), Float).label("hours"), cast(literal(day), Date).label("day"),
            literal('semi;colon, "quoted"\nnew line', String).label("text"),
        )

    awkward = union_all(row("0042", None, None, None), row("7", "x", 2.5, date(2026, 3, 31)))
    with demo_engine.connect() as connection:
        left, right = queries._copied(connection, awkward), pd.read_sql(awkward, connection)
    for frame in (left, right):
        frame["day"] = pd.to_datetime(frame["day"]).dt.as_unit("s")  # as load_frames does
    pd.testing.assert_frame_equal(left, right)


def test_the_projects_own_delmaal_equal_an_independent_count_from_the_stored_rows(demo_engine):
    """Counting rules (status now; reached at some point with a heraf part) against SQL on the rows in force."""
    frames = load_frames(demo_engine)
    status = project_target_status(frames, "2026Q3").set_index("label")
    in_force = versions_in_force_query()

    def persons(categories: list[str], quarter_filter, exits_until: date | None = None) -> set[tuple]:
        statuses = (select(in_force.c.site_id, Person.person_key).select_from(PersonStatus)
                    .join(Person, PersonStatus.person_id == Person.id)
                    .join(in_force, PersonStatus.version_id == in_force.c.id)
                    .join(OutcomeCategory, PersonStatus.category_id == OutcomeCategory.id)
                    .join(Site, in_force.c.site_id == Site.id)
                    .where(Site.name == "Gellerup", OutcomeCategory.code.in_(categories), quarter_filter(in_force)))
        with demo_engine.connect() as connection:
            found = {tuple(row) for row in connection.execute(statuses)}
            if exits_until is not None:
                exits = (select(in_force.c.site_id, Person.person_key).select_from(PersonExit)
                         .join(Person, PersonExit.person_id == Person.id)
                         .join(in_force, PersonExit.version_id == in_force.c.id)
                         .join(OutcomeCategory, PersonExit.category_id == OutcomeCategory.id)
                         .join(Site, in_force.c.site_id == Site.id)
                         .where(Site.name == "Gellerup", OutcomeCategory.code.in_(categories),
                                PersonExit.exit_on <= exits_until))
                found |= {tuple(row) for row in connection.execute(exits)}
        return found

    now = persons(["ordinary_job", "ordinary_education"], lambda version: version.c.quarter == "2026Q3")
    assert status.loc["Borgere i ordinært arbejde eller uddannelse", "actual"] == len(now)
    until = (lambda version: version.c.quarter <= "2026Q3"), date(2026, 9, 30)
    started = persons(["youth_education_started", "youth_education_completed"], *until)
    completed = persons(["youth_education_completed"], *until)
    youth = status.loc["Unge, der er startet på en ungdomsuddannelse"]
    assert (youth["actual"], youth["part"], youth["part_label"]) == (len(started), len(started & completed),
                                                                      "gennemført")
    assert len(started) > len(started & completed) > 0


@pytest.mark.parametrize("engine", ["sqlite", "postgresql"], indirect=True)
def test_the_demo_keeps_its_published_quarters_figures_where_the_bi_views_show_them(engine, monkeypatch, capsys):
    import cli.__main__ as command_line

    kept = []
    # Keeping two years of quarters takes half a minute: counted here, worked out in tests/test_bi_views.py.
    monkeypatch.setattr(command_line, "keep_every_published_figure", lambda engine: kept.append(engine) or (24, 0))
    monkeypatch.setenv("DATABASE_URL", url_of(engine))
    assert command_line.main(["demo"]) == 0
    on_postgresql = engine.dialect.name == "postgresql"
    assert len(kept) == on_postgresql  # the views are PostgreSQL's; nothing else reads a kept quarter before a purge
    assert ("24 offentliggjorte kvartaler gemt til BI-visningerne" in capsys.readouterr().out) == on_postgresql
