"""Core statements run on the embedded store's driver connection.

SQLAlchemy's work for each statement it executes (its caches, events, result
objects, type processing) is most of the cost of a small query on SQLite, and
every request makes a few: the plan row a request is authorized from, and the
access-log row each read appends. These are compiled by Core once and run on
the pooled connection's own `sqlite3.Connection`, their values converted by
the columns' own types, so the statements and their types are still Core's.
PostgreSQL goes on through SQLAlchemy.
"""

# Pays its way (bench/ab.py read, with and without, 8 rounds, 2026-12-07):
# the access log's append 1.15 times the plan reads/s (578 against 490), the
# plan row's lookup 1.14 times more (719 against 598).

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Dialect, Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.sql import ClauseElement
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.selectable import Select

Convert = Callable[[Any], Any] | None


@contextmanager
def on_the_driver(engine: Engine) -> Iterator[sqlite3.Connection]:
    """A pooled connection of an embedded store, as the driver's own; its
    errors are SQLAlchemy's, as they would be through SQLAlchemy."""
    if engine.dialect.name != "sqlite":
        raise ValueError("the driver's own connection is for SQLite only")
    pooled = engine.raw_connection()
    try:
        driver = pooled.driver_connection
        assert isinstance(driver, sqlite3.Connection)
        yield driver
    except sqlite3.Error as error:
        raise DBAPIError.instance("", None, error, sqlite3.Error) from error
    finally:
        pooled.close()


class DriverStatement:
    """A Core statement compiled once for `dialect` (SQLite's), run on the
    driver's connection with its values and results converted by the types
    Core gives them."""

    def __init__(
        self,
        statement: ClauseElement,
        dialect: Dialect,
        column_keys: list[str] | None = None,
    ) -> None:
        compiled = statement.compile(dialect=dialect, column_keys=column_keys)
        assert isinstance(compiled, SQLCompiler)
        self.sql = str(compiled)
        binds = [(name, compiled.binds[name]) for name in compiled.positiontup or ()]
        self.binds: list[tuple[str, Convert]] = [
            (name, bind.type.bind_processor(dialect)) for name, bind in binds
        ]
        self.given = {name: bind.value for name, bind in binds if not bind.required}
        """Values the statement holds itself (a LIMIT, say)."""
        self.results: list[tuple[str, Convert]] = []
        if isinstance(statement, Select):
            self.results = [
                (str(column.key), column.type.result_processor(dialect, None))
                for column in statement.selected_columns
            ]

    def run(self, driver: sqlite3.Connection, values: Mapping[str, Any]) -> None:
        driver.execute(self.sql, self._values(values))

    def first(
        self, driver: sqlite3.Connection, values: Mapping[str, Any]
    ) -> dict[str, Any] | None:
        """The first row, by column key; None if there is none."""
        found = driver.execute(self.sql, self._values(values)).fetchone()
        if found is None:
            return None
        return {
            key: value if convert is None else convert(value)
            for (key, convert), value in zip(self.results, found, strict=True)
        }

    def _values(self, values: Mapping[str, Any]) -> list[Any]:
        values = {**self.given, **values}
        return [values[name] if convert is None else convert(values[name])
                for name, convert in self.binds]  # fmt: skip
