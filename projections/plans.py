"""Read model: the current plan of every case, as the API reports it.

The plan read sends a row's report as it is stored, as JSON text, so that
neither the read model nor the web layer decodes and encodes it again: that
was a quarter of the read. Only the signatures are kept apart, as JSON the
driver decodes: the answer names each signer as users are named at read time
(`CurrentPlan.answer`), and the rest of the report never changes with that.
"""

from __future__ import annotations

import json
from typing import Any, NamedTuple

from sqlalchemy import Column, Integer, String, Table, Text, Uuid

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
    # Who may read the case, beside the report: authorizing a request then
    # decodes only this list.
    Column("supervisor_ids", Json, nullable=False),
    Column("status", String(16), nullable=False),
    Column("strategy", String(64), nullable=False),
    Column("phase", String(32), nullable=False),
    Column("report", Text, nullable=False),  # as JSON text, but its signatures
    Column("signatures", Json, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    # The coherence report (JSON text) again, beside the plan: a plan read is
    # then two primary-key lookups, not a join over the findings table.
    Column("coherence", Text, nullable=False),
)

as_json = json.JSONEncoder(separators=(",", ":")).encode
"""JSON text as Flask's `jsonify` writes it outside debug mode: compact, keys
in the order given, non-ASCII escaped."""


def rows(state: CaseState) -> Rows:
    plan = state.plan
    report = dict(state.report)
    signatures = report.pop("signatures")
    return (
        (  # in the table's column order
            state.case_id,
            plan.version,
            plan.client_ref,
            plan.clinician_id,
            list(plan.supervisor_ids),
            state.status,
            plan.strategy.value,
            plan.phase.value,
            as_json(report),
            signatures,
            state.last_activity,
            as_json(state.coherence),
        ),
    )


class CurrentPlan(NamedTuple):
    """A case's row as the web layer reads it: who may read the case, and its
    report as stored, for the plan read to send without decoding it."""

    version: int
    clinician_id: str
    supervisor_ids: list[str]
    report: str
    """The plan report as JSON text, all but its signatures."""
    signatures: list[dict[str, Any]]
    coherence: str
    """Status, policy version and findings as JSON text (`ReadModels.coherence`
    adds the version and reads the findings table)."""

    def answer(self, signatures: list[dict[str, Any]] | None = None) -> str:
        """`{"plan": ..., "coherence": ...}` as JSON text, with `signatures` in
        place of the stored ones (the same, with their signers' names). The
        signatures close the plan, as they do in `plan_report`."""
        shown = self.signatures if signatures is None else signatures
        plan = f'{self.report[:-1]},"signatures":{as_json(shown)}}}'
        return f'{{"plan":{plan},"coherence":{self.coherence}}}'

    @property
    def plan(self) -> dict[str, Any]:
        """The plan report, decoded, as `plan_report` gave it."""
        return {**json.loads(self.report), "signatures": self.signatures}
