"""Bulk inserts for the row-per-event read models, which a rebuild fills fastest."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Table
from sqlalchemy.engine import Connection, Dialect

Row = tuple[Any, ...]
"""One row's values in its table's column order, already converted by each
column's type for the database (`column.type.bind_processor(dialect)`)."""

COPY_FROM = 50
"""Rows from which COPY beats one multi-row INSERT on PostgreSQL."""


def insert_rows(connection: Connection, table: Table, rows: list[Row]) -> None:
    """Insert rows in one COPY (PostgreSQL, many rows) or one executemany on the
    driver's cursor, without SQLAlchemy's per-row statement work, which costs
    as much as decoding the events the rows come from."""
    if not rows:
        return
    dialect = connection.dialect
    if dialect.name == "postgresql" and len(rows) >= COPY_FROM:
        driver = connection.connection.driver_connection
        assert driver is not None
        statement, types = _copy(table, dialect)
        with driver.cursor() as cursor, cursor.copy(statement) as copy:
            copy.set_types(types)
            for row in rows:
                copy.write_row(row)
        return
    connection.connection.cursor().executemany(_insert(table, dialect), rows)


_statements: dict[tuple[str, str, str], tuple[str, str, list[str]]] = {}


def _insert(table: Table, dialect: Dialect) -> str:
    return _prepared(table, dialect)[0]


def _copy(table: Table, dialect: Dialect) -> tuple[str, list[str]]:
    _, copy, types = _prepared(table, dialect)
    return copy, types


def _prepared(table: Table, dialect: Dialect) -> tuple[str, str, list[str]]:
    """INSERT and COPY statements and COPY's types, made once per table and
    database kind (engines come and go; their dialects are not the key)."""
    key = (table.name, dialect.name, dialect.paramstyle)
    if key not in _statements:
        quote = dialect.identifier_preparer.quote
        name = quote(table.name)
        names = ", ".join(quote(column.name) for column in table.columns)
        marker = {"qmark": "?", "format": "%s", "pyformat": "%s"}[dialect.paramstyle]
        markers = ", ".join(marker for _ in table.columns)
        types = [
            column.type.compile(dialect).split("(")[0].lower()
            for column in table.columns
            if dialect.name == "postgresql"  # COPY's binary format needs them
        ]
        _statements[key] = (
            f"INSERT INTO {name} ({names}) VALUES ({markers})",
            f"COPY {name} ({names}) FROM STDIN (FORMAT BINARY)",
            types,
        )
    return _statements[key]
