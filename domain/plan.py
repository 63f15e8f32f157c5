"""The treatment plan as of one version: an immutable view the coherence rules read."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property

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
)


@dataclass(frozen=True)
class Assessment:
    version: int
    basic_id: Mapping[Modality, int]
    basic_id_notes: Mapping[Modality, str]
    stage_of_change: StageOfChange
    relational_style: RelationalStyle
    learning_style: LearningStyle
    psychological_mindedness: Level
    emotional_reactivity: Level
    risk: Risk
    notes: str
    corrected_by: tuple[int, ...] = ()

    @property
    def cites(self) -> tuple[int, ...]:
        """The versions this assessment's current content rests on."""
        return (self.version, *self.corrected_by)


@dataclass(frozen=True)
class Goal:
    goal_id: str
    description: str
    modalities: tuple[Modality, ...]
    agreed_with_client: bool
    status: GoalStatus
    version: int
    status_version: int | None = None
    corrected_by: tuple[int, ...] = ()


@dataclass(frozen=True)
class TechniqueUse:
    """One addition of a catalogue technique, active until discontinued."""

    technique: str
    goal_ids: tuple[str, ...]
    note: str
    added_version: int
    discontinued_version: int | None = None

    @property
    def active(self) -> bool:
        return self.discontinued_version is None


@dataclass(frozen=True)
class Rationale:
    version: int
    subject_kind: RationaleSubject
    subject_ref: str
    goal_ids: tuple[str, ...]
    text: str
    explained_to_client: bool
    corrected_by: tuple[int, ...] = ()


@dataclass(frozen=True)
class PhaseChange:
    version: int
    from_phase: Phase
    to_phase: Phase
    advanced: bool
    reason: str = ""


@dataclass(frozen=True)
class SessionRecord:
    version: int
    session_date: str
    techniques_used: tuple[str, ...]
    note: str
    corrected_by: tuple[int, ...] = ()


@dataclass(frozen=True)
class Measure:
    version: int
    instrument: Instrument
    score: int
    session_date: str


@dataclass(frozen=True)
class Signature:
    version: int
    signed_at: datetime
    signer_id: str
    meaning: SignatureMeaning
    signed_version: int
    signed_chain_value: str
    outcome: SignatureOutcome
    comment: str
    superseded_by: int | None = None
    """The first later version that changed the record: the signature still
    stands in the history, but no longer vouches for the current plan."""


@dataclass(frozen=True)
class Plan:
    case_id: str
    version: int
    client_ref: str
    clinician_id: str
    supervisor_ids: tuple[str, ...]
    strategy: Strategy
    home_orientation: School | None
    integrated_schools: tuple[School, ...]
    is_open: bool
    phase: Phase
    assessments: tuple[Assessment, ...] = ()
    goals: tuple[Goal, ...] = ()
    techniques: tuple[TechniqueUse, ...] = ()
    rationales: tuple[Rationale, ...] = ()
    phase_changes: tuple[PhaseChange, ...] = ()
    sessions: tuple[SessionRecord, ...] = ()
    alliance: tuple[Measure, ...] = ()
    outcomes: tuple[Measure, ...] = ()
    signatures: tuple[Signature, ...] = ()
    review_requests: tuple[int, ...] = ()
    opened_version: int = 1

    @property
    def latest_assessment(self) -> Assessment | None:
        return self.assessments[-1] if self.assessments else None

    def assessment_before(self, version: int) -> Assessment | None:
        """The assessment in force just before `version` was recorded."""
        for assessment in reversed(self.assessments):
            if assessment.version < version:
                return assessment
        return None

    @cached_property
    def active_techniques(self) -> tuple[TechniqueUse, ...]:
        """Worked out once per plan, which is frozen: every rule reads them."""
        return tuple(use for use in self.techniques if use.active)

    @property
    def latest_alliance(self) -> Measure | None:
        return self.alliance[-1] if self.alliance else None

    @property
    def latest_outcome(self) -> Measure | None:
        return self.outcomes[-1] if self.outcomes else None

    @property
    def latest_phase_change(self) -> PhaseChange | None:
        return self.phase_changes[-1] if self.phase_changes else None

    def goal(self, goal_id: str) -> Goal | None:
        return next((g for g in self.goals if g.goal_id == goal_id), None)

    @cached_property
    def _rationales_by_subject(
        self,
    ) -> dict[tuple[RationaleSubject, str], tuple[Rationale, ...]]:
        """Each subject's rationales in the plan's order, indexed once: the rules
        look one up for every active technique."""
        found: dict[tuple[RationaleSubject, str], list[Rationale]] = {}
        for r in self.rationales:
            found.setdefault((r.subject_kind, r.subject_ref), []).append(r)
        return {subject: tuple(given) for subject, given in found.items()}

    def _latest_rationale(
        self, kind: RationaleSubject, ref: str, after: int
    ) -> Rationale | None:
        for rationale in reversed(self._rationales_by_subject.get((kind, ref), ())):
            if rationale.version > after:
                return rationale
        return None

    def rationale_for_technique(self, use: TechniqueUse) -> Rationale | None:
        """The latest rationale given for this technique since it was (re)added."""
        return self._latest_rationale(
            RationaleSubject.TECHNIQUE, use.technique, after=use.added_version - 1
        )

    def rationale_for_phase_change(self, change: PhaseChange) -> Rationale | None:
        """The latest rationale for the phase a change led to, given since."""
        return self._latest_rationale(
            RationaleSubject.PHASE, change.to_phase.value, after=change.version - 1
        )

    def rationale_for_strategy(self) -> Rationale | None:
        return self._latest_rationale(
            RationaleSubject.STRATEGY, self.strategy.value, after=0
        )

    def current_rationales(self) -> tuple[Rationale, ...]:
        """The rationales that justify what is in force now."""
        return self._current_rationales

    @cached_property
    def _current_rationales(self) -> tuple[Rationale, ...]:
        """Kept once worked out: two rules read them."""
        found = [self.rationale_for_technique(use) for use in self.active_techniques]
        if self.latest_phase_change is not None:
            found.append(self.rationale_for_phase_change(self.latest_phase_change))
        found.append(self.rationale_for_strategy())
        unique = {r.version: r for r in found if r is not None}
        return tuple(unique[v] for v in sorted(unique))
