"""Read model: each supervisor's queue of reviews to sign and SUP-PENDING cases."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Boolean, Column, Index, Integer, String, Table, Uuid
from sqlalchemy.engine import Connection

from domain.plan import Plan
from projections.database import Json, UtcDateTime, metadata
from projections.state import CaseState, replace_rows

SUP_PENDING = "SUP-PENDING"

supervision = Table(
    "supervision_queue",
    metadata,
    Column("supervisor_id", String(128), primary_key=True),
    Column("case_id", Uuid, primary_key=True, index=True),
    Column("client_ref", String(64), nullable=False),
    Column("clinician_id", String(128), nullable=False),
    Column("case_status", String(16), nullable=False),
    Column("version", Integer, nullable=False),
    Column("pending_reviews", Json, nullable=False),
    Column("pending_signatures", Integer, nullable=False),
    Column("sup_pending", Boolean, nullable=False),
    Column("needs_attention", Boolean, nullable=False),
    Column("coherence_status", String(16), nullable=False),
    Column("last_activity", UtcDateTime, nullable=False),
    Index("supervision_by_attention", "supervisor_id", "needs_attention"),
)


def pending_reviews(plan: Plan, supervisor_id: str) -> list[int]:
    """Requested versions this supervisor has not yet signed at or beyond."""
    signed = [s.signed_version for s in plan.signatures if s.signer_id == supervisor_id]
    latest = max(signed, default=0)
    return sorted({v for v in plan.review_requests if v > latest})


def _rows(state: CaseState) -> list[dict[str, Any]]:
    plan = state.plan
    sup_pending = any(f["rule"] == SUP_PENDING for f in state.coherence["findings"])
    rows = []
    for supervisor_id in plan.supervisor_ids:
        pending = pending_reviews(plan, supervisor_id)
        rows.append(
            {
                "supervisor_id": supervisor_id,
                "case_id": state.case_id,
                "client_ref": plan.client_ref,
                "clinician_id": plan.clinician_id,
                "case_status": state.status,
                "version": plan.version,
                "pending_reviews": pending,
                "pending_signatures": len(pending),
                "sup_pending": sup_pending,
                "needs_attention": bool(pending) or sup_pending,
                "coherence_status": state.coherence_status,
                "last_activity": state.last_activity,
            }
        )
    return rows


def apply(connection: Connection, states: Sequence[CaseState]) -> None:
    rows = [row for state in states for row in _rows(state)]
    replace_rows(connection, supervision, states, rows)
