"""Read the data in force into ``ProgrammeFrames``.

Only the newest import version per (site, quarter) is in force; every query
here goes through ``versions_in_force_query`` so that no page can see a replaced row.
"""

import io
from datetime import date

import pandas as pd
from sqlalchemy import Connection, Engine, Select, func, select

from data_access.models import (
    Benchmark,
    Commentary,
    Family,
    ImportLock,
    ImportVersion,
    JobType,
    OutcomeCategory,
    Person,
    Profession,
    ProgressionInstrument,
    Project,
    ProjectTarget,
    Publication,
    PublicationVersion,
    Site,
    StaffAssignment,
    StaffMember,
    UserAccount,
)
from data_access.workbook.format import RECORD_SHEETS, split_items
from metrics.frames import COLUMNS, PERSON_LEVEL, ProgrammeFrames

DATE_COLUMNS = {
    "persons": ["start_date", "end_date"],
    "assignments": ["start_date", "end_date"],
    "project_targets": ["deadline"],
    **{sheet.frame: [column.field for column in sheet.columns if column.kind == "date"] for sheet in RECORD_SHEETS},
}

# Declared records: numbers as floats, optional texts with None for an empty cell, optional counts as floats
# (NaN where not counted).
VALUE_KINDS = {sheet.frame: {column.field: "number" if column.kind in ("number", "integer") else column.kind
                             for column in sheet.fields
                             if column.kind == "number" or (column.kind == "integer" and not column.required)
                             or (column.kind in ("text", "choice") and not column.required
                                 and column.choices != "category")}
               for sheet in RECORD_SHEETS}

# The reported frames, large at national scale: PostgreSQL sends them with COPY (see ``_copied``), and a view of
# many sites does not read them at all (``data_access.site_figures.view_frames``).
REPORTED_FRAMES = PERSON_LEVEL + ("staff", "assignments")


def versions_in_force_query(up_to: int | None = None):
    """The newest version of each site and quarter (of those up to version id ``up_to``: the versions in force
    when that was the newest; versions are never deleted, so this never changes)."""
    newest = select(func.max(ImportVersion.id)).group_by(ImportVersion.site_id, ImportVersion.quarter)
    if up_to is not None:
        newest = newest.where(ImportVersion.id <= up_to)
    newest = newest.scalar_subquery()
    return (
        select(ImportVersion.id, ImportVersion.site_id, ImportVersion.quarter)
        .where(ImportVersion.id.in_(newest))
        .subquery("version_in_force")
    )


def versions_published_query(publication_ids: tuple[int, ...]):
    """The versions these publications show (each the versions in force when it was published)."""
    shown = select(PublicationVersion.version_id).where(PublicationVersion.publication_id.in_(publication_ids))
    return (
        select(ImportVersion.id, ImportVersion.site_id, ImportVersion.quarter)
        .where(ImportVersion.id.in_(shown))
        .subquery("version_published")
    )


def data_fingerprint(engine: Engine) -> tuple:
    """Changes whenever anything shown could change; use it as a cache key.

    Reported data and commentary are append-only, so the highest id and the row
    count of each table move with every change; other changes move the lock counter.
    One statement: it runs on every rerun of every session.
    """
    tables = (ImportVersion, ProjectTarget, Benchmark, OutcomeCategory, Site, Commentary, Publication,
              ProgressionInstrument, JobType)
    columns = [select(aggregate(table.id)).scalar_subquery()
               for table in tables for aggregate in (func.max, func.count)]
    # Edits in place (e.g. a benchmark value) take the import lock, which counts them.
    columns.append(select(ImportLock.counter).scalar_subquery())
    with engine.connect() as connection:
        return tuple(connection.execute(select(*columns)).one())


def versions_query(site_ids: list[int] | None, publication_ids: tuple[int, ...] | None = None,
                   up_to: int | None = None):
    """The versions shown: those in force (up to version ``up_to``) or published, of these sites (None: all)."""
    version = versions_in_force_query(up_to) if publication_ids is None else versions_published_query(publication_ids)
    if site_ids is not None:
        version = select(version).where(version.c.site_id.in_(site_ids)).subquery("version_of_sites")
    return version


