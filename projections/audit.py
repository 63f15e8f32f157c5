"""Read model: the audit trail, one row per event, with no clinical free text."""

from __future__ import annotations

from collections.abc import Callable
from operator import attrgetter
from typing import Any

from sqlalchemy import (
    BigInteger,
    Column,
    Index,
    Integer,
    String,
    Table,
    Text,
    Uuid,
)
from sqlalchemy.engine import Connection, Dialect

from domain.summaries import summarise
from projections.bulk import Row, insert_rows
from projections.database import UtcDateTime, metadata, microseconds

audit = Table(
    "audit_trail",
    metadata,
    # Keyed by log position, so that a rebuild appends in key order; the unique
    # (case, version) index refuses any event applied twice.
    Column("case_id", Uuid, nullable=False),
    Column("version", Integer, nullable=False),
    Column(
        "notification_id",
        BigInteger().with_variant(Integer, "sqlite"),  # SQLite's rowid itself
        primary_key=True,
        autoincrement=False,
    ),
    Column("event_type", String(64), nullable=False),
    Column("actor_id", String(128), nullable=False),
    Column("actor_role", String(32), nullable=False),
    Column("timestamp", UtcDateTime, nullable=False, index=True),
    Column("correlation_id", String(128), nullable=False),
    Column("chain", String(128), nullable=False),
    Column("summary", Text, nullable=False),
    Index("audit_trail_by_case", "case_id", "version", unique=True),
    Index("audit_trail_by_actor", "actor_id", "timestamp"),
)


class Rows:
    """Makes audit rows ready for the database at hand (a rebuild makes one an
    event, so each value is converted once, by its column's own type)."""

    def __init__(self, dialect: Dialect) -> None:
        self._case_id = _converter(audit.c.case_id, dialect)
        self._time = _converter(audit.c.timestamp, dialect)
        if dialect.name == "sqlite":  # the same values, without three wrappers
            self._case_id, self._time = attrgetter("hex"), microseconds

    def row(self, notification_id: int, event: Any) -> Row:
        """Who, what, when, why of one event, as `CaseManagement.history` gives
        it (`history_entry`), but without copying the event's fields."""
        event_type = type(event).__name__
        return (  # in the table's column order
            self._case_id(event.originator_id),
            event.originator_version,
            notification_id,
            event_type,
            event.actor_id,
            event.actor_role,
            self._time(event.timestamp),
            event.correlation_id,
            event.chain,
            summarise(event_type, vars(event)),
        )


def _converter(column: Column[Any], dialect: Dialect) -> Callable[[Any], Any]:
    process = column.type.bind_processor(dialect)
    return process if process is not None else (lambda value: value)


def apply(connection: Connection, rows: list[Row]) -> None:
    # A plain insert: the unique (case, version) index refuses a second apply.
    insert_rows(connection, audit, rows)
