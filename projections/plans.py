"""Read model: the current plan of every case, as the API reports it."""

from __future__ import annotations

from typing import Any, NamedTuple

from sqlalchemy import Column, Integer, String, Table, Uuid

from projections.schema import Json, UtcDateTime, metadata
from projections.state import CaseState, Row

plans = Table(
    "current_plans",
    metadata,
    Column("case_id", Uuid, primary_key=True),
    Column("version", Integer, nullable=False),
    Column("client_ref", String(64), nullable=False, index=True),
    Column("clinician_id", String(128), nullable=False),
    Column("supervisor_ids", Json, nullable=False),
    Column("status", String(16), nullable=False),
    Column("strategy", String(64), nullable=False),
    Column("phase", String(32), nullable=False),
    Column("report", Json, nullable=False),
    # The coherence report beside the plan: a plan read is then one
    # primary-key lookup, not a join over the findings table.
    Column("coherence", Json, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
)


def rows(state: CaseState) -> list[Row]:
    plan = state.plan
    return [
        {
            "case_id": state.case_id,
            "version": plan.version,
            "client_ref": plan.client_ref,
            "clinician_id": plan.clinician_id,
            "supervisor_ids": list(plan.supervisor_ids),
            "status": state.status,
            "strategy": plan.strategy.value,
            "phase": plan.phase.value,
            "report": state.report,
            "coherence": state.coherence,
            "updated_at": state.last_activity,
        }
    ]


class CurrentPlan(NamedTuple):
    """A case's row as the web layer reads it: who may read the case, and its
    plan and coherence reports as `plan_report` and `coherence_report` gave them."""

    version: int
    clinician_id: str
    supervisor_ids: list[str]
    report: dict[str, Any]
    coherence: dict[str, Any]
