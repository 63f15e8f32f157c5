"""Read model: the current plan of every case, as the API reports it."""

from __future__ import annotations

from sqlalchemy import Column, Integer, String, Table, Uuid

from projections.database import Json, UtcDateTime, metadata
from projections.state import CaseState
from projections.writes import Rows

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
    # The coherence report again, beside the plan: a plan read is then two
    # primary-key lookups, not a join over the findings table.
    Column("coherence", Json, nullable=False),
)


def rows(state: CaseState) -> Rows:
    plan = state.plan
    return (
        (  # in the table's column order
            state.case_id,
            plan.version,
            plan.client_ref,
            plan.clinician_id,
            state.status,
            plan.strategy.value,
            plan.phase.value,
            state.report,
            state.last_activity,
            state.coherence,
        ),
    )
