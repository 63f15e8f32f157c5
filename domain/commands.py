"""What each use case on a case is asked to do: one frozen, typed command each.

The web schemas build these, and so do the CLI, the demo and the tests. A
command's field names are its event's payload names, so that the one validator
per payload (domain/payloads.py) checks a command and a correction alike: the
Case still refuses what a command holds if it breaks a limit or a vocabulary.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from domain.vocabulary import (
    ClosingReason,
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
)


@dataclass(frozen=True)
class OpenCase:
    client_ref: str
    strategy: Strategy
    supervisor_ids: tuple[str, ...] = ()
    home_orientation: School | None = None
    integrated_schools: tuple[School, ...] = ()
    case_id: UUID | None = None


@dataclass(frozen=True)
class Rating:
    """One BASIC I.D. modality: a severity 0-4 and an optional note."""

    severity: int
    note: str = ""


@dataclass(frozen=True)
class RecordAssessment:
    basic_id: Mapping[Modality, Rating | int]
    stage_of_change: StageOfChange
    relational_style: RelationalStyle
    learning_style: LearningStyle
    psychological_mindedness: Level
    emotional_reactivity: Level
    risk: Risk
    notes: str = ""


@dataclass(frozen=True)
class AgreeGoal:
    goal_id: str
    description: str
    agreed_with_client: bool
    modalities: tuple[Modality, ...] = ()


@dataclass(frozen=True)
class ChangeGoalStatus:
    goal_id: str
    status: GoalStatus
    note: str = ""


@dataclass(frozen=True)
class AddTechnique:
    technique: str
    goal_ids: tuple[str, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class DiscontinueTechnique:
    technique: str
    reason: str


@dataclass(frozen=True)
class AdvancePhase:
    to_phase: Phase


@dataclass(frozen=True)
class ReturnPhase:
    to_phase: Phase
    reason: str


@dataclass(frozen=True)
class Subject:
    """What a rationale justifies: a technique, the phase or the strategy."""

    kind: RationaleSubject
    ref: str


@dataclass(frozen=True)
class GiveRationale:
    subject: Subject
    text: str
    explained_to_client: bool
    goal_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class RecordSession:
    session_date: date
    techniques_used: tuple[str, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class MeasureAlliance:
    instrument: Instrument
    score: int
    session_date: date


@dataclass(frozen=True)
class MeasureOutcome:
    instrument: Instrument
    score: int
    session_date: date


@dataclass(frozen=True)
class RecordSupervisionNote:
    supervisor_id: str
    text: str
    refers_to: tuple[int, ...] = ()


@dataclass(frozen=True)
class RequestReview:
    up_to_version: int


@dataclass(frozen=True)
class ApplySignature:
    """The signer is whoever is acting: a signature cannot name someone else."""

    meaning: SignatureMeaning
    signed_version: int
    signed_chain_value: str
    outcome: SignatureOutcome
    comment: str = ""


@dataclass(frozen=True)
class CorrectEntry:
    corrects: int
    reason: str
    replacement: Mapping[str, Any]
    """The corrected entry's payload, whole: its kind decides its shape."""


@dataclass(frozen=True)
class AssignSupervisor:
    supervisor_id: str


@dataclass(frozen=True)
class RemoveSupervisor:
    supervisor_id: str


@dataclass(frozen=True)
class CloseCase:
    reason: ClosingReason
    summary: str = ""


@dataclass(frozen=True)
class ReopenCase:
    reason: str
    summary: str = ""


@dataclass(frozen=True)
class RequestErasure:
    reason: str
    override_reason: str = ""
    """Why the case's text must go although retention or a legal hold still
    stand in the way (recorded with what it set aside)."""


@dataclass(frozen=True)
class LegalHold:
    reason: str
