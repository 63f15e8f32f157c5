"""Bulk inserts for the row-per-event read models, which a rebuild fills fastest."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import Table
from sqlalchemy.engine import Connection, Dialect

Row = tuple[Any, ...]
"""One row's values in its table's column order, already converted by each
column's type for the database (`column.type.bind_processor(dialect)`)."""

COPY_FROM = 50
"""Rows from which COPY beats one multi-row INSERT on PostgreSQL."""
Converter = Callable[[Any], Any]


def marker(dialect: Dialect) -> str:
    """The driver's placeholder for one parameter."""
    return {"qmark": "?", "format": "%s", "pyformat": "%s"}[dialect.paramstyle]


def insert_sql(table: Table, names: Sequence[str], dialect: Dialect) -> str:
    """INSERT of these columns' values, in the driver's own SQL."""
    quote, mark = dialect.identifier_preparer.quote, marker(dialect)
    return (
        f"INSERT INTO {quote(table.name)} ({', '.join(map(quote, names))}) "
        f"VALUES ({', '.join(mark for _ in names)})"
    )


def bind_processors(
    table: Table, names: Sequence[str], dialect: Dialect
) -> list[Converter | None]:
    """Each column's conversion of a value for the database, as SQLAlchemy
    would apply it (None: the value goes as it is)."""
    return [
        table.c[name].type.dialect_impl(dialect).bind_processor(dialect)
        for name in names
    ]


def cursor_of(connection: Connection) -> Any:
    """The driver's cursor, inside the transaction `connection` began."""
    return connection.connection.cursor()


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
    cursor_of(connection).executemany(_insert(table, dialect), rows)


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
        names = [column.name for column in table.columns]
        types = [
            column.type.compile(dialect).split("(")[0].lower()
            for column in table.columns
            if dialect.name == "postgresql"  # COPY's binary format needs them
        ]
        _statements[key] = (
            insert_sql(table, names, dialect),
            f"COPY {quote(table.name)} ({', '.join(map(quote, names))}) "
            "FROM STDIN (FORMAT BINARY)",
            types,
        )
    return _statements[key]
