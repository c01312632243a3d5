"""A programme of many sites worked out one site at a time, with what each site gave kept in the database.

A national programme holds millions of person-level rows. Read into every app process, they took seconds
after each start or import and a gigabyte or more per process. But every figure the pages show adds up over
sites (persons, families and staff are told apart by site and key; ``metrics.additive`` names each such
figure and how it adds up). So a view of many sites asks each site for its part, and a site's part, once
worked out from that site's rows by the figure's own pandas function, is kept in ``site_figure``. After an
import only the site that changed is worked out again; every other site's part is one read.

A kept part can never disagree with the rows: its key names the site's versions shown, the target groups,
the figure and its arguments, and the figure's basis: its declared version, the code of its module (and of
the metrics modules that one imports) and the master data it declares (``metrics.additive.Additive``). A
correction, a rollback, an edit of master data the figure reads or a release that changes its code gives new
keys; an edit of anything else (a benchmark, a delmål's text) leaves its parts standing. Parts no view can
reach any more are deleted by ``delete_unreachable`` (run by ``python -m cli warm-figures``).

``DatabaseSource`` is what a view's ``ProgrammeFrames`` ask (``ProgrammeFrames.once``); it also tells which
quarters each site has reported, and whether a frame holds any row, without reading the rows.
"""

import ast
import contextlib
import functools
import hashlib
import json
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from dataclasses import asdict, is_dataclass
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
from sqlalchemy import Connection, Engine, delete, select, text
from sqlalchemy.dialects import postgresql, sqlite

from data_access.models import Person, Publication, SiteFigure, StaffAssignment, StaffMember
from data_access.queries import fixed_versions, reported_frames_of, versions_query
from data_access.settings import site_figures_from
from data_access.workbook.format import RECORD_SHEETS
from metrics.additive import ADDITIVE
from metrics.frames import (
    COLUMNS,
    NOT_ANSWERED,
    SITE_LEVEL,
    ProgrammeFrames,
    filter_frames,
    frame_has_rows,
    reported_returns,
)
from metrics.goal_rules import RuleCount
from metrics.indicators import IndicatorValue

_METRICS = Path(__file__).resolve().parent.parent / "metrics"
_RECORD_MODELS = {sheet.frame: sheet.model for sheet in RECORD_SHEETS if sheet.per_person}
_STAFF_MODELS = {"staff": StaffMember, "assignments": StaffAssignment}
# The frames read with the view (not deferred): master data, and the sites' own activity counts.
_READ_WITH_VIEW = [name for name in COLUMNS if name not in ("persons", *_RECORD_MODELS, "staff", "assignments")]
_SITES_READ_AT_ONCE = 4  # a site's frames kept while its figures are worked out
_KEYS_PER_QUERY = 500


class _Shared:
    """What every source made from one view's frames shares: the versions of each site, and the sites'
    frames being worked out (a project's delmål over its sites must not read a site's rows again)."""

    def __init__(self, engine: Engine, versions):
        self.lock = threading.Lock()
        self._engine, self._versions = engine, versions
        self._site_versions: dict[int, tuple[int, ...]] | None = None
        self.site_frames: OrderedDict[tuple, ProgrammeFrames] = OrderedDict()

    def site_versions(self) -> dict[int, tuple[int, ...]]:
        with self.lock:
            if self._site_versions is None:
                with self._engine.connect() as connection:
                    rows = connection.execute(select(self._versions.c.site_id, self._versions.c.id)).all()
                found: dict[int, list[int]] = {}
                for site_id, version_id in rows:
                    found.setdefault(site_id, []).append(version_id)
                self._site_versions = {site: tuple(sorted(ids)) for site, ids in sorted(found.items())}
            return self._site_versions


