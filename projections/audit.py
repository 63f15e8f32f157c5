"""Read model: the audit trail, one row per event, with no clinical free text."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    Index,
    Integer,
    String,
    Table,
    Text,
    Uuid,
    func,
    select,
)
from sqlalchemy.engine import Connection

from domain.case import Case
from domain.summaries import summarise
from projections.schema import UtcDateTime, metadata
from projections.state import Row

audit = Table(
    "audit_trail",
    metadata,
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
    # One row per version of a case: the first event recorded at a version is
    # what the trail witnesses; another at the same version (a history cut
    # short and written again) leaves it, for `verify` to tell them apart.
    Index("audit_trail_by_case", "case_id", "version", unique=True),
    Index("audit_trail_by_actor", "actor_id", "timestamp"),
    # Kept, and only ever appended to: it witnesses what was recorded, so a
    # rebuild adds what it lacks and never drops it (PostgreSQL can then
    # refuse every UPDATE and DELETE on it: `casebook db setup`).
    info={"kept": True},
)


def last_notification(connection: Connection) -> int:
    """The last notification the trail has a row for (0 if none)."""
    found = connection.execute(select(func.max(audit.c.notification_id)))
    return int(found.scalar_one() or 0)


def row(notification_id: int, event: Case.Event) -> Row:
    """Who, what, when, why of one event, as `CaseManagement.history` gives it."""
    event_type = type(event).__name__
    return {
        "case_id": event.originator_id,
        "version": event.originator_version,
        "notification_id": notification_id,
        "event_type": event_type,
        "actor_id": event.actor_id,
        "actor_role": event.actor_role,
        "timestamp": event.timestamp,
        "correlation_id": event.correlation_id,
        "chain": event.chain,
        "summary": summarise(event_type, vars(event)),
    }
