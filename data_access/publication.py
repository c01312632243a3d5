"""Published quarters: the project leader publishes a quarter for the steering group when it is ready.

A publication records the import versions in force at that moment for every site of the project and every
quarter up to the published one. Readers see a published quarter through those versions, so the figures
shown at a meeting can be shown again, unchanged, later. A version imported afterwards for one of those
sites and quarters is a correction: it is listed with its date beside the published figures, never
mixed into them silently. Publishing the quarter again makes a new publication with the corrections.
"""

from dataclasses import dataclass
from datetime import UTC, datetime

import pandas as pd
from sqlalchemy import Connection, Engine, func, insert, select

from data_access.accounts.audit_log import log_event
from data_access.commentary import commentary_in_force
from data_access.cpr import UserRefusal
from data_access.models import (
    AuditEvent,
    ImportVersion,
    Person,
    Project,
    Publication,
    PublicationVersion,
    PublishedFigure,
    Site,
)
from data_access.queries import versions_in_force_query
from data_access.returns import take_import_lock
from data_access.settings import site_figures_from
from data_access.site_figures import frames_of_view
from metrics.published import published_figures
from metrics.quarters import quarter_label, sites_missing


class PublicationRefused(UserRefusal):
    """A quarter that cannot be published; the message is Danish and for the user."""


@dataclass(frozen=True)
class Correction:
    site_name: str
    quarter: str
    version_id: int
    imported_at: datetime


def publish(engine: Engine, project_id: int, quarter: str, actor: str, at: datetime | None = None) -> int:
    """Publish ``quarter`` of the project for its steering group; returns the publication's id. Its figures are
    kept as figures (``keep_published_figures``), now for a project of fewer sites than SITE_FIGURES_FROM.

    Refused unless every site of the project that reports has reported the quarter: an incomplete quarter
    is never presented as the quarter.
    """
    with engine.begin() as connection:
        take_import_lock(connection)
        publication_id = publish_in(connection, project_id, quarter, actor, at)
        sites = connection.execute(select(func.count()).where(Site.project_id == project_id)).scalar_one()
    # A programme worked out site by site (hundreds of views of kept parts) keeps them in the background:
    # `python -m cli warm-figures`, which the page starts; a purge keeps any still missing first.
    if sites < site_figures_from():
        keep_published_figures(engine, publication_id)
    return publication_id


def figures_not_kept(engine: Engine) -> list[int]:
    """Publications whose figures are not kept yet (a large programme's, until the warm-up keeps them)."""
    kept = select(PublishedFigure.publication_id).distinct()
    with engine.connect() as connection:
        return list(connection.execute(select(Publication.id).where(Publication.id.not_in(kept))
                                       .order_by(Publication.id)).scalars())


def keep_published_figures(engine: Engine, publication_id: int) -> int:
    """Work out the publication's figures from its versions (metrics/published.py) and keep them, unless kept
    already; returns how many figures it keeps."""
    with engine.connect() as connection:
        if connection.execute(select(PublishedFigure.id).where(
                PublishedFigure.publication_id == publication_id).limit(1)).first():
            return 0
        project_id, quarter = connection.execute(select(Publication.project_id, Publication.quarter)
                                                 .where(Publication.id == publication_id)).one()
        site_ids = connection.execute(select(Site.id).where(Site.project_id == project_id)).scalars().all()
    figures = published_figures(frames_of_view(engine, list(site_ids), (publication_id,)), project_id, quarter)
    rows = [{key: (None if pd.isna(value) else value) for key, value in row.items()}
            for row in figures.to_dict("records")]
    with engine.begin() as connection:
        # A second process keeping the same publication's figures at once: the first one's figures stand.
        if connection.execute(select(PublishedFigure.id).where(
                PublishedFigure.publication_id == publication_id).limit(1)).first():
            return 0
        connection.execute(insert(PublishedFigure), [{**row, "publication_id": publication_id} for row in rows])
    return len(rows)