def _statements(version) -> dict[str, Select]:
    """What each frame reads, of the versions in ``version`` (a subquery of id, site_id, quarter)."""
    scope = (version.c.site_id, version.c.quarter)

    def records(sheet) -> Select:
        """A sheet's records as it declares them (a person's with the person's key and target group); a
        category as its code and group."""
        model = sheet.model
        has_category = any(column.choices == "category" for column in sheet.columns)
        columns = []
        for column in sheet.fields:
            columns += [OutcomeCategory.code.label("category_code"), OutcomeCategory.group_code] \
                if column.choices == "category" else [getattr(model, column.field)]
        person = (Person.person_key, Person.target_group) if sheet.per_person else ()
        statement = select(*scope, *person, *columns).select_from(model).join(version, model.version_id == version.c.id)
        if sheet.per_person:
            statement = statement.join(Person, model.person_id == Person.id)
        if has_category:
            statement = statement.join(OutcomeCategory, model.category_id == OutcomeCategory.id)
        return statement.order_by(model.id)

    return {
        "sites": select(
            Site.id.label("site_id"), Site.name.label("site_name"), Site.project_id,
            Project.name.label("project_name"), Site.municipality,
        ).join(Project, Site.project_id == Project.id).order_by(Site.id),
        "categories": select(
            OutcomeCategory.code.label("category_code"), OutcomeCategory.label.label("category_label"),
            OutcomeCategory.group_code, OutcomeCategory.sort_order, OutcomeCategory.has_hours,
            OutcomeCategory.is_job_start,
        ).order_by(OutcomeCategory.sort_order),
        "persons": select(
            *scope, Person.person_key, Family.family_key, Person.target_group,
            Person.benefit_type, Person.start_date, Person.end_date,
        ).join(version, Person.version_id == version.c.id).outerjoin(Family, Person.family_id == Family.id)
        .order_by(Person.id),
        "staff": select(
            *scope, StaffMember.staff_key, StaffMember.profession, StaffMember.department,
        ).join(version, StaffMember.version_id == version.c.id).order_by(StaffMember.id),
        "assignments": select(
            *scope, Family.family_key, StaffMember.staff_key,
            StaffAssignment.start_date, StaffAssignment.end_date,
        ).join(version, StaffAssignment.version_id == version.c.id)
        .join(Family, StaffAssignment.family_id == Family.id)
        .join(StaffMember, StaffAssignment.staff_id == StaffMember.id).order_by(StaffAssignment.id),
        "project_targets": select(
            ProjectTarget.id.label("target_id"), ProjectTarget.project_id, ProjectTarget.indicator_key,
            ProjectTarget.label, ProjectTarget.target_value, ProjectTarget.deadline, ProjectTarget.rule_categories,
            ProjectTarget.rule_counting, ProjectTarget.rule_target_groups, ProjectTarget.part_label,
            ProjectTarget.part_categories, ProjectTarget.part_target_value, ProjectTarget.is_headline,
        ).order_by(ProjectTarget.id),
        "professions": select(
            Profession.code.label("profession_code"), Profession.label.label("profession_label"),
        ).order_by(Profession.sort_order),
        "benchmarks": select(
            Benchmark.indicator_key, Benchmark.label, Benchmark.value, Benchmark.period, Benchmark.source,
        ).order_by(Benchmark.id),
        "progression_scales": select(
            ProgressionInstrument.code.label("instrument"), ProgressionInstrument.label, ProgressionInstrument.minimum,
            ProgressionInstrument.maximum, ProgressionInstrument.higher_is_closer,
            ProgressionInstrument.meaningful_change, ProgressionInstrument.items,
        ).order_by(ProgressionInstrument.id),
        "job_types": select(JobType.code.label("job_type"), JobType.label.label("job_type_label"))
        .order_by(JobType.sort_order),
        **{sheet.frame: records(sheet) for sheet in RECORD_SHEETS},
    }


def load_frames(source: Engine | Connection, site_ids: list[int] | None = None,
                publication_ids: tuple[int, ...] | None = None) -> ProgrammeFrames:
    """All data in force, in the order stored; inside the caller's transaction when given one.

    ``site_ids`` limits the reported data (not the reference data) to those sites; ``publication_ids``: the
    data as these publications showed them instead of the data in force.
    """
    if isinstance(source, Engine):
        with source.connect() as connection:
            return load_frames(connection, site_ids, publication_ids)
    statements = _statements(versions_query(site_ids, publication_ids))
    return ProgrammeFrames(**{name: _read_frame(source, name, statement) for name, statement in statements.items()})


