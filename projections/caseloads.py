"""Read model: each clinician's caseload, filterable by case and coherence status."""

from __future__ import annotations

from sqlalchemy import Column, Index, Integer, String, Table, Uuid

from projections.schema import UtcDateTime, metadata
from projections.state import CaseState, Row

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


def rows(state: CaseState) -> list[Row]:
    plan = state.plan
    return [
        {
            "case_id": state.case_id,
            "clinician_id": plan.clinician_id,
            "client_ref": plan.client_ref,
            "status": state.status,
            "coherence_status": state.coherence_status,
            "strategy": plan.strategy.value,
            "phase": plan.phase.value,
            "version": plan.version,
            "last_activity": state.last_activity,
        }
    ]
