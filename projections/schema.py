"""The read models' tables: their metadata, column types, and how they are created."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    DateTime,
    Engine,
    MetaData,
    Table,
    func,
    select,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Dialect
from sqlalchemy.types import TypeDecorator, TypeEngine

from adapters.database import writing
from projections import layout

metadata = MetaData()
"""Every read-model table; a rebuild drops and recreates all but the kept ones."""

Json = JSON().with_variant(postgresql.JSONB(), "postgresql")
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
SETUP_LOCK = 0x63617365  # "case": the advisory lock taken to create tables


class UtcDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes: timestamptz on PostgreSQL; on SQLite, which has no
    time type, whole microseconds since 1970 (exact, ordered and cheap)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "sqlite":
            return dialect.type_descriptor(BigInteger())
        return dialect.type_descriptor(DateTime(timezone=True))

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        if value is None or dialect.name != "sqlite":
            return value
        return (value - EPOCH) // timedelta(microseconds=1)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if isinstance(value, int):
            return EPOCH + timedelta(microseconds=value)
        stamp: datetime = value
        return stamp.astimezone(UTC)


def insert_for(
    connection: Connection, table: Table
) -> postgresql.Insert | sqlite.Insert:
    """An INSERT that can say what to do on a conflict (`on_conflict_do_*`),
    in the connection's own dialect."""
    if connection.dialect.name == "postgresql":
        return postgresql.insert(table)
    return sqlite.insert(table)


Upserts = dict[str, postgresql.Insert | sqlite.Insert]
"""One statement for each dialect, by its name."""


def upserts(table: Table, only_forward: bool = False) -> Upserts:
    """INSERT … ON CONFLICT (its primary key) DO UPDATE every other column, in
    each dialect, built once (building one per batch cost a fifth of a write's
    projection: bench/http_write.py); `only_forward`: only where the row's new
    `version` is higher."""
    built: Upserts = {}
    for dialect, insert in (
        ("postgresql", postgresql.insert),
        ("sqlite", sqlite.insert),
    ):
        statement = insert(table)
        forward = statement.excluded.version > table.c.version
        built[dialect] = statement.on_conflict_do_update(
            index_elements=list(table.primary_key.columns),
            set_={c.name: statement.excluded[c.name] for c in table.columns
                  if not c.primary_key},
            where=forward if only_forward else None,
        )  # fmt: skip
    return built


def inserts_ignoring(table: Table) -> Upserts:
    """INSERT … ON CONFLICT DO NOTHING, in each dialect, built once."""
    return {dialect: insert(table).on_conflict_do_nothing()
            for dialect, insert in (("postgresql", postgresql.insert),
                                    ("sqlite", sqlite.insert))}  # fmt: skip


def create_tables(engine: Engine, tables: MetaData = metadata) -> None:
    """Create whatever table is missing; read models laid out by other code
    are dropped first, and the projections start again (`layout`).

    Several processes start at once (gunicorn workers, a projector): the check
    and the creation happen under one lock, or two of them would both find a
    table missing and the second would fail to create it."""
    with writing(engine) as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(select(func.pg_advisory_xact_lock(SETUP_LOCK)))
        outdated = tables is metadata and layout.settle(connection, read_models())
        if outdated:
            metadata.drop_all(connection, tables=read_models())
        tables.create_all(connection)
        if outdated:
            from projections import positions  # it defines a table on `metadata`

            positions.restart(connection)


def read_models() -> list[Table]:
    """The disposable tables: all but those marked to survive a rebuild."""
    return [t for t in metadata.sorted_tables if not t.info.get("kept")]


def recreate_read_models(connection: Connection) -> None:
    """Drop and create the disposable tables, empty."""
    metadata.drop_all(connection, tables=read_models())
    metadata.create_all(connection, tables=read_models())
