"""The database feed: an IT department delivers the quarterly return as staging tables.

Each workbook sheet has a table ``staging_<part>`` with the columns ``site``,
``quarter`` and the sheet's fields (see ``staging_table_sql``). The rows are
read into the same shape as a parsed workbook and go through exactly the same
validation, preview and versioning. Row numbers in messages count from 2 in
the order (site, quarter, first key), as if the table were a sheet with a header.
"""

import hashlib
import json

from sqlalchemy import Engine, inspect, text

from data_access.workbook.format import SHEETS, SheetSpec
from data_access.workbook.reader import ParsedWorkbook

NOT_NULL = " NOT NULL"
# Site and quarter may be left out when they are given on the command line.
OPTIONAL_IN_SQL = ("site", "quarter")
SQL_TYPES = {
    "key": "VARCHAR(32)", "text": "VARCHAR(200)", "date": "DATE", "number": "FLOAT", "integer": "INTEGER",
    "choice": "VARCHAR(200)", "site": "VARCHAR(300)", "quarter": "VARCHAR(10)",
}


def staging_table(sheet: SheetSpec) -> str:
    return f"staging_{sheet.part}"


def staging_table_sql() -> list[str]:
    """CREATE TABLE statements for the staging tables (documentation and tests)."""
    statements = []
    for sheet in SHEETS:
        columns = []
        for column in sheet.columns:
            not_null = NOT_NULL if column.required and column.kind not in OPTIONAL_IN_SQL else ""
            columns.append(f"{column.field} {SQL_TYPES[column.kind]}{not_null}")
        statements.append(f"CREATE TABLE {staging_table(sheet)} (\n    " + ",\n    ".join(columns) + "\n)")
    return statements


# PostgreSQL types whose values the import reads as they come (arrays of them too); a column of any other
# type (money, uuid, xml, tsvector, a type of the IT department's own) is read as its text, so that the CPR
# check sees every column, and the import then refuses the column by name.
READABLE_TYPES = frozenset({"text", "varchar", "bpchar", "int2", "int4", "int8", "numeric", "float4", "float8",
                            "date", "timestamp", "timestamptz", "bool", "json", "jsonb"})


def _postgresql_types(connection, table: str) -> dict[str, str]:
    return dict(connection.execute(text(
        "SELECT column_name, udt_name FROM information_schema.columns "
        "WHERE table_name = :table AND table_schema = current_schema()"), {"table": table}).all())


def read_staging(engine: Engine) -> tuple[ParsedWorkbook, str]:
    """The staging tables as a parsed workbook, and a hash of their content."""
    parsed = ParsedWorkbook()
    existing = set(inspect(engine).get_table_names())
    with engine.connect() as connection:
        for sheet in SHEETS:
            table = staging_table(sheet)
            if table not in existing:
                continue
            # SQLite stores any value in any column, and its driver reads them all.
            types = _postgresql_types(connection, table) if engine.dialect.name == "postgresql" else {}
            present = types or {column["name"] for column in inspect(connection).get_columns(table)}
            columns = [column for column in sheet.columns if column.field in present]
            names = [column.field for column in columns]
            if not names:
                parsed.sheets[sheet.name] = [[]]
                continue
            unreadable = {name: types[name] for name in names
                          if name in types and types[name].lstrip("_") not in READABLE_TYPES}
            selected = [f"{name}::text AS {name}" if name in unreadable else name for name in names]
            parsed.unreadable_columns.extend((sheet.name, column.header, unreadable[column.field])
                                             for column in columns if column.field in unreadable)
            statement = f"SELECT {', '.join(selected)} FROM {table} ORDER BY {', '.join(names[:3])}"
            rows = connection.execute(text(statement)).all()
            parsed.sheets[sheet.name] = [[column.header for column in columns]] + [list(row) for row in rows]
    digest = hashlib.sha256(json.dumps(parsed.sheets, default=str, sort_keys=True).encode()).hexdigest()
    return parsed, digest
