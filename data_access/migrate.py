"""Bring a database to the newest schema with Alembic.

The app and the command line call ``upgrade`` on start, so a fresh database
needs no manual step. New migrations: ``python -m cli revision -m "..."``.
"""

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, text

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def alembic_config() -> Config:
    # The connection is handed over in config.attributes, never as a URL: a URL may hold
    # characters (%, passwords) that Alembic's ini parsing would mangle.
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


# Any fixed number: the PostgreSQL advisory lock that app replicas starting together queue on.
MIGRATION_LOCK = 726_351_001


def upgrade(engine: Engine) -> None:
    config = alembic_config()
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            # Replicas starting at the same moment migrate one at a time; the later ones find nothing to do.
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def is_current(engine: Engine) -> bool:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision() == head


def new_revision(engine: Engine, message: str) -> None:
    """Write a new migration from the difference between the models and the database."""
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.revision(config, message=message, autogenerate=True)
