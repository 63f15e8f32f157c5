"""Read model: every case's coherence status and findings, with their citations."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Column, Integer, String, Table, Text, Uuid
from sqlalchemy.engine import Connection

from projections.database import Json, metadata
from projections.state import CaseState, replace_rows

statuses = Table(
    "coherence_status",
    metadata,
    Column("case_id", Uuid, primary_key=True),
    Column("version", Integer, nullable=False),
    Column("status", String(16), nullable=False, index=True),
    Column("policy_version", String(64), nullable=False),
)

findings = Table(
    "coherence_findings",
    metadata,
    Column("case_id", Uuid, primary_key=True),
    Column("position", Integer, primary_key=True),  # order of the rule engine
    Column("rule", String(32), nullable=False, index=True),
    Column("severity", String(16), nullable=False),
    Column("message", Text, nullable=False),
    Column("subject", Text, nullable=False),
    Column("cites", Json, nullable=False),
)


def apply(connection: Connection, states: Sequence[CaseState]) -> None:
    status_rows = [
        {
            "case_id": state.case_id,
            "version": state.plan.version,
            "status": state.coherence_status,
            "policy_version": str(state.coherence["policy_version"]),
        }
        for state in states
    ]
    finding_rows = [
        {
            "case_id": state.case_id,
            "position": position,
            "rule": finding["rule"],
            "severity": finding["severity"],
            "message": finding["message"],
            "subject": finding["subject"],
            "cites": list(finding.get("cites") or []),
        }
        for state in states
        for position, finding in enumerate(state.coherence["findings"])
    ]
    replace_rows(connection, statuses, states, status_rows)
    replace_rows(connection, findings, states, finding_rows)