def keep_every_published_figure(engine: Engine) -> tuple[int, int]:
    """Keep the figures of every publication whose figures are not kept yet; (publications, figures) kept."""
    kept = [keep_published_figures(engine, publication_id) for publication_id in figures_not_kept(engine)]
    return len(kept), sum(kept)


def kept_figures(engine: Engine, publication_ids) -> pd.DataFrame:
    """The kept figures of these publications, with the publication's quarter and project and the site's name
    ("" for the whole project)."""
    ids = [int(publication_id) for publication_id in publication_ids]
    figure = PublishedFigure.__table__
    with engine.connect() as connection:
        rows = connection.execute(
            select(figure.c.publication_id, Publication.quarter, Publication.project_id, figure.c.site_id,
                   func.coalesce(Site.name, "").label("site_name"),
                   *(column for column in figure.c if column.name not in ("id", "publication_id", "site_id")))
            .join(Publication, Publication.id == figure.c.publication_id)
            .outerjoin(Site, Site.id == figure.c.site_id)
            .where(figure.c.publication_id.in_(ids)).order_by(figure.c.id)).mappings().all()
    columns = ["publication_id", "quarter", "project_id", "site_id", "site_name",
               *(column.name for column in figure.c if column.name not in ("id", "publication_id", "site_id"))]
    return pd.DataFrame([dict(row) for row in rows], columns=columns)


def publish_in(connection: Connection, project_id: int, quarter: str, actor: str, at: datetime | None = None) -> int:
    """``publish`` inside the caller's transaction, which holds the import lock."""
    project = connection.execute(select(Project.name).where(Project.id == project_id)).scalar_one()
    sites = dict(connection.execute(select(Site.id, Site.name).where(Site.project_id == project_id)).all())
    in_force = versions_in_force_query()
    versions = connection.execute(
        select(in_force.c.id, in_force.c.site_id, in_force.c.quarter)
        .where(in_force.c.site_id.in_(sites), in_force.c.quarter <= quarter)
        .where(select(Person.id).where(Person.version_id == in_force.c.id).exists())
    ).all()
    reported = _by_site((site_id, reported) for _, site_id, reported in versions)
    missing = [sites[site_id] for site_id in sites_missing(reported, sites, quarter)]
    if not any(quarter in own for own in reported.values()):
        raise PublicationRefused(f"{project} har ingen indberetninger for {quarter_label(quarter)}.")
    if missing:
        raise PublicationRefused(
            f"{quarter_label(quarter)} kan ikke offentliggøres: {' og '.join(missing)} har ikke indberettet "
            "kvartalet endnu. Et kvartal forelægges først, når alle stederne har indberettet.")
    publication_id = connection.execute(insert(Publication).values(
        project_id=project_id, quarter=quarter, published_at=at or datetime.now(UTC), published_by=actor,
    ).returning(Publication.id)).scalar_one()
    connection.execute(insert(PublicationVersion), [
        {"publication_id": publication_id, "version_id": version_id} for version_id, _, _ in versions])
    log_event(connection, actor, "published", f"{project} {quarter_label(quarter)} (offentliggørelse "
                                              f"{publication_id}, {len(versions)} versioner)")
    return publication_id


def publishable_quarters(engine: Engine, project_id: int) -> list[str]:
    """The quarters every reporting site of the project has reported, newest first: those that may be published."""
    with engine.connect() as connection:
        sites = connection.execute(select(Site.id).where(Site.project_id == project_id)).scalars().all()
        in_force = versions_in_force_query()
        reported = connection.execute(
            select(in_force.c.site_id, in_force.c.quarter).where(in_force.c.site_id.in_(sites))
            .where(select(Person.id).where(Person.version_id == in_force.c.id).exists())
        ).all()
    by_site = _by_site(reported)
    quarters = sorted(set().union(*by_site.values()), reverse=True) if by_site else []
    return [quarter for quarter in quarters if not sites_missing(by_site, by_site, quarter)]


def _by_site(pairs) -> dict[int, set[str]]:
    """(site, quarter) pairs as the quarters each site has reported."""
    by_site: dict[int, set[str]] = {}
    for site_id, quarter in pairs:
        by_site.setdefault(site_id, set()).add(quarter)
    return by_site


