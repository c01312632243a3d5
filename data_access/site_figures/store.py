"""Kept parts in ``site_figure``: read by key, kept once (another process may be keeping the same part), worked
out under a lock per key on PostgreSQL, and deleted when no view can reach them any more."""

import contextlib
from collections.abc import Callable, Iterator

from sqlalchemy import Connection, Engine, delete, select, text
from sqlalchemy.dialects import postgresql, sqlite

from data_access.models import Publication, SiteFigure
from data_access.queries import REPORTED_FRAMES, fixed_versions, versions_query
from data_access.site_figures.basis import every_basis, name_of
from metrics.frames import NotRead, ProgrammeFrames

_KEYS_PER_QUERY = 500


def versions_text(versions: tuple[int, ...]) -> str:
    return ",".join(map(str, versions))


def read_kept(engine: Engine | Connection, keys: list[str]) -> dict[str, str]:
    found = {}
    with engine.connect() if isinstance(engine, Engine) else contextlib.nullcontext(engine) as connection:
        for start in range(0, len(keys), _KEYS_PER_QUERY):
            chosen = keys[start:start + _KEYS_PER_QUERY]
            found.update(connection.execute(select(SiteFigure.key, SiteFigure.value)
                                            .where(SiteFigure.key.in_(chosen))).all())
    return found


@contextlib.contextmanager
def working_out(engine: Engine, keys: list[str]) -> Iterator[Engine | Connection]:
    """Where these parts are worked out and kept. On PostgreSQL, a transaction holding a lock per key (taken in
    key order, so two processes never wait for each other in a circle): another app process, or the warm-up,
    asking for the same parts waits and then reads them instead of working them out too. SQLite serves one
    process; a write transaction held while working out would only block its imports."""
    if engine.dialect.name != "postgresql":
        yield engine
        return
    with engine.begin() as connection:
        for key in keys:
            connection.execute(text("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))"), {"key": key})
        yield connection


def keep(engine: Engine | Connection, function: Callable, basis: str,
         new: dict[str, tuple[int, str, str]]) -> None:
    """Store worked-out parts (key -> site, its versions, value); one that another process stored meanwhile is
    the same and left as it is."""
    dialect = postgresql if engine.dialect.name == "postgresql" else sqlite
    rows = [{"key": key, "site_id": site, "figure": name_of(function), "basis": basis, "versions": versions,
             "value": value} for key, (site, versions, value) in new.items()]
    with engine.begin() if isinstance(engine, Engine) else contextlib.nullcontext(engine) as connection:
        connection.execute(dialect.insert(SiteFigure).on_conflict_do_nothing(index_elements=["key"]), rows)


def delete_unreachable(engine: Engine, *, keep_other_bases: bool = False) -> int:
    """Delete the kept parts no view can reach any more: of a site's versions neither in force nor published,
    or worked out by code or from master data that has changed since. Returns how many were deleted.

    ``keep_other_bases``: a new release warming up before it takes traffic keeps the parts the release still
    serving reads (another code basis); the new release's own warm-ups delete them later."""
    _, reference = fixed_versions(engine, [])
    bases = every_basis(ProgrammeFrames(**reference, **{name: NotRead(name) for name in REPORTED_FRAMES}))
    with engine.connect() as connection:
        shown = [versions_query(None)] + [versions_query(None, (publication,)) for publication in
                                          connection.execute(select(Publication.id)).scalars()]
        reachable = set()
        for shown_versions in shown:
            per_site: dict[int, list[int]] = {}
            for site_id, version_id in connection.execute(select(shown_versions.c.site_id,
                                                                 shown_versions.c.id)).all():
                per_site.setdefault(site_id, []).append(version_id)
            reachable |= {(site, versions_text(tuple(sorted(ids)))) for site, ids in per_site.items()}
        kept = connection.execute(select(SiteFigure.key, SiteFigure.site_id, SiteFigure.basis,
                                         SiteFigure.versions)).all()
    gone = [row.key for row in kept if (row.basis not in bases and not keep_other_bases)
            or (row.site_id, row.versions) not in reachable]
    with engine.begin() as connection:
        for start in range(0, len(gone), _KEYS_PER_QUERY):
            connection.execute(delete(SiteFigure).where(SiteFigure.key.in_(gone[start:start + _KEYS_PER_QUERY])))
    return len(gone)
