"""A view's frames, made as fits its size (``frames_of_view``): a view of few sites reads its rows; a view of many
reads none, and its frames ask (``ProgrammeFrames.once``) the database they came from (``DatabaseSource``): which
quarters each site has reported and whether a frame holds any row, and each additive figure as the sum of its
sites' parts, kept ones read and the others worked out from the rows the figure declares of that site by the
figure's own pandas function, and kept (``store``)."""

import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import replace

import pandas as pd
from sqlalchemy import Engine, select

from data_access.models import Person, StaffAssignment, StaffMember
from data_access.queries import REPORTED_FRAMES, fixed_versions, reported_frames
from data_access.settings import site_figures_from
from data_access.shared_memo import SharedMemo
from data_access.site_figures import basis as figure_bases
from data_access.site_figures import store
from data_access.site_figures.codec import decode_all, digest, encode
from data_access.workbook.format import RECORD_SHEETS
from metrics.additive import ADDITIVE
from metrics.frames import (
    NOT_ANSWERED,
    NotRead,
    ProgrammeFrames,
    filter_frames,
    frame_has_rows,
    reported_returns,
)

_RECORD_MODELS = {sheet.frame: sheet.model for sheet in RECORD_SHEETS if sheet.per_person}
_STAFF_MODELS = {"staff": StaffMember, "assignments": StaffAssignment}
_SITES_READ_AT_ONCE = 4  # a site's frames kept while its figures are worked out


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

    def __init__(self, engine: Engine, versions, frames: ProgrammeFrames, shared: _Shared,
                 target_groups: tuple[str, ...] | None = None, write_engine: Engine | None = None,
                 site_ids: frozenset[int] | None = None):
        self.engine = engine
        self.write_engine = write_engine or engine  # a read replica's parts are kept on the primary
        self.versions = versions
        self.frames = frames  # the view's reference data (sites, categories, ...): the reported rows are not read
        self.target_groups = target_groups
        self.site_ids = site_ids  # None: every site of the view
        self._shared = shared

    def narrowed(self, site_ids: list[int] | None, target_groups: list[str] | None) -> "DatabaseSource":
        versions, kept_sites = self.versions, self.site_ids
        if site_ids is not None:
            versions = select(versions).where(versions.c.site_id.in_(site_ids)).subquery()
            kept_sites = frozenset(site_ids) & kept_sites if kept_sites is not None else frozenset(site_ids)
        groups = self.target_groups
        if target_groups is not None:
            groups = tuple(sorted(set(target_groups) & set(groups) if groups is not None else set(target_groups)))
        return DatabaseSource(self.engine, versions, self.frames, self._shared, groups, self.write_engine, kept_sites)

    def answer(self, function: Callable, args: tuple):
        if function is reported_returns:
            return self._reported_returns()
        if function is frame_has_rows:
            return self._has_rows(*args)
        if function in ADDITIVE:
            basis = self.basis(function)
            keys = {site: self._key(basis, site, versions, args) for site, versions in self.site_versions().items()}
            database = self.engine.url.render_as_string(hide_password=True)
            return _COMBINED((database, *keys.values()),
                             lambda: ADDITIVE[function].combine(self._per_site(function, basis, keys, args)))
        return NOT_ANSWERED

    def basis(self, function: Callable) -> str:
        """What a figure's kept parts are worked out by and from besides the rows: its name and version, the
        code of its module and of the metrics modules it imports, and the master data it declares."""
        return figure_bases.figure_basis(function, self.frames.once(figure_bases.master_data_fingerprints))

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
        kept = store.read_kept(self.engine, list(keys.values()))
        new = {}
        missing = sorted(key for key in keys.values() if key not in kept)
        if missing:
            versions = self.site_versions()
            with store.working_out(self.write_engine, missing) as connection:
                # Another process may have kept some of them while this one waited.
                kept.update(store.read_kept(connection, missing))
                for site, key in keys.items():
                    if key not in kept:
                        frames = self._frames_of_site(site, ADDITIVE[function].reads)
                        new[key] = (site, store.versions_text(versions[site]), encode(function(frames, *args)))
                if new:
                    store.keep(connection, function, basis, new)
        return decode_all([kept[key] if key in kept else new[key][2] for key in keys.values()])

    def _key(self, basis: str, site_id: int, versions: tuple[int, ...], args: tuple) -> str:
        return digest([basis, site_id, versions, self.target_groups, args])

    def _frames_of_site(self, site_id: int, reads: tuple[str, ...]) -> ProgrammeFrames:
        """One site's frames, limited to the view's target groups, with (at least) the reported frames ``reads``
        read: a figure's declared frames are read once for the site, the others not at all."""
        shared, key = self._shared, (site_id, self.target_groups)
        with shared.lock:
            frames = shared.site_frames.get(key)
            if frames is None:
                frames = replace(self.frames, **{name: NotRead(name) for name in REPORTED_FRAMES}, source=None)
            missing = [name for name in reads if isinstance(getattr(frames, name), NotRead)]
            if missing or key not in shared.site_frames:
                versions = select(self.versions).where(self.versions.c.site_id == site_id).subquery()
                frames = filter_frames(replace(frames, **reported_frames(self.engine, versions, missing)),
                                       site_ids=[site_id], target_groups=list(self.target_groups or ()) or None)
                shared.site_frames[key] = frames
                while len(shared.site_frames) > _SITES_READ_AT_ONCE:
                    shared.site_frames.popitem(last=False)
            shared.site_frames.move_to_end(key)
            return frames


# Combined results by the keys of their parts: the same sites' figure asked again (a project's delmål over
# the project's sites, say) is not read and joined again. Read-only, as everything ``once`` gives.
_COMBINED = SharedMemo(max_entries=256)


def forget_combined() -> None:
    """Drop the combined figures this process keeps (the benchmark times a page's own work)."""
    _COMBINED.clear()


def frames_of_view(engine: Engine, site_ids: list[int] | None = None,
                   publication_ids: tuple[int, ...] | None = None,
                   write_engine: Engine | None = None) -> ProgrammeFrames:
    """The data a view shows, the same as ``queries.load_frames`` gives, made as fits the view: the rows of a view
    of fewer sites than ``SITE_FIGURES_FROM`` are read now; a view of more sites reads none (its reported frames are
    ``NotRead``) and is worked out site by site, each site's part of a figure kept in the database.

    The versions are fixed now (those in force now, or published): a part worked out later is of the same versions
    even if a return is imported meanwhile. ``write_engine``: where the sites' parts are kept, when ``engine`` is a
    read replica.
    """
    versions, reference = fixed_versions(engine, site_ids, publication_ids)
    shared = _Shared(engine, versions)
    if len(shared.site_versions()) < site_figures_from():
        return ProgrammeFrames(**reference, **reported_frames(engine, versions))
    frames = ProgrammeFrames(**reference, **{name: NotRead(name) for name in REPORTED_FRAMES})
    return frames.with_source(DatabaseSource(engine, versions, frames, shared, write_engine=write_engine))
