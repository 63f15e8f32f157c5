"""Whether a database's read models are laid out as this code writes them.

A changed read-model table is rebuilt, never migrated (ARCHITECTURE.md), but
`create_all` only adds missing tables: code that changed a table went on
reading the old one, and failed on every request until someone rebuilt by
hand. So the layout of the disposable tables is kept as a fingerprint of their
DDL; read models laid out otherwise are dropped, and the projections start
again from the first event (an embedded application rebuilds them at once).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from sqlalchemy import Column, MetaData, String, Table, delete, insert, inspect, select
from sqlalchemy.engine import Connection, Dialect
from sqlalchemy.schema import CreateIndex, CreateTable

layout_metadata = MetaData()

layouts = Table(
    "read_model_layout",
    layout_metadata,
    Column("fingerprint", String(64), primary_key=True),
)
"""One row: the fingerprint of the read models the database holds."""


def fingerprint(tables: Sequence[Table], dialect: Dialect) -> str:
    """A digest of the statements that create `tables` and their indexes."""
    creates: list[CreateTable | CreateIndex] = []
    for table in tables:
        creates += [CreateTable(table), *map(CreateIndex, table.indexes)]
    statements = [str(create.compile(dialect=dialect)).strip() for create in creates]
    return hashlib.sha256("\n".join(sorted(statements)).encode()).hexdigest()


def settle(connection: Connection, tables: Sequence[Table]) -> bool:
    """Note the database's read models as laid out as `tables`; return whether
    some of them exist laid out otherwise (with another fingerprint, or with
    none: from before fingerprints), for the caller to drop and rebuild."""
    expected = fingerprint(tables, connection.dialect)
    layout_metadata.create_all(connection)
    stored = connection.execute(select(layouts.c.fingerprint)).scalar_one_or_none()
    if stored == expected:
        return False
    connection.execute(delete(layouts))
    connection.execute(insert(layouts).values(fingerprint=expected))
    existing = set(inspect(connection).get_table_names())
    return any(table.name in existing for table in tables)
