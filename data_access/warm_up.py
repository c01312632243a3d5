"""One warm-up of the kept figures per database at a time, across processes.

Every import, rollback and master-data save starts ``python -m cli warm-figures`` in the background, and so
does a deploy: without this, a reporter who rolls back three times runs three full walks side by side (each
about 30 s and 300 MB on a large programme). A warm-up first records that one is wanted, then takes the
database's warm-up lock without waiting: the process that has it walks as long as requests keep coming (one
more pass covers every change made during the last); any other process leaves its request and returns.

The lock dies with its holder: a PostgreSQL session lock (``pg_try_advisory_lock``) on a connection of its own,
or an ``flock`` on a file beside the SQLite database.
"""

import fcntl
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine, delete, select, text
from sqlalchemy.dialects import postgresql, sqlite

from data_access.models import InstallationSetting

# Any fixed number, other than the migration's: the advisory lock of the warm-up.
WARM_UP_LOCK = 726_351_002
REQUEST_KEY = "warm_up_requested"


@contextmanager
def warm_up_lock(engine: Engine, *, wait: bool = False) -> Iterator[bool]:
    """Yields whether this process holds the database's warm-up lock; waits for it only when asked to."""
    if engine.dialect.name == "postgresql":
        with engine.connect() as connection:
            if wait:
                connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": WARM_UP_LOCK})
                held = True
            else:
                held = connection.execute(text("SELECT pg_try_advisory_lock(:key)"),
                                          {"key": WARM_UP_LOCK}).scalar_one()
            connection.commit()
            try:
                yield held
            finally:
                if held:
                    connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": WARM_UP_LOCK})
                    connection.commit()
        return
    database = engine.url.database
    if not database or database == ":memory:":
        yield True  # a database of this process alone
        return
    with open(Path(database).with_name(Path(database).name + ".warm-up.lock"), "a") as lock_file:
        try:
            fcntl.flock(lock_file, fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(lock_file, fcntl.LOCK_UN)


def request_warm_up(engine: Engine) -> None:
    """Record that a warm-up is wanted, in one statement (requests from several processes meet here)."""
    dialect_insert = postgresql.insert if engine.dialect.name == "postgresql" else sqlite.insert
    now = datetime.now(UTC).isoformat()
    with engine.begin() as connection:
        connection.execute(dialect_insert(InstallationSetting).values(key=REQUEST_KEY, value=now)
                           .on_conflict_do_update(index_elements=["key"], set_={"value": now}))


def warm_up_requested(engine: Engine) -> bool:
    with engine.connect() as connection:
        return connection.execute(select(InstallationSetting.key).where(
            InstallationSetting.key == REQUEST_KEY)).first() is not None


def _take_request(engine: Engine) -> bool:
    with engine.begin() as connection:
        return connection.execute(delete(InstallationSetting).where(
            InstallationSetting.key == REQUEST_KEY)).rowcount > 0


def warm_up_once(engine: Engine, walk: Callable[[], dict], *, wait: bool = False) -> dict | None:
    """Ask for a warm-up and run ``walk`` if no other process is running one; else leave the request to it.

    Returns the last walk's result, or None when the request was left to the process already warming up.
    ``wait``: wait for a running warm-up and then walk anyway. A new release's deploy step needs this, as the
    process running now works out the figures by the old release's code.
    """
    request_warm_up(engine)
    result = None
    must_walk = wait
    while True:
        with warm_up_lock(engine, wait=wait) as held:
            if not held:
                return result
            while _take_request(engine) or must_walk:
                must_walk = False
                result = walk()
        # A request made after the last take but before the lock was let go: take it, unless another has.
        if not warm_up_requested(engine):
            return result
