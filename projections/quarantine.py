"""Kept record: cases whose stored history was found broken, and where.

A broken case is quarantined, never contagious: the projector leaves it and
goes on with every other case, and the API answers 409 for it, naming the
broken version, until a verification finds it intact again (restored)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import NamedTuple
from uuid import UUID

from sqlalchemy import (
    Column,
    Integer,
    String,
    Table,
    Text,
    Uuid,
    delete,
    func,
    select,
)
from sqlalchemy.engine import Connection

from domain.case import Case
from projections.schema import Json, UtcDateTime, insert_for, metadata

quarantine = Table(
    "quarantined_cases",
    metadata,
    Column("case_id", Uuid, primary_key=True),
    Column("version", Integer, nullable=True),
    Column("reason", Text, nullable=False),
    Column("found_by", String(32), nullable=False),
    Column("found_at", UtcDateTime, nullable=False),
    # Who the case is for, from the part of its history that still reads, so
    # that only they learn it is broken (anyone else: 404, as for any case).
    Column("clinician_id", String(128), nullable=True),
    Column("supervisor_ids", Json, nullable=False),
    info={"kept": True},  # what verify found stays found across rebuilds
)


class Finding(NamedTuple):
    version: int | None
    reason: str
    clinician_id: str
    supervisor_ids: list[str]


def record(
    connection: Connection,
    case_id: UUID,
    version: int | None,
    reason: str,
    found_by: str,
    intact_part: Case | None,
) -> None:
    """Quarantine the case (again, with the latest finding)."""
    row = {"case_id": case_id, "version": version, "reason": reason,
           "found_by": found_by, "found_at": datetime.now(UTC),
           "clinician_id": intact_part.clinician_id if intact_part else None,
           "supervisor_ids": list(intact_part.supervisor_ids) if intact_part
           else []}  # fmt: skip
    insert = insert_for(connection, quarantine).values(row)
    connection.execute(
        insert.on_conflict_do_update(
            index_elements=[quarantine.c.case_id],
            set_={k: v for k, v in row.items() if k != "case_id"},
        )
    )


def release(connection: Connection, case_id: UUID) -> None:
    connection.execute(delete(quarantine).where(quarantine.c.case_id == case_id))


def finding(connection: Connection, case_id: UUID) -> Finding | None:
    """Where and why the case is quarantined, and who it is for; else None."""
    query = select(*(quarantine.c[name] for name in Finding._fields)).where(
        quarantine.c.case_id == case_id
    )
    found = connection.execute(query).first()
    if found is None:
        return None
    version, reason, clinician_id, supervisor_ids = found
    return Finding(version, reason, clinician_id or "", list(supervisor_ids))


def count(connection: Connection) -> int:
    return int(
        connection.execute(select(func.count()).select_from(quarantine)).scalar_one()
    )
