"""How a quarterly return (kvartalsindberetning, ``QuarterlyReturn``) is stored and read back.

Workbook imports, the staging feed, rollbacks and the demo data all store
through ``write_returns``, so a version always looks the same whatever brought it.
Persons, families and staff are referred to by their pseudonymous keys; the
database ids are assigned here.
"""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, select, update

from data_access.bulk import bulk_insert, next_ids, resync_sequences
from data_access.models import (
    Family,
    ImportLock,
    ImportVersion,
    OutcomeCategory,
    Person,
    StaffAssignment,
    StaffMember,
)
from data_access.queries import versions_in_force_query
from data_access.workbook.format import RECORD_SHEETS
from data_access.workbook.quarterly_return import QuarterlyReturn

TABLES = [ImportVersion, Family, Person, StaffMember, StaffAssignment, *(sheet.model for sheet in RECORD_SHEETS)]


def _stored_field(field_name: str) -> str:
    """The model's column for a sheet's field: a category is stored by its id."""
    return "category_id" if field_name == "category" else field_name


@dataclass(frozen=True)
class VersionMeta:
    kind: str
    created_by: str
    created_at: datetime | None = None
    file_name: str | None = None
    sha256: str | None = None
    restores_version_id: int | None = None


def take_import_lock(connection: Connection) -> None:
    """Serialise writers: the first statement of every import transaction.

    PostgreSQL holds the row lock and SQLite the database write lock until the
    transaction ends, so two imports can never interleave.
    """
    connection.execute(update(ImportLock).where(ImportLock.id == 1).values(counter=ImportLock.counter + 1))


def category_ids(connection: Connection) -> dict[str, int]:
    return dict(connection.execute(select(OutcomeCategory.code, OutcomeCategory.id)).all())


def write_returns(connection: Connection, returns: list[QuarterlyReturn], meta: VersionMeta) -> list[int]:
    """Store each return as a new import version, inside the caller's transaction."""
    categories = category_ids(connection)
    ids = next_ids(connection, [model.__table__ for model in TABLES])
    rows: dict[str, list[tuple]] = {model.__tablename__: [] for model in TABLES}
    version_ids = []
    for quarterly in returns:
        version_id = _take(ids, "import_version")
        version_ids.append(version_id)
        rows["import_version"].append((
            version_id, quarterly.site_id, quarterly.quarter, meta.kind,
            meta.created_at or datetime.now().astimezone(), meta.created_by, meta.file_name, meta.sha256,
            quarterly.row_counts(), meta.restores_version_id,
        ))
        _version_rows(quarterly, version_id, categories, ids, rows)
    for model in TABLES:
        bulk_insert(connection, model.__table__, rows[model.__tablename__])
    resync_sequences(connection, [model.__table__ for model in TABLES])
    return version_ids


def _take(ids: dict[str, int], table: str) -> int:
    ids[table] += 1
    return ids[table] - 1


def _version_rows(quarterly: QuarterlyReturn, version_id: int, categories: dict[str, int],
                  ids: dict[str, int], rows: dict[str, list[tuple]]) -> None:
    family_ids = {key: _take(ids, "family") for key in quarterly.families}
    rows["family"].extend((family_id, version_id, key) for key, family_id in family_ids.items())
    person_ids = {}
    for key, family_key, target_group, benefit_type, start_date, end_date in quarterly.persons:
        person_ids[key] = _take(ids, "person")
        rows["person"].append((
            person_ids[key], version_id, key, family_ids.get(family_key), target_group,
            benefit_type, start_date, end_date,
        ))
    staff_ids = {}
    for key, profession, department in quarterly.staff:
        staff_ids[key] = _take(ids, "staff_member")
        rows["staff_member"].append((staff_ids[key], version_id, key, profession, department))
    for family_key, staff_key, start_date, end_date in quarterly.assignments:
        rows["staff_assignment"].append((
            _take(ids, "staff_assignment"), version_id, family_ids[family_key], staff_ids[staff_key],
            start_date, end_date,
        ))
    for sheet in RECORD_SHEETS:
        table = sheet.model.__table__
        fields = [_stored_field(column.field) for column in sheet.fields]
        order = [column.name for column in table.columns]
        for record in getattr(quarterly, sheet.part):
            values = record[1:] if sheet.per_person else record
            named = dict(zip(fields, values, strict=True))
            if "category_id" in named:
                named["category_id"] = categories[named["category_id"]]
            named.update(id=_take(ids, table.name), version_id=version_id)
            if sheet.per_person:
                named["person_id"] = person_ids[record[0]]
            rows[table.name].append(tuple(named[name] for name in order))


def read_return(connection: Connection, version_id: int) -> QuarterlyReturn:
    """The rows one version brought, in the same shape they were stored from."""
    version = connection.execute(
        select(ImportVersion.site_id, ImportVersion.quarter).where(ImportVersion.id == version_id)
    ).one()
    person = Person.__table__.alias("p")
    family = Family.__table__.alias("f")
    code = OutcomeCategory.code

    def rows(model, *columns, joins=()) -> list[tuple]:
        statement = select(*columns)
        for target, condition in joins:
            statement = statement.join(target, condition)
        statement = statement.where(model.version_id == version_id).order_by(model.id)
        return [tuple(row) for row in connection.execute(statement).all()]

    def of_sheet(sheet) -> list[tuple]:
        model = sheet.model
        columns = [code if column.choices == "category" else getattr(model, column.field) for column in sheet.fields]
        if not sheet.per_person:
            return rows(model, *columns)
        joins = [(person, model.person_id == person.c.id)]
        if hasattr(model, "category_id"):
            joins.append((OutcomeCategory, model.category_id == OutcomeCategory.id))
        return rows(model, person.c.person_key, *columns, joins=joins)

    return QuarterlyReturn(
        site_id=version.site_id,
        quarter=version.quarter,
        families=[key for (key,) in rows(Family, Family.family_key)],
        persons=[
            tuple(row) for row in connection.execute(
                select(Person.person_key, family.c.family_key, Person.target_group, Person.benefit_type,
                       Person.start_date, Person.end_date)
                .outerjoin(family, Person.family_id == family.c.id)
                .where(Person.version_id == version_id).order_by(Person.id)
            ).all()
        ],
        staff=rows(StaffMember, StaffMember.staff_key, StaffMember.profession, StaffMember.department),
        assignments=rows(
            StaffAssignment, family.c.family_key, StaffMember.staff_key,
            StaffAssignment.start_date, StaffAssignment.end_date,
            joins=[(family, StaffAssignment.family_id == family.c.id),
                   (StaffMember, StaffAssignment.staff_id == StaffMember.id)],
        ),
        **{sheet.part: of_sheet(sheet) for sheet in RECORD_SHEETS},
    )


def versions_in_force(connection: Connection) -> list[int]:
    in_force = versions_in_force_query()
    return list(connection.execute(select(in_force.c.id).order_by(in_force.c.id)).scalars())
