"""Fast insertion of many rows inside the caller's transaction.

PostgreSQL gets ``COPY``; other databases an ``executemany``. Rows are tuples
in the order of the table's columns.
"""

from collections.abc import Iterable, Sequence

from psycopg.types.json import Json
from sqlalchemy import JSON, Connection, Table, func, select, text


def bulk_insert(connection: Connection, table: Table, rows: Sequence[tuple]) -> None:
    if not rows:
        return
    columns = [column.name for column in table.columns]
    if connection.dialect.name == "postgresql":
        driver_connection = connection.connection.driver_connection
        statement = f"COPY {table.name} ({', '.join(columns)}) FROM STDIN"
        json_positions = [index for index, column in enumerate(table.columns) if isinstance(column.type, JSON)]
        with driver_connection.cursor() as cursor, cursor.copy(statement) as copy:
            for row in rows:
                if json_positions:
                    row = list(row)
                    for index in json_positions:
                        row[index] = Json(row[index])
                copy.write_row(row)
    else:
        connection.execute(table.insert(), [dict(zip(columns, row, strict=True)) for row in rows])


def next_ids(connection: Connection, tables: Iterable[Table]) -> dict[str, int]:
    """The first free id of each table, for rows whose ids are assigned before inserting."""
    return {
        table.name: (connection.execute(select(func.max(table.c.id))).scalar() or 0) + 1
        for table in tables
    }


def resync_sequences(connection: Connection, tables: Iterable[Table]) -> None:
    """After inserting explicit ids, move PostgreSQL's id sequences past them."""
    if connection.dialect.name != "postgresql":
        return
    for table in tables:
        connection.execute(text(
            f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
            f"COALESCE((SELECT MAX(id) FROM {table.name}), 0) + 1, false)"
        ))
