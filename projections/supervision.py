"""Read model: each supervisor's queue of reviews to sign and SUP-PENDING cases."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Index, Integer, String, Table, Uuid

from domain.plan import Plan
from projections.schema import Json, UtcDateTime, metadata
from projections.state import CaseState, Row

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


def rows(state: CaseState) -> list[Row]:
    plan = state.plan
    sup_pending = any(f["rule"] == SUP_PENDING for f in state.coherence["findings"])
    found = []
    for supervisor_id in plan.supervisor_ids:
        pending = pending_reviews(plan, supervisor_id)
        found.append(
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
    return found
