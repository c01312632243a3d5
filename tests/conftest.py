"""Shared fixtures: databases (SQLite and PostgreSQL), demo data, the running app."""

import os
import shutil
import uuid
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from hypothesis import settings
from sqlalchemy import create_engine, make_url, text
from sqlalchemy.exc import OperationalError

from data_access.accounts import passwords
from data_access.engine import make_engine
from data_access.migrate import upgrade
from demo.simulation import write_demo

PROJECT_ROOT = Path(__file__).resolve().parent.parent
# Passwords are hashed with argon2 at its lowest cost in the tests run in this process: at the production cost
# (about 0.1 s a hash or check) the sign-in and lock-out tests mostly measured hashing. The apps the browser tests
# start, and tests/test_accounts.py's check of the production hasher, keep the production cost.
passwords._hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
passwords._DUMMY_HASH = passwords._hasher.hash("ingen-bruger-har-denne-adgangskode")
# The app under test signs in with local accounts, as the demo does; the tests of the identity provider add [auth].
os.environ.setdefault("PASSWORD_SIGN_IN", "ja")
# No warm-up process after each import a test makes; tests/test_site_figures.py runs the warm-up itself.
os.environ.setdefault("WARM_AFTER_CHANGE", "nej")
ARTIFACTS = PROJECT_ROOT / "tests" / "artifacts"
DEFAULT_POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


# The lanes. A test's marks follow from what it uses; the fast lane (scripts/run-tests.sh --fast) is every test
# that uses neither a browser (an app in it, or Chromium drawing the report's charts), PostgreSQL, LibreOffice nor a
# benchmark run and is not marked as a walk of the whole app (those take a minute of the fast lane between them;
# CI runs them).
BROWSER_FIXTURES = {"browser_page", "app_url", "page"}
DRAWING_FIXTURES = {"report_with_commentary"}  # a report drawn with its charts' pictures
LANE_MARKS = ("browser", "postgresql", "bench", "office", "drawing", "walk")
# Module fixtures that take seconds to build (a report drawn, a database simulated): the tests sharing one run on
# one worker (--dist loadgroup), which builds it once instead of once per worker.
COSTLY_MODULE_FIXTURES = ("report_with_commentary", "report_and_images", "first_quarter_url", "two_quarters_url")


def pytest_collection_modifyitems(config, items):
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        params = getattr(getattr(item, "callspec", None), "params", {})
        if fixtures & BROWSER_FIXTURES or item.module.__name__.startswith("tests.test_browser"):
            item.add_marker(pytest.mark.browser)
        if item.get_closest_marker("browser"):
            # One browser and app server at a time (run-tests.sh uses --dist loadgroup): two of them sharing two
            # cores with the other tests made page waits time out now and then.
            item.add_marker(pytest.mark.xdist_group("browser"))
        elif shared := next((name for name in COSTLY_MODULE_FIXTURES if name in fixtures), None):
            item.add_marker(pytest.mark.xdist_group(shared))
        if fixtures & DRAWING_FIXTURES:
            item.add_marker(pytest.mark.drawing)
        if params.get("engine") == "postgresql" or "postgres_url" in fixtures:
            item.add_marker(pytest.mark.postgresql)
        if not any(item.get_closest_marker(mark) for mark in LANE_MARKS):
            item.add_marker(pytest.mark.fast)
    # The longest tests first, so that none of them is left running alone at the end of a parallel run.
    items.sort(key=lambda item: not item.get_closest_marker("bench"))


def postgres_url() -> str:
    return os.environ.get("TEST_DATABASE_URL", DEFAULT_POSTGRES_URL)


def _require_postgres() -> None:
    try:
        with create_engine(postgres_url()).connect() as connection:
            connection.execute(text("SELECT 1"))
    except OperationalError as error:
        message = f"PostgreSQL svarer ikke på {postgres_url()}: {error.orig}"
        # In CI a missing PostgreSQL must fail the run, never pass it silently.
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


