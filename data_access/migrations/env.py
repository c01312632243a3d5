"""Alembic environment: runs on the connection handed over by ``data_access.migrate``."""

from alembic import context

from data_access.engine import make_engine
from data_access.models import Base

config = context.config
target_metadata = Base.metadata


def run_migrations(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        # SQLite cannot ALTER most things; batch mode recreates tables instead.
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    run_migrations(connection)
else:
    # Run by the alembic command itself: use the configured database (DATABASE_URL).
    with make_engine().begin() as new_connection:
        run_migrations(new_connection)
