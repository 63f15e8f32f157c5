"""Read model: each clinician's caseload, filterable by case and coherence status."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Column, Index, Integer, String, Table, Uuid
from sqlalchemy.engine import Connection

from projections.database import UtcDateTime, metadata
from projections.state import CaseState, replace_rows

caseloads = Table(
    "caseloads",
    metadata,
    Column("case_id", Uuid, primary_key=True),
    Column("clinician_id", String(128), nullable=False),
    Column("client_ref", String(64), nullable=False),
    Column("status", String(16), nullable=False),
    Column("coherence_status", String(16), nullable=False),
    Column("strategy", String(64), nullable=False),
    Column("phase", String(32), nullable=False),
    Column("version", Integer, nullable=False),
    Column("last_activity", UtcDateTime, nullable=False),
    Index("caseloads_by_status", "clinician_id", "status", "coherence_status"),
    Index("caseloads_by_activity", "clinician_id", "last_activity", "case_id"),
)


def apply(connection: Connection, states: Sequence[CaseState]) -> None:
    rows = [
        {
            "case_id": state.case_id,
            "clinician_id": state.plan.clinician_id,
            "client_ref": state.plan.client_ref,
            "status": state.status,
            "coherence_status": state.coherence_status,
            "strategy": state.plan.strategy.value,
            "phase": state.plan.phase.value,
            "version": state.plan.version,
            "last_activity": state.last_activity,
        }
        for state in states
    ]
    replace_rows(connection, caseloads, states, rows)
