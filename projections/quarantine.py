"""Kept record: cases whose stored history was found broken, and where.

A broken case is quarantined, never contagious: the projector leaves it and
goes on with every other case, and the API answers 409 for it, naming the
broken version, until a verification finds it intact again (restored)."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID

from sqlalchemy import Column, Integer, String, Table, Text, Uuid, delete, select
from sqlalchemy.engine import Connection

from projections.schema import UtcDateTime, insert_for, metadata

quarantine = Table(
    "quarantined_cases",
    metadata,
    Column("case_id", Uuid, primary_key=True),
    Column("version", Integer, nullable=True),
    Column("reason", Text, nullable=False),
    Column("found_by", String(32), nullable=False),
    Column("found_at", UtcDateTime, nullable=False),
    info={"kept": True},  # what verify found stays found across rebuilds
)


def record(
    connection: Connection,
    case_id: UUID,
    version: int | None,
    reason: str,
    found_by: str,
) -> None:
    """Quarantine the case (again, with the latest finding)."""
    row = {"case_id": case_id, "version": version, "reason": reason,
           "found_by": found_by, "found_at": datetime.now(UTC)}  # fmt: skip
    insert = insert_for(connection, quarantine).values(row)
    connection.execute(
        insert.on_conflict_do_update(
            index_elements=[quarantine.c.case_id],
            set_={k: v for k, v in row.items() if k != "case_id"},
        )
    )


def release(connection: Connection, case_id: UUID) -> None:
    connection.execute(delete(quarantine).where(quarantine.c.case_id == case_id))


def finding(connection: Connection, case_id: UUID) -> tuple[int | None, str] | None:
    """(broken version, reason) if the case is quarantined, else None."""
    query = select(quarantine.c.version, quarantine.c.reason).where(
        quarantine.c.case_id == case_id
    )
    found = connection.execute(query).first()
    return (found.version, found.reason) if found else None


def count(connection: Connection) -> int:
    return len(connection.execute(select(quarantine.c.case_id)).all())
