"""Read model: every case's coherence status and findings, with their citations."""

from __future__ import annotations

from sqlalchemy import Column, Integer, String, Table, Text, Uuid

from projections.schema import Json, metadata
from projections.state import CaseState, Row

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


def status_rows(state: CaseState) -> list[Row]:
    return [
        {
            "case_id": state.case_id,
            "version": state.version,
            "status": state.coherence_status,
            "policy_version": str(state.coherence["policy_version"]),
        }
    ]


def finding_rows(state: CaseState) -> list[Row]:
    return [
        {
            "case_id": state.case_id,
            "position": position,
            "rule": finding["rule"],
            "severity": finding["severity"],
            "message": finding["message"],
            "subject": finding["subject"],
            "cites": list(finding.get("cites") or []),
        }
        for position, finding in enumerate(state.coherence["findings"])
    ]
