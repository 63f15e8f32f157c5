"""Kept record: the furthest version of each case projected, and its chain value.

The audit trail is a read model: a rebuild recreates it from the log as it is
now, so on its own it cannot tell that a case's last events were deleted before
the rebuild. This table survives rebuilds (like the projection's position) and
only ever moves a case's head forward, so `verify` still knows what was there.
"""

from __future__ import annotations

from sqlalchemy import Column, Integer, String, Table, Uuid
from sqlalchemy.engine import Connection

from projections.schema import metadata, upserts
from projections.state import Row

heads = Table(
    "witnessed_heads",
    metadata,
    Column("case_id", Uuid, primary_key=True),
    Column("version", Integer, nullable=False),
    Column("chain", String(128), nullable=False),
    info={"kept": True},  # a rebuild leaves it alone: it witnesses the log
)


def advance(connection: Connection, rows: list[Row]) -> None:
    """Move each case's head to the version given, if further than witnessed: a
    rebuild from a log cut short (lower versions) or re-chained (same version,
    another chain value) keeps what was witnessed before."""
    if rows:
        connection.execute(_ADVANCE[connection.dialect.name], rows)


_ADVANCE = upserts(heads, only_forward=True)
