"""The one place that turns configuration into a database engine.

``DATABASE_URL`` selects the database. Without it the app uses an SQLite file
under ``data/`` so that nothing needs to be set up. PostgreSQL is reached
through psycopg 3 (``postgresql+psycopg://...``). ``DATABASE_READ_URL`` may name
a read replica of it (PostgreSQL streaming replication): the analysis pages read
there, and everything written goes to ``DATABASE_URL``, the primary.
"""

from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from data_access.settings import DATABASE_READ_URL_VARIABLE, DATABASE_URL_VARIABLE, env

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SQLITE_PATH = PROJECT_ROOT / "data" / "styregruppe.db"
SQLITE_BUSY_TIMEOUT_MS = 10_000


def database_url() -> str:
    """The configured database URL, or the embedded SQLite default."""
    configured = env(DATABASE_URL_VARIABLE)
    if configured:
        return _normalise(configured)
    return f"sqlite:///{DEFAULT_SQLITE_PATH}"


def read_database_url() -> str:
    """Where the analysis pages read: the configured read replica, or the database itself."""
    configured = env(DATABASE_READ_URL_VARIABLE)
    return _normalise(configured) if configured else database_url()


def _normalise(url: str) -> str:
    # Hosting platforms hand out postgres:// URLs; SQLAlchemy needs the driver named.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def make_engine(url: str | None = None, **kwargs) -> Engine:
    url = _normalise(url) if url else database_url()
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, **kwargs)
        event.listen(engine, "connect", _configure_sqlite_connection)
        return engine
    return create_engine(url, pool_pre_ping=True, **kwargs)


def _configure_sqlite_connection(dbapi_connection, _connection_record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    # A deleted row's bytes are overwritten, not left in a free page of the file (personal data must go).
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.close()


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)
