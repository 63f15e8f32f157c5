"""The Case's entries as typed value objects, built once from each event's payload.

Stored payloads stay plain JSON (the chain hashes them as they are); the case
holds what they mean. A snapshot stores each entry as `plain()` data, read back
by its dataclass's field types (domain/plain.py, named by class in
application/transcodings.py); a snapshot taken when the case held dicts (class
version 1) is read by `domain/entries_v1.py`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from domain.plan import (
    Assessment,
    Goal,
    Measure,
    PhaseChange,
    Rationale,
    SessionRecord,
    TechniqueUse,
)
from domain.vocabulary import (
    ClosingReason,
    GoalStatus,
    LearningStyle,
    Level,
    Modality,
    RationaleSubject,
    RelationalStyle,
    Risk,
    SignatureMeaning,
    SignatureOutcome,
    StageOfChange,
    member,
)

Payload = Mapping[str, Any]


@dataclasses.dataclass(frozen=True)
class SupervisionNote:
    version: int
    supervisor_id: str
    text: str
    refers_to: tuple[int, ...]
    corrected_by: tuple[int, ...] = ()


@dataclasses.dataclass(frozen=True)
class SignatureEntry:
    """A signature as recorded; the plan adds when it was made and whether a
    later change superseded it."""

    version: int
    signer_id: str
    meaning: SignatureMeaning
    signed_version: int
    signed_chain_value: str
    outcome: SignatureOutcome
    comment: str


@dataclasses.dataclass(frozen=True)
class Correction:
    version: int
    corrects: int
    reason: str


@dataclasses.dataclass(frozen=True)
class Closure:
    version: int
    reason: ClosingReason


ENTRY_TYPES: tuple[type, ...] = (
    Assessment, Goal, TechniqueUse, Rationale, PhaseChange, SessionRecord, Measure,
    SupervisionNote, SignatureEntry, Correction, Closure,
)  # fmt: skip
"""Every type the case holds: each needs a transcoding for snapshots."""


# -- from payloads ------------------------------------------------------------


def assessment(p: Payload, version: int, corrected_by: tuple[int, ...]) -> Assessment:
    basic_id = {member(Modality, m): entry for m, entry in p["basic_id"].items()}
    return Assessment(
        version=version,
        basic_id={m: entry["severity"] for m, entry in basic_id.items()},
        basic_id_notes={m: entry["note"] for m, entry in basic_id.items()},
        stage_of_change=member(StageOfChange, p["stage_of_change"]),
        relational_style=member(RelationalStyle, p["relational_style"]),
        learning_style=member(LearningStyle, p["learning_style"]),
        psychological_mindedness=member(Level, p["psychological_mindedness"]),
        emotional_reactivity=member(Level, p["emotional_reactivity"]),
        risk=member(Risk, p["risk"]),
        notes=p["notes"],
        corrected_by=corrected_by,
    )


def goal(
    p: Payload,
    version: int,
    corrected_by: tuple[int, ...],
    status: GoalStatus = GoalStatus.IN_PROGRESS,
    status_version: int | None = None,
) -> Goal:
    return Goal(
        goal_id=p["goal_id"],
        description=p["description"],
        modalities=tuple(member(Modality, m) for m in p["modalities"]),
        agreed_with_client=p["agreed_with_client"],
        status=status,
        version=version,
        status_version=status_version,
        corrected_by=corrected_by,
    )


def rationale(p: Payload, version: int, corrected_by: tuple[int, ...]) -> Rationale:
    return Rationale(
        version=version,
        subject_kind=member(RationaleSubject, p["subject"]["kind"]),
        subject_ref=p["subject"]["ref"],
        goal_ids=tuple(p["goal_ids"]),
        text=p["text"],
        explained_to_client=p["explained_to_client"],
        corrected_by=corrected_by,
    )


def session(p: Payload, version: int, corrected_by: tuple[int, ...]) -> SessionRecord:
    return SessionRecord(
        version,
        p["session_date"],
        tuple(p["techniques_used"]),
        p["note"],
        corrected_by,
    )


def note(p: Payload, version: int, corrected_by: tuple[int, ...]) -> SupervisionNote:
    return SupervisionNote(
        version, p["supervisor_id"], p["text"], tuple(p["refers_to"]), corrected_by
    )


Correctable = Assessment | Goal | Rationale | SessionRecord | SupervisionNote


def corrected(entry: Correctable, p: Payload, by: int) -> Correctable:
    """`entry` with the replacement payload `p`, corrected at version `by`."""
    version, trail = entry.version, (*entry.corrected_by, by)
    if isinstance(entry, Goal):
        return goal(p, version, trail, entry.status, entry.status_version)
    if isinstance(entry, Assessment):
        return assessment(p, version, trail)
    if isinstance(entry, Rationale):
        return rationale(p, version, trail)
    if isinstance(entry, SessionRecord):
        return session(p, version, trail)
    return note(p, version, trail)


def identity(entry: Correctable) -> tuple[str, object] | None:
    """What a correction of `entry` must keep, as its payload names it."""
    if isinstance(entry, Goal):
        return "goal_id", entry.goal_id
    if isinstance(entry, Rationale):
        return "subject", {"kind": entry.subject_kind.value, "ref": entry.subject_ref}
    if isinstance(entry, SupervisionNote):
        return "supervisor_id", entry.supervisor_id
    return None