class DatabaseSource:
    """The versions a view shows (fixed when its frames were made), limited to its sites and target groups."""

    def __init__(self, engine: Engine, versions, frames: ProgrammeFrames,
                 target_groups: tuple[str, ...] | None = None, from_sites: int | None = None,
                 write_engine: Engine | None = None, site_ids: frozenset[int] | None = None,
                 shared: _Shared | None = None):
        self.engine = engine
        self.write_engine = write_engine or engine  # a read replica's parts are kept on the primary
        self.versions = versions
        self.frames = frames  # the view's reference data (sites, categories, ...): the reported rows are not read
        self.target_groups = target_groups
        self.from_sites = site_figures_from() if from_sites is None else from_sites
        self.site_ids = site_ids  # None: every site of the view
        self._shared = shared or _Shared(engine, versions)

    def narrowed(self, site_ids: list[int] | None, target_groups: list[str] | None) -> "DatabaseSource":
        versions, kept_sites = self.versions, self.site_ids
        if site_ids is not None:
            versions = select(versions).where(versions.c.site_id.in_(site_ids)).subquery()
            kept_sites = frozenset(site_ids) & kept_sites if kept_sites is not None else frozenset(site_ids)
        groups = self.target_groups
        if target_groups is not None:
            groups = tuple(sorted(set(target_groups) & set(groups) if groups is not None else set(target_groups)))
        return DatabaseSource(self.engine, versions, self.frames, groups, self.from_sites, self.write_engine,
                              kept_sites, self._shared)

    def answer(self, function: Callable, args: tuple):
        if function is reported_returns:
            return self._reported_returns()
        if function is frame_has_rows:
            return self._has_rows(*args)
        if function in ADDITIVE and len(self.site_versions()) >= self.from_sites:
            basis = self.basis(function)
            keys = {site: self._key(basis, site, versions, args) for site, versions in self.site_versions().items()}
            database = self.engine.url.render_as_string(hide_password=True)
            return _combined((database, *keys.values()),
                             lambda: ADDITIVE[function].combine(self._per_site(function, basis, keys, args)))
        return NOT_ANSWERED

    def basis(self, function: Callable) -> str:
        """What a figure's kept parts are worked out by and from besides the rows: its name and version, the
        code of its module and of the metrics modules it imports, and the master data it declares."""
        declared = ADDITIVE[function]
        master = self.frames.once(master_data_fingerprints)
        return _digest([_name_of(function), declared.version, code_fingerprint(function.__module__),
                        {name: master[name] for name in declared.master_data}])

    # --- Without reading rows ------------------------------------------------------------------------

    def _persons_in_view(self, statement):
        return statement if self.target_groups is None else statement.where(Person.target_group.in_(self.target_groups))

    def _reported_returns(self) -> pd.DataFrame:
        version = self.versions
        has_persons = self._persons_in_view(select(Person.id).where(Person.version_id == version.c.id)).exists()
        with self.engine.connect() as connection:
            returns = pd.read_sql(select(version.c.site_id, version.c.quarter).where(has_persons), connection)
        return returns.sort_values(["site_id", "quarter"]).reset_index(drop=True)

    def _has_rows(self, name: str):
        version = self.versions
        if name in _STAFF_MODELS:  # staff belong to the site, not to a target group
            model = _STAFF_MODELS[name]
            return self._exists(select(model.id).join(version, model.version_id == version.c.id))
        if name == "persons":
            rows = select(Person.id).join(version, Person.version_id == version.c.id)
        elif name in _RECORD_MODELS:
            model = _RECORD_MODELS[name]
            rows = select(model.id).join(version, model.version_id == version.c.id) \
                .join(Person, model.person_id == Person.id)
        else:
            return NOT_ANSWERED
        return self._exists(self._persons_in_view(rows))

    def _exists(self, rows) -> bool:
        with self.engine.connect() as connection:
            return bool(connection.execute(select(rows.exists())).scalar_one())

    # --- Site by site --------------------------------------------------------------------------------

    def site_versions(self) -> dict[int, tuple[int, ...]]:
        """Each site in view with reported data, and the versions of it shown, in site order."""
        every = self._shared.site_versions()
        return every if self.site_ids is None else {site: ids for site, ids in every.items() if site in self.site_ids}

    def _per_site(self, function: Callable, basis: str, keys: dict[int, str], args: tuple) -> list:
        """The function's result for each site in view (``keys``: each site's key), in site order: kept ones
        read, the others worked out and kept."""
        kept = read_kept(self.engine, list(keys.values()))
        new = {}
        missing = sorted(key for key in keys.values() if key not in kept)
        if missing:
            versions = self.site_versions()
            with _working_out(self.write_engine, missing) as connection:
                # Another process may have kept some of them while this one waited.
                kept.update(read_kept(connection, missing))
                for site, key in keys.items():
                    if key not in kept:
                        new[key] = (site, versions_text(versions[site]),
                                    encode(function(self._frames_of_site(site), *args)))
                if new:
                    keep(connection, function, basis, new)
        return decode_all([kept[key] if key in kept else new[key][2] for key in keys.values()])

    def _key(self, basis: str, site_id: int, versions: tuple[int, ...], args: tuple) -> str:
        return _digest([basis, site_id, versions, self.target_groups, args])

    def _frames_of_site(self, site_id: int) -> ProgrammeFrames:
        """One site's frames (its rows read when a figure needs them), limited to the view's target groups."""
        shared, key = self._shared, (site_id, self.target_groups)
        with shared.lock:
            if key not in shared.site_frames:
                versions = select(self.versions).where(self.versions.c.site_id == site_id).subquery()
                reference = {name: self.frames.raw(name) for name in _READ_WITH_VIEW}
                frames = reported_frames_of(self.engine, versions, reference)
                shared.site_frames[key] = filter_frames(
                    frames, site_ids=[site_id], target_groups=list(self.target_groups) if self.target_groups else None)
                while len(shared.site_frames) > _SITES_READ_AT_ONCE:
                    shared.site_frames.popitem(last=False)
            shared.site_frames.move_to_end(key)
            return shared.site_frames[key]