class Templates:
    """Databases built once per test session and copied for each test: an empty migrated one and one with the
    demo data, on each backend. A copy costs a file copy (SQLite) or ``CREATE DATABASE … TEMPLATE`` (PostgreSQL)
    instead of a migration and the demo's writing."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.built: dict[tuple[str, bool], str] = {}  # (backend, with demo) -> file path or database name

    def sqlite_copy(self, path: Path, demo: bool) -> str:
        key = ("sqlite", demo)
        if key not in self.built:
            source = self.folder / ("demo.db" if demo else "empty.db")
            _build(f"sqlite:///{source}", demo)
            self.built[key] = str(source)
        shutil.copyfile(self.built[key], path)
        return f"sqlite:///{path}"

    def postgres_copy(self, demo: bool) -> str:
        key = ("postgresql", demo)
        if key not in self.built:
            name = f"template_{uuid.uuid4().hex[:12]}"
            _create_database(name)
            _build(_database_url(name), demo)
            self.built[key] = name
        name = f"test_{uuid.uuid4().hex[:12]}"
        _create_database(name, template=self.built[key])
        return _database_url(name)

    def drop(self) -> None:
        for (backend, _), name in self.built.items():
            if backend == "postgresql":
                _drop_database(name)


def _build(url: str, demo: bool) -> None:
    engine = make_engine(url)
    upgrade(engine)
    if demo:
        write_demo(engine)
    engine.dispose()  # a template database must have no connection while it is copied


def _admin():
    return create_engine(postgres_url(), isolation_level="AUTOCOMMIT")


def _create_database(name: str, template: str | None = None) -> None:
    admin = _admin()
    with admin.connect() as connection:
        connection.execute(text(f"CREATE DATABASE {name}" + (f" TEMPLATE {template}" if template else "")))
    admin.dispose()


def _drop_database(name: str) -> None:
    admin = _admin()
    with admin.connect() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
    admin.dispose()


def _database_url(name: str) -> str:
    return make_url(postgres_url()).set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def templates(tmp_path_factory):
    built = Templates(tmp_path_factory.mktemp("templates"))
    yield built
    built.drop()


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request, tmp_path, templates):
    """A migrated database of each supported kind, of this test's own: empty, or with the demo data where the
    test asks for ``demo_engine``."""
    demo = "demo_engine" in request.fixturenames
    if request.param == "sqlite":
        engine = make_engine(templates.sqlite_copy(tmp_path / "test.db", demo))
        yield engine
        engine.dispose()
        return
    _require_postgres()
    url = templates.postgres_copy(demo)
    engine = make_engine(url)
    try:
        yield engine
    finally:
        engine.dispose()
        _drop_database(make_url(url).database)


@pytest.fixture
def demo_engine(engine):
    """``engine`` with the municipal demo data."""
    return engine


@pytest.fixture
def fresh_demo_url(tmp_path, monkeypatch, templates) -> str:
    """A demo SQLite database of this test's own, which the app under test uses."""
    url = templates.sqlite_copy(tmp_path / "fresh.db", demo=True)
    monkeypatch.setenv("DATABASE_URL", url)
    return url


@pytest.fixture(scope="session")
def demo_database_url(tmp_path_factory, templates) -> str:
    """A SQLite file with the municipal demo data, shared by the app tests."""
    return templates.sqlite_copy(tmp_path_factory.mktemp("demo") / "demo.db", demo=True)


def url_of(engine) -> str:
    return engine.url.render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


def account_id(database_url: str, username: str) -> int:
    from sqlalchemy import select

    from data_access.models import UserAccount

    with make_engine(database_url).connect() as connection:
        return connection.execute(select(UserAccount.id).where(UserAccount.username == username)).scalar_one()


def signed_in(at, database_url: str, username: str = "admin"):
    """An AppTest whose session is signed in as one of the demo accounts (as after the sign-in form)."""
    at.session_state["account_id"] = account_id(database_url, username)
    return at


# Property-based tests: a fixed seed and a few hundred examples in the fast lane, many more in the full run
# (scripts/run-tests.sh sets HYPOTHESIS_PROFILE=ci); no example database is written into the work tree.
settings.register_profile("fast", derandomize=True, database=None, max_examples=300, deadline=None)
settings.register_profile("ci", derandomize=True, database=None, max_examples=2000, deadline=None)
settings.register_profile("search", database=None, max_examples=20000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "fast"))