def fixed_versions(engine: Engine, site_ids: list[int] | None = None,
                   publication_ids: tuple[int, ...] | None = None) -> tuple:
    """(the versions shown, fixed now: those in force up to the newest version, or published; the reference
    frames read now): what ``data_access.site_figures.view_frames`` builds a view's frames of."""
    with engine.connect() as connection:
        up_to = connection.execute(select(func.max(ImportVersion.id))).scalar_one()
        versions = versions_query(site_ids, publication_ids, up_to)
        statements = _statements(versions)
        reference = {name: _read_frame(connection, name, statement) for name, statement in statements.items()
                     if name not in REPORTED_FRAMES}
    return versions, reference


def reported_frames(engine: Engine, versions, names=REPORTED_FRAMES) -> dict[str, pd.DataFrame]:
    """The reported rows of ``versions`` (a subquery of id, site_id, quarter), of these frames."""
    statements = _statements(versions)
    with engine.connect() as connection:
        return {name: _read_frame(connection, name, statements[name]) for name in names}


def _read_frame(connection: Connection, name: str, statement: Select) -> pd.DataFrame:
    copied = connection.dialect.name == "postgresql" and name in REPORTED_FRAMES
    frame = _copied(connection, statement) if copied else pd.read_sql(statement, connection)
    for column in DATE_COLUMNS.get(name, []):
        frame[column] = pd.to_datetime(frame[column]).dt.as_unit("s")  # dates: whole days
    if name == "progression_scales":
        frame["items"] = frame["items"].map(split_items)
    for column, kind in VALUE_KINDS.get(name, {}).items():
        # The same types whichever way the rows came: COPY reads a whole-number score as an integer and an
        # empty text as NaN, a query as a float and None.
        frame[column] = frame[column].astype(float) if kind == "number" else \
            frame[column].astype(object).where(frame[column].notna(), None)
    return frame[COLUMNS[name]]


def _copied(connection: Connection, statement: Select) -> pd.DataFrame:
    """The rows of ``statement`` through PostgreSQL's COPY as CSV, parsed by pandas in C.

    The reported frames run to millions of rows for a national programme; fetched as one Python tuple
    per row they took most of the time a page needs after an import. Text columns stay text (a key
    such as "0042" must not become a number) and dates are left for the caller to convert, as with
    ``read_sql``.
    """
    query = statement.compile(dialect=connection.dialect, compile_kwargs={"literal_binds": True})
    buffer = io.BytesIO()
    with connection.connection.driver_connection.cursor() as cursor, \
            cursor.copy(f"COPY ({query}) TO STDOUT WITH (FORMAT csv, HEADER, NULL '\\N')") as copy:
        for block in copy:
            buffer.write(block)
    buffer.seek(0)
    text_columns = {column.name: "str" for column in statement.selected_columns
                    if column.type.python_type in (str, date)}
    # NULL is written as \N, so that an empty text stays an empty text.
    return pd.read_csv(buffer, dtype=text_columns, keep_default_na=False, na_values=["\\N"])


def quarters_in_force(engine: Engine, site_ids: list[int] | None = None) -> list[str]:
    """The quarters with reported persons in force (for these sites), oldest first, without loading any rows."""
    version = versions_in_force_query()
    statement = (select(version.c.quarter).distinct()
                 .where(select(Person.id).where(Person.version_id == version.c.id).exists())
                 .order_by(version.c.quarter))
    if site_ids is not None:
        statement = statement.where(version.c.site_id.in_(site_ids))
    with engine.connect() as connection:
        return list(connection.execute(statement).scalars())


def is_empty(engine: Engine) -> bool:
    """True when the database holds nothing of its own yet: no account, master data, import or commentary."""
    with engine.connect() as connection:
        return all(
            connection.execute(select(func.count()).select_from(model)).scalar_one() == 0
            for model in (UserAccount, Project, OutcomeCategory, Benchmark, ImportVersion, Commentary)
        )
