"""Reads the Case aggregate's state as the Plan the rules work on."""

from __future__ import annotations

from datetime import datetime

from domain.case import Case
from domain.entries import SignatureEntry
from domain.plan import Plan, Signature
from domain.vocabulary import Phase, School, Strategy, member

CLINICAL_RECORD_KINDS = frozenset(
    kind.__name__
    for kind in (
        Case.AssessmentRecorded, Case.GoalAgreed, Case.GoalStatusChanged,
        Case.TechniqueAdded, Case.TechniqueDiscontinued, Case.PhaseAdvanced,
        Case.PhaseReturned, Case.RationaleGiven, Case.SessionRecorded,
        Case.AllianceMeasured, Case.OutcomeMeasured, Case.EntryCorrected,
        Case.CaseClosed, Case.CaseReopened,
    )
)  # fmt: skip
"""What a clinician's signature or a supervisor's approval vouches for: a later
event of these kinds supersedes it. Reviews, signatures, supervision notes and
who supervises are about the record, and leave it standing."""


def _superseded_by(kinds: list[str], signed_version: int) -> int | None:
    later = enumerate(kinds[signed_version:], start=signed_version + 1)
    return next((v for v, kind in later if kind in CLINICAL_RECORD_KINDS), None)


def _signature(entry: SignatureEntry, case: Case) -> Signature:
    return Signature(
        version=entry.version,
        signed_at=datetime.fromisoformat(case.recorded_at[entry.version - 1]),
        signer_id=entry.signer_id,
        meaning=entry.meaning,
        signed_version=entry.signed_version,
        signed_chain_value=entry.signed_chain_value,
        outcome=entry.outcome,
        comment=entry.comment,
        superseded_by=_superseded_by(case.kinds, entry.signed_version),
    )


def plan_of(case: Case) -> Plan:
    """The plan as the case stands at its current version."""
    home = case.home_orientation
    return Plan(
        case_id=str(case.id),
        version=case.version,
        client_ref=case.client_ref,
        clinician_id=case.clinician_id,
        supervisor_ids=tuple(case.supervisor_ids),
        strategy=member(Strategy, case.strategy),
        home_orientation=member(School, home) if home else None,
        integrated_schools=tuple(member(School, s) for s in case.integrated_schools),
        is_open=case.is_open,
        phase=member(Phase, case.phase),
        assessments=tuple(case.assessments),
        goals=tuple(case.goals),
        techniques=tuple(case.techniques),
        rationales=tuple(case.rationales),
        phase_changes=tuple(case.phase_changes),
        sessions=tuple(case.sessions),
        alliance=tuple(case.alliance),
        outcomes=tuple(case.outcomes),
        signatures=tuple(_signature(s, case) for s in case.signatures),
        review_requests=tuple(case.review_requests),
    )