def publications(engine: Engine) -> pd.DataFrame:
    """Every publication, newest first: id, project_id, project_name, quarter, published_at, published_by."""
    with engine.connect() as connection:
        rows = connection.execute(
            select(Publication.id, Publication.project_id, Project.name, Publication.quarter,
                   Publication.published_at, Publication.published_by)
            .join(Project, Publication.project_id == Project.id)
            .order_by(Publication.id.desc())
        ).all()
    return pd.DataFrame([tuple(row) for row in rows], columns=["publication_id", "project_id", "project_name",
                                                               "quarter", "published_at", "published_by"])


def shown_publications(published: pd.DataFrame, project_ids, quarter: str) -> dict[int, int]:
    """For each of the projects, the publication a reader of ``quarter`` sees: the newest publication of that
    quarter (or, for a project that has not published it, of the latest quarter before it)."""
    chosen = {}
    for project_id in project_ids:
        own = published[(published["project_id"] == project_id) & (published["quarter"] <= quarter)]
        if len(own):
            newest_quarter = own["quarter"].max()
            chosen[project_id] = int(own.loc[own["quarter"] == newest_quarter, "publication_id"].max())
    return chosen


def corrections(engine: Engine, publication_ids) -> list[Correction]:
    """Versions imported after these publications for the sites and quarters they show: corrections the
    steering group has not been shown."""
    ids = [int(publication_id) for publication_id in publication_ids]
    if not ids:
        return []
    shown = select(PublicationVersion.version_id).where(PublicationVersion.publication_id.in_(ids)).subquery()
    newest_shown = (
        select(ImportVersion.site_id, ImportVersion.quarter, func.max(ImportVersion.id).label("shown_id"))
        .where(ImportVersion.id.in_(select(shown.c.version_id)))
        .group_by(ImportVersion.site_id, ImportVersion.quarter)
        .subquery()
    )
    with engine.connect() as connection:
        rows = connection.execute(
            select(Site.name, ImportVersion.quarter, ImportVersion.id, ImportVersion.created_at)
            .join(newest_shown, (newest_shown.c.site_id == ImportVersion.site_id)
                  & (newest_shown.c.quarter == ImportVersion.quarter))
            .join(Site, Site.id == ImportVersion.site_id)
            .where(ImportVersion.id > newest_shown.c.shown_id)
            .order_by(ImportVersion.id)
        ).all()
    return [Correction(*row) for row in rows]


def erasures_since(engine: Engine, publication_ids) -> list[datetime]:
    """When persons were erased (data_access/personal_data.py) after the earliest of these publications: the
    published quarter is then worked out without them and may differ from what was presented."""
    ids = [int(publication_id) for publication_id in publication_ids]
    if not ids:
        return []
    with engine.connect() as connection:
        earliest = connection.execute(select(func.min(Publication.published_at))
                                      .where(Publication.id.in_(ids))).scalar_one()
        return list(connection.execute(select(AuditEvent.occurred_at).where(
            AuditEvent.action == "erasure", AuditEvent.occurred_at > earliest).order_by(AuditEvent.occurred_at))
            .scalars())


def commentary_as_published(engine: Engine, publication_ids, site_ids, quarter: str) -> pd.DataFrame:
    """The leader's words for these sites and the quarter as they stood when each site's project published."""
    ids = [int(publication_id) for publication_id in publication_ids]
    with engine.connect() as connection:
        published = connection.execute(
            select(Publication.project_id, Publication.published_at).where(Publication.id.in_(ids))).all()
        project_of = dict(connection.execute(select(Site.id, Site.project_id).where(Site.id.in_(list(site_ids)))).all())
    parts = [commentary_in_force(engine, [site for site in site_ids if project_of.get(site) == project_id], quarter,
                                 as_of=published_at) for project_id, published_at in published]
    return pd.concat(parts, ignore_index=True) if parts else commentary_in_force(engine, [], quarter)
