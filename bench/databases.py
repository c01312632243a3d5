"""Scratch databases for the benchmarks: a SQLite file, or a PostgreSQL schema of their own.

Nothing outside the scratch schema is touched, and it is dropped afterwards.
"""

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, text

from data_access.engine import make_engine
from data_access.migrate import upgrade

DEFAULT_POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def sqlite_url(folder: Path, name: str) -> str:
    return f"sqlite:///{folder / name}.db"


@contextmanager
def postgres_schema(server_url: str) -> Iterator[str]:
    """A URL whose connections land in a new, empty schema; the schema is dropped afterwards."""
    schema = f"bench_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server_url)
    with admin.begin() as connection:
        connection.execute(text(f"CREATE SCHEMA {schema}"))
    separator = "&" if "?" in server_url else "?"
    try:
        yield f"{server_url}{separator}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as connection:
            connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


def migrated(url: str) -> Engine:
    engine = make_engine(url)
    upgrade(engine)
    return engine
