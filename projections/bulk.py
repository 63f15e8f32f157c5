"""Bulk inserts for the row-per-event read models, which a rebuild fills fastest."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Table
from sqlalchemy.engine import Connection

Row = tuple[Any, ...]
"""One row's values in its table's column order, already converted by each
column's type for the database (`column.type.bind_processor(dialect)`)."""


def insert_rows(connection: Connection, table: Table, rows: list[Row]) -> None:
    """Insert rows in one COPY (PostgreSQL) or executemany (SQLite), without
    SQLAlchemy's per-row statement work, which costs as much as decoding the
    events the rows come from."""
    if not rows:
        return
    dialect = connection.dialect
    quote = dialect.identifier_preparer.quote
    names = ", ".join(quote(column.name) for column in table.columns)
    if dialect.name == "postgresql":  # COPY: one stream, not a statement a row
        driver = connection.connection.driver_connection
        assert driver is not None
        types = [c.type.compile(dialect).split("(")[0].lower() for c in table.columns]
        statement = f"COPY {quote(table.name)} ({names}) FROM STDIN (FORMAT BINARY)"
        with driver.cursor() as cursor, cursor.copy(statement) as copy:
            copy.set_types(types)
            for row in rows:
                copy.write_row(row)
        return
    marker = {"qmark": "?", "format": "%s", "pyformat": "%s"}[dialect.paramstyle]
    markers = ", ".join(marker for _ in table.columns)
    connection.exec_driver_sql(
        f"INSERT INTO {quote(table.name)} ({names}) VALUES ({markers})", rows
    )
