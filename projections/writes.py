"""Writing the per-case read models with SQL prepared once for the database.

One executemany a table a batch, and only the rows that changed when the rows
in place are known."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from operator import itemgetter
from typing import Any

from sqlalchemy import Table
from sqlalchemy.engine import Dialect

from projections.bulk import Converter, Row, bind_processors, insert_sql, marker
from projections.heads import ADVANCE, heads
from projections.positions import positions

Rows = tuple[Row, ...]
"""A case's rows in one table, as Python values in the table's column order."""


class Prepared:
    """One table's statements for one database, and its columns' converters
    (`bind_processor`, as SQLAlchemy would apply them)."""

    def __init__(self, table: Table, dialect: Dialect) -> None:
        quote, mark = dialect.identifier_preparer.quote, marker(dialect)
        names = [column.name for column in table.columns]
        key = [column.name for column in table.primary_key.columns]
        name = quote(table.name)
        self.key = [names.index(column) for column in key]
        # Only ever compared with each other: a one-column key gives a bare value.
        self.key_of: Callable[[Row], Any] = itemgetter(*self.key)
        self.by_case = key == ["case_id"]  # one row a case: an upsert replaces it
        self.insert = insert_sql(table, names, dialect)
        updates = ", ".join(
            f"{quote(n)} = excluded.{quote(n)}" for n in names if n not in key
        )
        self.upsert = (
            f"{self.insert} ON CONFLICT ({', '.join(quote(k) for k in key)}) "
            f"DO UPDATE SET {updates}"
        )
        self.delete_case = f"DELETE FROM {name} WHERE {quote('case_id')} = {mark}"
        self.delete_key = f"DELETE FROM {name} WHERE " + " AND ".join(
            f"{quote(k)} = {mark}" for k in key
        )
        self.convert: list[tuple[int, Converter]] = [
            (position, process)
            for position, process in enumerate(bind_processors(table, names, dialect))
            if process is not None
        ]
        converters = dict(self.convert)
        self.case_id = converters.get(names.index("case_id"), _same)
        self.key_convert = [(p, converters.get(p, _same)) for p in self.key]

    def values(self, row: Row) -> Row:
        if not self.convert:
            return row
        values = list(row)
        for position, process in self.convert:
            value = values[position]
            if value is not None:
                values[position] = process(value)
        return tuple(values)

    def key_values(self, row: Row) -> Row:
        """The key as `values` converts it, converting only the key: a deleted
        finding's other columns need no JSON."""
        return tuple(
            value if (value := row[position]) is None else process(value)
            for position, process in self.key_convert
        )


def _same(value: Any) -> Any:
    return value


class Changes:
    """What one batch writes to one table, gathered across its cases."""

    def __init__(self, prepared: Prepared) -> None:
        self.prepared = prepared
        self.cleared: list[Row] = []  # cases whose rows are all replaced
        self.deleted: list[Row] = []  # keys of rows that are gone
        self.upserted: list[Row] = []
        self.inserted: list[Row] = []

    def replace(self, case_id: Any, rows: Rows, *, fresh: bool) -> None:
        """Rows in place unknown: clear the case's rows, or on an empty table
        (`fresh`) just insert; a table of one row a case upserts it."""
        if self.prepared.by_case:
            (self.inserted if fresh else self.upserted).extend(rows)
            return
        if not fresh:
            self.cleared.append((self.prepared.case_id(case_id),))
        self.inserted.extend(rows)

    def update(self, before: Rows, after: Rows) -> None:
        """Rows in place known: delete what is gone, upsert what changed."""
        if before == after:
            return
        key_of = self.prepared.key_of
        gone = {key_of(row): row for row in before}
        for row in after:
            if gone.pop(key_of(row), None) != row:
                self.upserted.append(row)
        self.deleted.extend(self.prepared.key_values(row) for row in gone.values())

    def lists(self) -> tuple[list[Row], ...]:
        """The rows gathered, without the statements: what pickles."""
        return self.cleared, self.deleted, self.upserted, self.inserted

    def flush(self, cursor: Any) -> None:
        prepared = self.prepared
        if self.cleared:
            cursor.executemany(prepared.delete_case, self.cleared)
        if self.deleted:
            cursor.executemany(prepared.delete_key, self.deleted)
        if self.upserted:
            cursor.executemany(prepared.upsert, _converted(prepared, self.upserted))
        if self.inserted:
            cursor.executemany(prepared.insert, _converted(prepared, self.inserted))


def _converted(prepared: Prepared, rows: list[Row]) -> list[Row]:
    return [prepared.values(row) for row in rows]


class Statements:
    """Everything a projector writes, prepared for the database at hand."""

    def __init__(self, dialect: Dialect, tables: Iterable[Table]) -> None:
        self.tables = {table.name: Prepared(table, dialect) for table in tables}
        quote, mark = dialect.identifier_preparer.quote, marker(dialect)
        self.heads = Prepared(heads, dialect)
        self.advance_heads = f"{self.heads.upsert} WHERE " + ADVANCE.format(
            version=quote("version"), table=quote(heads.name)
        )
        table, name, position = (quote(positions.name), quote("name"),
                                 quote("position"))  # fmt: skip
        lock = " FOR UPDATE" if dialect.name == "postgresql" else ""
        self.lock_position = (
            f"SELECT {position} FROM {table} WHERE {name} = {mark}{lock}"
        )
        self.write_position = (
            f"UPDATE {table} SET {position} = {mark} WHERE {name} = {mark}"
        )

    def changes(
        self, lists: dict[str, tuple[list[Row], ...]] | None = None
    ) -> dict[str, Changes]:
        """Empty changes for each table, or those gathered elsewhere (`lists`)."""
        changes = {name: Changes(prepared) for name, prepared in self.tables.items()}
        for name, (cleared, deleted, upserted, inserted) in (lists or {}).items():
            change = changes[name]
            change.cleared, change.deleted = cleared, deleted
            change.upserted, change.inserted = upserted, inserted
        return changes

    def witness(self, cursor: Any, witnessed: Sequence[Row]) -> None:
        """Move each case's kept head forward to (version, chain), never back."""
        if witnessed:
            rows = _converted(self.heads, list(witnessed))
            cursor.executemany(self.advance_heads, rows)

    def lock(self, cursor: Any, projection: str) -> int:
        """The stored position, locked until the transaction ends (PostgreSQL)."""
        cursor.execute(self.lock_position, (projection,))
        found = cursor.fetchone()
        if found is None:
            raise LookupError(f"no position row for projection {projection!r}")
        return int(found[0])

    def move(self, cursor: Any, projection: str, position: int) -> None:
        cursor.execute(self.write_position, (position, projection))