# Combined results by the keys of their parts: the same sites' figure asked again (a project's delmål over
# the project's sites, say) is not read and joined again. Read-only, as everything ``once`` gives.
_COMBINED: OrderedDict[tuple[str, ...], object] = OrderedDict()
_COMBINED_KEPT = 256
_COMBINED_LOCK = threading.Lock()


_IN_FLIGHT: dict[tuple[str, ...], threading.Lock] = {}


def _combined(keys: tuple[str, ...], work_out: Callable[[], object]):
    """The combined figure, worked out once however many ask at the same moment (a steering group opening the
    link together): the others wait for it and read it."""
    with _COMBINED_LOCK:
        if keys in _COMBINED:
            _COMBINED.move_to_end(keys)
            return _COMBINED[keys]
        in_flight = _IN_FLIGHT.setdefault(keys, threading.Lock())
    with in_flight:
        with _COMBINED_LOCK:
            if keys in _COMBINED:
                return _COMBINED[keys]
        try:
            result = work_out()
        finally:
            with _COMBINED_LOCK:
                _IN_FLIGHT.pop(keys, None)
        with _COMBINED_LOCK:
            _COMBINED[keys] = result
            while len(_COMBINED) > _COMBINED_KEPT:
                _COMBINED.popitem(last=False)
    return result


def forget_combined() -> None:
    """Drop the combined figures this process keeps (the benchmark times a page's own work)."""
    with _COMBINED_LOCK:
        _COMBINED.clear()


def master_data_fingerprints(frames: ProgrammeFrames) -> dict[str, str]:
    """Each master-data frame's fingerprint: a figure's kept parts follow the ones it declares, and only those."""
    return {name: hashlib.sha256(getattr(frames, name).to_csv().encode()).hexdigest()
            for name in COLUMNS if name not in SITE_LEVEL}


