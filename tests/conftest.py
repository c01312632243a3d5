"""Shared fixtures: databases (SQLite and PostgreSQL), demo data, the running app."""

import os
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

from data_access.demo import write_demo
from data_access.engine import make_engine
from data_access.migrate import upgrade

PROJECT_ROOT = Path(__file__).resolve().parent.parent
# The app under test signs in with local accounts, as the demo does; the tests of the identity provider add [auth].
os.environ.setdefault("PASSWORD_SIGN_IN", "ja")
ARTIFACTS = PROJECT_ROOT / "tests" / "artifacts"
DEFAULT_POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


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


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request, tmp_path):
    """An empty, migrated database of each supported kind."""
    if request.param == "sqlite":
        engine = make_engine(f"sqlite:///{tmp_path / 'test.db'}")
        upgrade(engine)
        yield engine
        engine.dispose()
        return
    _require_postgres()
    schema = f"test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(postgres_url())
    with admin.begin() as connection:
        connection.execute(text(f"CREATE SCHEMA {schema}"))
    # The schema travels in the URL, so a child process given engine.url lands in it too.
    separator = "&" if "?" in postgres_url() else "?"
    engine = make_engine(f"{postgres_url()}{separator}options=-csearch_path%3D{schema}")
    try:
        upgrade(engine)
        yield engine
    finally:
        engine.dispose()
        with admin.begin() as connection:
            connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


@pytest.fixture
def demo_engine(engine):
    write_demo(engine)
    return engine


@pytest.fixture
def fresh_demo_url(tmp_path, monkeypatch) -> str:
    """A demo SQLite database of this test's own, which the app under test uses."""
    url = demo_sqlite(tmp_path / "fresh.db")
    monkeypatch.setenv("DATABASE_URL", url)
    return url


@pytest.fixture(scope="session")
def demo_database_url(tmp_path_factory) -> str:
    """A SQLite file with the municipal demo data, shared by the app tests."""
    return demo_sqlite(tmp_path_factory.mktemp("demo") / "demo.db")


def demo_sqlite(path: Path) -> str:
    """A new SQLite file at ``path`` with the municipal demo data; returns its URL."""
    url = f"sqlite:///{path}"
    engine = make_engine(url)
    upgrade(engine)
    write_demo(engine)
    engine.dispose()
    return url


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
