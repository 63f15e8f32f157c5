"""Read model: the current plan of every case, as the API reports it."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Column, Integer, String, Table, Uuid
from sqlalchemy.engine import Connection

from projections.database import Json, UtcDateTime, metadata
from projections.state import CaseState, replace_rows

plans = Table(
    "current_plans",
    metadata,
    Column("case_id", Uuid, primary_key=True),
    Column("version", Integer, nullable=False),
    Column("client_ref", String(64), nullable=False, index=True),
    Column("clinician_id", String(128), nullable=False),
    Column("status", String(16), nullable=False),
    Column("strategy", String(64), nullable=False),
    Column("phase", String(32), nullable=False),
    Column("report", Json, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
)


def apply(connection: Connection, states: Sequence[CaseState]) -> None:
    rows = [
        {
            "case_id": state.case_id,
            "version": state.plan.version,
            "client_ref": state.plan.client_ref,
            "clinician_id": state.plan.clinician_id,
            "status": state.status,
            "strategy": state.plan.strategy.value,
            "phase": state.plan.phase.value,
            "report": state.report,
            "updated_at": state.last_activity,
        }
        for state in states
    ]
    replace_rows(connection, plans, states, rows)
