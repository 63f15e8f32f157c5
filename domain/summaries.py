"""One readable line per event that never quotes clinical free text.

Compliance reviewers read these lines without decrypting clinical content, so
only vocabulary values, identifiers, dates, scores and versions appear here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from domain.case import Case

Fields = Mapping[str, Any]


def _ids(values: list[str]) -> str:
    return ", ".join(values) if values else "none"


def _opened(f: Fields) -> str:
    extra = ""
    if f.get("home_orientation"):
        extra = f", home orientation {f['home_orientation']}"
    if f.get("integrated_schools"):
        extra = f", integrating {_ids(f['integrated_schools'])}"
    return f"opened case {f['client_ref']} under {f['strategy']}{extra}"


def _rationale(f: Fields) -> str:
    told = "explained" if f["explained_to_client"] else "not explained"
    subject = f["subject"]
    return (
        f"gave a rationale for {subject['kind']} {subject['ref']} "
        f"(goals: {_ids(f['goal_ids'])}; {told} to the client)"
    )


def _signature(f: Fields) -> str:
    outcome = f["outcome"].replace("_", " ")
    return (
        f"signed version {f['signed_version']} as {f['meaning']} (outcome: {outcome})"
    )


_DESCRIBED: dict[type[Case.Event], Callable[[Fields], str]] = {
    Case.CaseOpened: _opened,
    Case.AssessmentRecorded: lambda f: (
        f"recorded an assessment (stage {f['stage_of_change']}, risk {f['risk']}, "
        f"reactivity {f['emotional_reactivity']})"
    ),
    Case.GoalAgreed: lambda f: (
        f"agreed goal {f['goal_id']} targeting {_ids(f['modalities'])}"
        + ("" if f["agreed_with_client"] else " (not yet agreed with the client)")
    ),
    Case.GoalStatusChanged: lambda f: f"set goal {f['goal_id']} to {f['status']}",
    Case.TechniqueAdded: lambda f: (
        f"added technique {f['technique']} (goals: {_ids(f['goal_ids'])})"
    ),
    Case.TechniqueDiscontinued: lambda f: f"discontinued technique {f['technique']}",
    Case.PhaseAdvanced: lambda f: f"advanced from {f['from_phase']} to {f['to_phase']}",
    Case.PhaseReturned: lambda f: f"returned from {f['from_phase']} to {f['to_phase']}",
    Case.RationaleGiven: _rationale,
    Case.SessionRecorded: lambda f: (
        f"recorded a session on {f['session_date']} "
        f"(techniques: {_ids(f['techniques_used'])})"
    ),
    Case.AllianceMeasured: lambda f: (
        f"measured the alliance: {f['instrument']} {f['score']} on {f['session_date']}"
    ),
    Case.OutcomeMeasured: lambda f: (
        f"measured the outcome: {f['instrument']} {f['score']} on {f['session_date']}"
    ),
    Case.SupervisionNoteRecorded: lambda f: (
        f"supervisor {f['supervisor_id']} wrote a note"
        + (
            f" on versions {_ids([str(v) for v in f['refers_to']])}"
            if f["refers_to"]
            else ""
        )
    ),
    Case.ReviewRequested: lambda f: (
        f"requested review up to version {f['up_to_version']}"
    ),
    Case.SignatureApplied: _signature,
    Case.EntryCorrected: lambda f: f"corrected the entry at version {f['corrects']}",
    Case.SupervisorAssigned: lambda f: f"assigned supervisor {f['supervisor_id']}",
    Case.SupervisorRemoved: lambda f: f"removed supervisor {f['supervisor_id']}",
    Case.CaseClosed: lambda f: f"closed the case ({f['reason']})",
    Case.CaseReopened: lambda f: "reopened the case",
    Case.LegalHoldPlaced: lambda f: "placed a legal hold",
    Case.LegalHoldLifted: lambda f: "lifted the legal hold",
    Case.ErasureRequested: lambda f: (
        "asked for the case's text to be erased"
        + (f", overriding: {f['overridden']}" if f["overridden"] else "")
    ),
    Case.CaseErased: lambda f: (
        f"confirmed the erasure asked at version {f['requested_version']}: "
        "the case's text is erased"
    ),
}


SUMMARIES = {kind.__name__: describe for kind, describe in _DESCRIBED.items()}
"""By the name stored events and history entries give their class."""


def summarise(event_type: str, fields: Fields) -> str:
    describe = SUMMARIES.get(event_type)
    return describe(fields) if describe else event_type
