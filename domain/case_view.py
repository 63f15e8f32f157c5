"""Reads the Case aggregate's stored state as the typed Plan the rules work on."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from domain.case import Case
from domain.plan import (
    Assessment,
    Goal,
    Measure,
    PhaseChange,
    Plan,
    Rationale,
    SessionRecord,
    Signature,
    TechniqueUse,
)
from domain.vocabulary import (
    GoalStatus,
    Instrument,
    LearningStyle,
    Level,
    Modality,
    Phase,
    RationaleSubject,
    RelationalStyle,
    Risk,
    School,
    SignatureMeaning,
    SignatureOutcome,
    StageOfChange,
    Strategy,
    member,
)


def _assessment(record: dict[str, Any]) -> Assessment:
    p = record["payload"]
    basic_id = {member(Modality, m): entry for m, entry in p["basic_id"].items()}
    return Assessment(
        version=record["version"],
        basic_id={m: entry["severity"] for m, entry in basic_id.items()},
        basic_id_notes={m: entry["note"] for m, entry in basic_id.items()},
        stage_of_change=member(StageOfChange, p["stage_of_change"]),
        relational_style=member(RelationalStyle, p["relational_style"]),
        learning_style=member(LearningStyle, p["learning_style"]),
        psychological_mindedness=member(Level, p["psychological_mindedness"]),
        emotional_reactivity=member(Level, p["emotional_reactivity"]),
        risk=member(Risk, p["risk"]),
        notes=p["notes"],
        corrected_by=tuple(record["corrected_by"]),
    )


def _goal(record: dict[str, Any]) -> Goal:
    p = record["payload"]
    return Goal(
        goal_id=p["goal_id"],
        description=p["description"],
        modalities=tuple(member(Modality, m) for m in p["modalities"]),
        agreed_with_client=p["agreed_with_client"],
        status=member(GoalStatus, record["status"]),
        version=record["version"],
        status_version=record["status_version"],
        corrected_by=tuple(record["corrected_by"]),
    )


def _rationale(record: dict[str, Any]) -> Rationale:
    p = record["payload"]
    return Rationale(
        version=record["version"],
        subject_kind=member(RationaleSubject, p["subject"]["kind"]),
        subject_ref=p["subject"]["ref"],
        goal_ids=tuple(p["goal_ids"]),
        text=p["text"],
        explained_to_client=p["explained_to_client"],
        corrected_by=tuple(record["corrected_by"]),
    )


def _session(record: dict[str, Any]) -> SessionRecord:
    """Positional, in field order, as `_measure`: a case reads a hundred or more
    sessions and measures, and keywords cost a third of building one."""
    p = record["payload"]
    return SessionRecord(
        record["version"],
        p["session_date"],
        tuple(p["techniques_used"]),
        p["note"],
        tuple(record["corrected_by"]),
    )


def _measure(record: dict[str, Any]) -> Measure:
    return Measure(
        record["version"],
        member(Instrument, record["instrument"]),
        record["score"],
        record["session_date"],
    )


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


def _signature(record: dict[str, Any], case: Case) -> Signature:
    return Signature(
        version=record["version"],
        signed_at=datetime.fromisoformat(case.recorded_at[record["version"] - 1]),
        signer_id=record["signer_id"],
        meaning=member(SignatureMeaning, record["meaning"]),
        signed_version=record["signed_version"],
        signed_chain_value=record["signed_chain_value"],
        outcome=member(SignatureOutcome, record["outcome"]),
        comment=record["comment"],
        superseded_by=_superseded_by(case.kinds, record["signed_version"]),
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
        assessments=tuple(map(_assessment, case.assessments)),
        goals=tuple(map(_goal, case.goals)),
        techniques=tuple(
            TechniqueUse(
                technique=t["technique"],
                goal_ids=tuple(t["goal_ids"]),
                note=t["note"],
                added_version=t["added_version"],
                discontinued_version=t["discontinued_version"],
            )
            for t in case.techniques
        ),
        rationales=tuple(map(_rationale, case.rationales)),
        phase_changes=tuple(
            PhaseChange(
                version=c["version"],
                from_phase=member(Phase, c["from_phase"]),
                to_phase=member(Phase, c["to_phase"]),
                advanced=c["advanced"],
                reason=c["reason"],
            )
            for c in case.phase_changes
        ),
        sessions=tuple(map(_session, case.sessions)),
        alliance=tuple(map(_measure, case.alliance)),
        outcomes=tuple(map(_measure, case.outcomes)),
        signatures=tuple(_signature(r, case) for r in case.signatures),
        review_requests=tuple(case.review_requests),
    )
