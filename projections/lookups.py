"""The hottest reads, as SQL prepared once and run on the driver's connection.

A plan for every request's authorization, the position a waiting reader
polls: SQLAlchemy's statement machinery cost several times the query itself."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Column

from projections.bulk import marker
from projections.driver import Driver


class Lookup:
    """Some columns of the row a key finds, converted as SQLAlchemy would."""

    def __init__(self, driver: Driver, key: Column[Any], *values: Column[Any]) -> None:
        dialect = driver.engine.dialect
        quote = dialect.identifier_preparer.quote
        self._driver = driver
        self.sql = (
            f"SELECT {', '.join(quote(value.name) for value in values)} "
            f"FROM {quote(key.table.name)} WHERE {quote(key.name)} = {marker(dialect)}"
        )
        self._key = key.type.dialect_impl(dialect).bind_processor(dialect)
        self._values = [
            value.type.dialect_impl(dialect).result_processor(dialect, None)
            for value in values
        ]

    def __call__(self, key: Any) -> tuple[Any, ...] | None:
        """The values, or None when no row has the key. One statement on its
        own (`Driver`)."""
        row = self._driver.fetch_one(self.sql, (self._key(key) if self._key else key,))
        if row is None:
            return None
        return tuple(
            convert(value) if convert else value
            for convert, value in zip(self._values, row, strict=True)
        )