@functools.cache
def code_fingerprint(module: str) -> str:
    """The source of a metrics module and of every metrics module it imports, however indirectly."""
    seen, waiting = set(), [module.removeprefix("metrics.")]
    while waiting:
        name = waiting.pop()
        if name in seen or not (_METRICS / f"{name}.py").exists():
            continue
        seen.add(name)
        for node in ast.walk(ast.parse((_METRICS / f"{name}.py").read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module == "metrics":
                waiting += [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("metrics."):
                waiting.append(node.module.removeprefix("metrics."))
    return hashlib.sha256(b"".join((_METRICS / f"{name}.py").read_bytes() for name in sorted(seen))).hexdigest()


def _digest(described) -> str:
    return hashlib.sha256(_canonical(described).encode()).hexdigest()


def versions_text(versions: tuple[int, ...]) -> str:
    return ",".join(map(str, versions))


def _name_of(function: Callable) -> str:
    return f"{function.__module__}:{function.__qualname__}"


def read_kept(engine: Engine | Connection, keys: list[str]) -> dict[str, str]:
    found = {}
    with engine.connect() if isinstance(engine, Engine) else contextlib.nullcontext(engine) as connection:
        for start in range(0, len(keys), _KEYS_PER_QUERY):
            chosen = keys[start:start + _KEYS_PER_QUERY]
            found.update(connection.execute(select(SiteFigure.key, SiteFigure.value)
                                            .where(SiteFigure.key.in_(chosen))).all())
    return found


@contextlib.contextmanager
def _working_out(engine: Engine, keys: list[str]) -> Iterator[Engine | Connection]:
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
    rows = [{"key": key, "site_id": site, "figure": _name_of(function), "basis": basis, "versions": versions,
             "value": value} for key, (site, versions, value) in new.items()]
    with engine.begin() if isinstance(engine, Engine) else contextlib.nullcontext(engine) as connection:
        connection.execute(dialect.insert(SiteFigure).on_conflict_do_nothing(index_elements=["key"]), rows)


# --- Values as text ------------------------------------------------------------------------------------


def _plain(value):
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, pd.Timestamp | date):
        return value.isoformat()
    if isinstance(value, set | frozenset):
        return sorted(value)
    if is_dataclass(value):
        return {"dataclass": type(value).__name__, **asdict(value)}
    raise TypeError(f"Cannot keep a {type(value).__name__}")


def _canonical(value) -> str:
    return json.dumps(value, default=_plain, sort_keys=True, ensure_ascii=False)


def encode(value) -> str:
    """A figure's result as text: a frame (columns, types and rows), an indicator value, a rule's count, or
    a tuple of numbers."""
    if isinstance(value, pd.DataFrame):
        dates = [column for column in value if str(value[column].dtype).startswith("datetime64")]
        rows = value.astype({column: object for column in dates}).to_numpy(dtype=object).tolist()
        described = {"frame": {"columns": list(value.columns), "dtypes": [str(dtype) for dtype in value.dtypes],
                               "rows": rows}}
    elif isinstance(value, IndicatorValue):
        described = {"indicator": [value.value, value.numerator, value.denominator]}
    elif isinstance(value, RuleCount):
        described = {"rule": [value.value, value.part]}
    elif isinstance(value, tuple):
        described = {"tuple": list(value)}
    elif isinstance(value, dict):
        described = {"dict": value}
    else:
        raise TypeError(f"Cannot keep a {type(value).__name__}")
    return json.dumps(described, default=_plain)


def decode_all(texts: list[str]) -> list:
    """``decode`` of each; frames made as one and handed out in slices (one frame per site cost a
    millisecond each, most of a programme's page)."""
    described = [json.loads(text) for text in texts]
    if not described or any("frame" not in one for one in described):
        return [_decoded(one) for one in described]
    frames = [one["frame"] for one in described]
    typed = next((frame for frame in frames if frame["rows"]), frames[0])
    rows = [row for frame in frames for row in frame["rows"]]
    whole = pd.DataFrame(rows, columns=typed["columns"], dtype=object)
    whole = whole.astype(dict(zip(typed["columns"], typed["dtypes"], strict=True)))
    ends = np.cumsum([len(frame["rows"]) for frame in frames])
    return [whole.iloc[end - len(frame["rows"]):end].reset_index(drop=True) for frame, end in zip(frames, ends,
                                                                                                   strict=True)]


def decode(text: str):
    return _decoded(json.loads(text))


def _decoded(described: dict):
    if "frame" in described:
        frame = described["frame"]
        result = pd.DataFrame(frame["rows"], columns=frame["columns"], dtype=object)
        return result.astype(dict(zip(frame["columns"], frame["dtypes"], strict=True)))
    if "indicator" in described:
        return IndicatorValue(*described["indicator"])
    if "rule" in described:
        return RuleCount(*described["rule"])
    if "dict" in described:
        return described["dict"]
    return tuple(described["tuple"])


def deferred_frames(engine: Engine, site_ids: list[int] | None = None,
                    publication_ids: tuple[int, ...] | None = None,
                    write_engine: Engine | None = None) -> ProgrammeFrames:
    """The same data as ``queries.load_frames``, but the reported frames are read when a figure first needs them,
    and a view of many sites is worked out site by site, with what each site gave kept in the database.

    The versions are fixed now (those in force now, or published): a frame read later holds the same versions
    even if a return is imported meanwhile. ``write_engine``: where the sites' parts are kept, when ``engine``
    is a read replica.
    """
    versions, reference = fixed_versions(engine, site_ids, publication_ids)
    frames = reported_frames_of(engine, versions, reference)
    return frames.with_source(DatabaseSource(engine, versions, frames, write_engine=write_engine))


# --- What is kept no longer ------------------------------------------------------------------------------


def delete_unreachable(engine: Engine, *, keep_other_bases: bool = False) -> int:
    """Delete the kept parts no view can reach any more: of a site's versions neither in force nor published,
    or worked out by code or from master data that has changed since. Returns how many were deleted.

    ``keep_other_bases``: a new release warming up before it takes traffic keeps the parts the release still
    serving reads (another code basis); the new release's own warm-ups delete them later."""
    frames = deferred_frames(engine, [])
    bases = {frames.source.basis(function) for function in ADDITIVE}
    with engine.connect() as connection:
        shown = [versions_query(None)] + [versions_query(None, (publication,)) for publication in
                                          connection.execute(select(Publication.id)).scalars()]
        reachable = set()
        for versions in shown:
            per_site: dict[int, list[int]] = {}
            for site_id, version_id in connection.execute(select(versions.c.site_id, versions.c.id)).all():
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
