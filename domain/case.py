"""The Case aggregate: one client case as an immutable, hash-chained event history."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import date
from typing import Any
from uuid import UUID, uuid4

from eventsourcing.domain import Aggregate, event

from domain import entries, payloads, values
from domain.catalogue import Catalogue
from domain.commands import (
    AgreeGoal,
    GiveRationale,
    RecordAssessment,
    RecordSession,
    RecordSupervisionNote,
)
from domain.entries_v1 import upcast_v1
from domain.exceptions import InvalidValue, InvariantViolated
from domain.plan import (
    Assessment,
    Goal,
    Measure,
    PhaseChange,
    Rationale,
    SessionRecord,
    TechniqueUse,
)
from domain.sealed import SealedEvent
from domain.vocabulary import (
    ALLIANCE_INSTRUMENTS,
    OUTCOME_INSTRUMENTS,
    SCORE_RANGES,
    ClosingReason,
    GoalStatus,
    Instrument,
    Modality,
    Phase,
    RationaleSubject,
    Role,
    School,
    SignatureMeaning,
    SignatureOutcome,
    Strategy,
    member,
)

SIGNING_ROLES = {
    SignatureMeaning.AUTHORED: Role.CLINICIAN,
    SignatureMeaning.REVIEWED: Role.SUPERVISOR,
    SignatureMeaning.APPROVED: Role.SUPERVISOR,
}


def _refuse(rule: str, message: str) -> InvariantViolated:
    return InvariantViolated(rule, message)


class Case(Aggregate):
    """A client case: its entries are typed value objects (domain/entries.py),
    built once from each event's plain-JSON payload."""

    class_version = 2
    """1 held each entry as a dict; snapshots taken then are read by upcasting."""

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        upcast_v1(state)

    class Event(SealedEvent):
        pass

    class CaseOpened(Event, Aggregate.Created):
        client_ref: str
        clinician_id: str
        supervisor_ids: list[str]
        strategy: str
        home_orientation: str | None
        integrated_schools: list[str]

    @classmethod
    def open(
        cls,
        *,
        client_ref: str,
        clinician_id: str,
        supervisor_ids: list[str],
        strategy: str,
        home_orientation: str | None = None,
        integrated_schools: list[str] | None = None,
        case_id: UUID | None = None,
    ) -> Case:
        chosen = values.parse(Strategy, strategy, "strategy")
        home = values.parse_optional(School, home_orientation, "home_orientation")
        schools = values.parse_list(
            School, integrated_schools or [], "integrated_schools"
        )
        assimilative = chosen is Strategy.ASSIMILATIVE_INTEGRATION
        theoretical = chosen is Strategy.THEORETICAL_INTEGRATION
        if assimilative != (home is not None):
            raise InvalidValue(
                "home_orientation",
                "is required for, and only for, assimilative_integration",
            )
        if home is School.COMMON:
            raise InvalidValue(
                "home_orientation", "common factors are not a home school"
            )
        if theoretical != bool(schools):
            raise InvalidValue(
                "integrated_schools",
                "is required for, and only for, theoretical_integration",
            )
        if theoretical and (len(set(schools)) < 2 or School.COMMON in schools):
            raise InvalidValue(
                "integrated_schools",
                "must name at least two distinct schools besides common",
            )
        supervisors = values.identifiers(supervisor_ids, "supervisor_ids")
        return cls._create(
            cls.CaseOpened,
            id=case_id or uuid4(),
            client_ref=values.identifier(client_ref, "client_ref", max_length=64),
            clinician_id=values.identifier(clinician_id, "clinician_id"),
            supervisor_ids=sorted(set(supervisors)),
            strategy=chosen.value,
            home_orientation=home.value if home else None,
            integrated_schools=sorted({s.value for s in schools}),
        )

    def __init__(
        self,
        client_ref: str,
        clinician_id: str,
        supervisor_ids: list[str],
        strategy: str,
        home_orientation: str | None,
        integrated_schools: list[str],
    ) -> None:
        self.client_ref = client_ref
        self.clinician_id = clinician_id
        self.supervisor_ids = list(supervisor_ids)
        self.strategy = strategy
        self.home_orientation = home_orientation
        self.integrated_schools = list(integrated_schools)
        self.is_open = True
        self.phase = Phase.STABILIZATION.value
        self.chain_values: list[str] = []
        self.kinds: list[str] = []
        self.recorded_at: list[str] = []
        self.assessments: list[Assessment] = []
        self.goals: list[Goal] = []
        self.techniques: list[TechniqueUse] = []
        self.rationales: list[Rationale] = []
        self.phase_changes: list[PhaseChange] = []
        self.sessions: list[SessionRecord] = []
        self.alliance: list[Measure] = []
        self.outcomes: list[Measure] = []
        self.notes: list[entries.SupervisionNote] = []
        self.review_requests: list[int] = []
        self.signatures: list[entries.SignatureEntry] = []
        self.corrections: list[entries.Correction] = []
        self.closures: list[entries.Closure] = []

    # -- guards -------------------------------------------------------------

    def _check_open(self) -> None:
        if not self.is_open:
            raise _refuse(
                "case-open", "the case is closed; reopen it before changing the plan"
            )

    def _check_goals_exist(self, goal_ids: list[str]) -> None:
        known = {g.goal_id for g in self.goals}
        for goal_id in goal_ids:
            if goal_id not in known:
                raise _refuse(
                    "goal-exists", f"goal {goal_id!r} has not been agreed in this case"
                )

    def active_technique_ids(self) -> list[str]:
        return [t.technique for t in self.techniques if t.active]

    def _entries(self, version: int) -> list[entries.Correctable]:
        """The list that holds the correctable entry recorded at `version`."""
        attribute, _ = CORRECTABLE[self.kinds[version - 1]]
        found: list[entries.Correctable] = getattr(self, attribute)
        return found

    def _entry(self, version: int) -> entries.Correctable:
        return next(e for e in self._entries(version) if e.version == version)

    def _next_version(self) -> int:
        return int(self.version) + 1

    # -- assessment and goals -------------------------------------------------

    def record_assessment(self, command: RecordAssessment) -> None:
        self._check_open()
        self._record_assessment(**payloads.assessment(payloads.fields_of(command)))

    class AssessmentRecorded(Event):
        basic_id: dict[str, Any]
        stage_of_change: str
        relational_style: str
        learning_style: str
        psychological_mindedness: str
        emotional_reactivity: str
        risk: str
        notes: str

    @event(AssessmentRecorded)
    def _record_assessment(
        self,
        basic_id: dict[str, Any],
        stage_of_change: str,
        relational_style: str,
        learning_style: str,
        psychological_mindedness: str,
        emotional_reactivity: str,
        risk: str,
        notes: str,
    ) -> None:
        payload = {
            "basic_id": basic_id,
            "stage_of_change": stage_of_change,
            "relational_style": relational_style,
            "learning_style": learning_style,
            "psychological_mindedness": psychological_mindedness,
            "emotional_reactivity": emotional_reactivity,
            "risk": risk,
            "notes": notes,
        }
        self.assessments.append(entries.assessment(payload, self._next_version(), ()))

    def agree_goal(self, command: AgreeGoal) -> None:
        self._check_open()
        payload = payloads.goal(payloads.fields_of(command))
        if any(g.goal_id == payload["goal_id"] for g in self.goals):
            raise _refuse("goal-id-new", f"goal {payload['goal_id']!r} already exists")
        self._agree_goal(**payload)

    class GoalAgreed(Event):
        goal_id: str
        description: str
        modalities: list[str]
        agreed_with_client: bool

    @event(GoalAgreed)
    def _agree_goal(
        self,
        goal_id: str,
        description: str,
        modalities: list[str],
        agreed_with_client: bool,
    ) -> None:
        self.goals.append(
            Goal(
                goal_id=goal_id,
                description=description,
                modalities=tuple(member(Modality, m) for m in modalities),
                agreed_with_client=agreed_with_client,
                status=GoalStatus.IN_PROGRESS,
                version=self._next_version(),
            )
        )

    def change_goal_status(self, goal_id: str, status: str, note: str = "") -> None:
        self._check_goals_exist([goal_id])
        self._change_goal_status(
            goal_id=goal_id,
            status=values.parse(GoalStatus, status, "status").value,
            note=values.text(note, "note"),
        )

    class GoalStatusChanged(Event):
        goal_id: str
        status: str
        note: str

    @event(GoalStatusChanged)
    def _change_goal_status(self, goal_id: str, status: str, note: str) -> None:
        changed = member(GoalStatus, status)
        self.goals = [
            replace(g, status=changed, status_version=self._next_version())
            if g.goal_id == goal_id
            else g
            for g in self.goals
        ]

    # -- techniques and phases ------------------------------------------------

    def add_technique(
        self,
        technique: str,
        goal_ids: list[str],
        note: str = "",
        *,
        catalogue: Catalogue,
    ) -> None:
        self._check_open()
        technique = catalogue.get(values.identifier(technique, "technique")).id
        if technique in self.active_technique_ids():
            raise _refuse("technique-not-active", f"{technique} is already active")
        goal_ids = values.identifiers(goal_ids, "goal_ids")
        self._check_goals_exist(goal_ids)
        self._add_technique(
            technique=technique, goal_ids=goal_ids, note=values.text(note, "note")
        )

    class TechniqueAdded(Event):
        technique: str
        goal_ids: list[str]
        note: str

    @event(TechniqueAdded)
    def _add_technique(self, technique: str, goal_ids: list[str], note: str) -> None:
        self.techniques.append(
            TechniqueUse(technique, tuple(goal_ids), note, self._next_version())
        )

    def discontinue_technique(self, technique: str, reason: str) -> None:
        if technique not in self.active_technique_ids():
            raise _refuse(
                "technique-active", f"{technique!r} is not an active technique"
            )
        self._discontinue_technique(
            technique=technique, reason=values.text(reason, "reason", required=True)
        )

    class TechniqueDiscontinued(Event):
        technique: str
        reason: str

    @event(TechniqueDiscontinued)
    def _discontinue_technique(self, technique: str, reason: str) -> None:
        self.techniques = [
            replace(use, discontinued_version=self._next_version())
            if use.technique == technique and use.active
            else use
            for use in self.techniques
        ]

    def advance_phase(self, to_phase: str) -> None:
        self._check_open()
        target = values.parse(Phase, to_phase, "to_phase")
        current = Phase(self.phase)
        if target.rank != current.rank + 1:
            raise _refuse(
                "phase-next-only",
                f"from {current.value} the phase can only advance to the next phase",
            )
        self._advance_phase(from_phase=current.value, to_phase=target.value)

    class PhaseAdvanced(Event):
        from_phase: str
        to_phase: str

    @event(PhaseAdvanced)
    def _advance_phase(self, from_phase: str, to_phase: str) -> None:
        self._change_phase(from_phase, to_phase, advanced=True, reason="")

    def return_phase(self, to_phase: str, reason: str) -> None:
        self._check_open()
        target = values.parse(Phase, to_phase, "to_phase")
        current = Phase(self.phase)
        if target.rank >= current.rank:
            raise _refuse(
                "phase-earlier-only",
                f"{target.value} is not earlier than {current.value}",
            )
        self._return_phase(
            from_phase=current.value,
            to_phase=target.value,
            reason=values.text(reason, "reason", required=True),
        )

    class PhaseReturned(Event):
        from_phase: str
        to_phase: str
        reason: str

    @event(PhaseReturned)
    def _return_phase(self, from_phase: str, to_phase: str, reason: str) -> None:
        self._change_phase(from_phase, to_phase, advanced=False, reason=reason)

    def _change_phase(
        self, from_phase: str, to_phase: str, advanced: bool, reason: str
    ) -> None:
        self.phase = to_phase
        self.phase_changes.append(
            PhaseChange(
                version=self._next_version(),
                from_phase=member(Phase, from_phase),
                to_phase=member(Phase, to_phase),
                advanced=advanced,
                reason=reason,
            )
        )

    # -- rationales, sessions and measures -----------------------------------

    def give_rationale(self, command: GiveRationale) -> None:
        self._check_open()
        payload = payloads.rationale(payloads.fields_of(command))
        self._check_subject_exists(payload["subject"])
        self._check_goals_exist(payload["goal_ids"])
        self._give_rationale(**payload)

    def _check_subject_exists(self, subject: dict[str, str]) -> None:
        kind, ref = RationaleSubject(subject["kind"]), subject["ref"]
        exists = {
            RationaleSubject.TECHNIQUE: ref in self.active_technique_ids(),
            RationaleSubject.PHASE: ref == self.phase,
            RationaleSubject.STRATEGY: ref == self.strategy,
        }[kind]
        if not exists:
            raise _refuse(
                "subject-exists",
                f"the rationale's subject {kind.value} {ref!r} is not in force",
            )

    class RationaleGiven(Event):
        subject: dict[str, str]
        goal_ids: list[str]
        text: str
        explained_to_client: bool

    @event(RationaleGiven)
    def _give_rationale(
        self,
        subject: dict[str, str],
        goal_ids: list[str],
        text: str,
        explained_to_client: bool,
    ) -> None:
        payload = {
            "subject": subject,
            "goal_ids": goal_ids,
            "text": text,
            "explained_to_client": explained_to_client,
        }
        self.rationales.append(entries.rationale(payload, self._next_version(), ()))

    def record_session(self, command: RecordSession) -> None:
        self._check_open()
        payload = payloads.session(payloads.fields_of(command))
        active = self.active_technique_ids()
        for technique in payload["techniques_used"]:
            if technique not in active:
                raise _refuse(
                    "techniques-active", f"{technique!r} is not an active technique"
                )
        self._record_session(**payload)

    class SessionRecorded(Event):
        session_date: str
        techniques_used: list[str]
        note: str

    @event(SessionRecorded)
    def _record_session(
        self, session_date: str, techniques_used: list[str], note: str
    ) -> None:
        self.sessions.append(
            SessionRecord(
                self._next_version(), session_date, tuple(techniques_used), note
            )
        )

    def measure_alliance(
        self, instrument: str, score: int, session_date: date | str
    ) -> None:
        self._check_open()
        self._measure_alliance(
            **self._measure(instrument, score, session_date, ALLIANCE_INSTRUMENTS)
        )

    def measure_outcome(
        self, instrument: str, score: int, session_date: date | str
    ) -> None:
        self._check_open()
        self._measure_outcome(
            **self._measure(instrument, score, session_date, OUTCOME_INSTRUMENTS)
        )

    @staticmethod
    def _measure(
        instrument: str,
        score: int,
        session_date: date | str,
        family: frozenset[Instrument],
    ) -> dict[str, Any]:
        chosen = values.parse(Instrument, instrument, "instrument")
        if chosen not in family:
            allowed = ", ".join(sorted(i.value for i in family))
            raise InvalidValue(
                "instrument", f"{chosen.value!r} is not one of: {allowed}"
            )
        low, high = SCORE_RANGES[chosen]
        return {
            "instrument": chosen.value,
            "score": values.integer(score, "score", low, high),
            "session_date": payloads.session_date(session_date),
        }

    class AllianceMeasured(Event):
        instrument: str
        score: int
        session_date: str

    @event(AllianceMeasured)
    def _measure_alliance(self, instrument: str, score: int, session_date: str) -> None:
        self.alliance.append(
            Measure(
                self._next_version(),
                member(Instrument, instrument),
                score,
                session_date,
            )
        )

    class OutcomeMeasured(Event):
        instrument: str
        score: int
        session_date: str

    @event(OutcomeMeasured)
    def _measure_outcome(self, instrument: str, score: int, session_date: str) -> None:
        self.outcomes.append(
            Measure(
                self._next_version(),
                member(Instrument, instrument),
                score,
                session_date,
            )
        )

    # -- supervision and signatures --------------------------------------------

    def record_supervision_note(self, command: RecordSupervisionNote) -> None:
        payload = payloads.supervision_note(payloads.fields_of(command))
        self._check_supervisor(payload["supervisor_id"])
        for version in payload["refers_to"]:
            self._check_version_exists(version, "refers_to")
        self._record_supervision_note(**payload)

    def _check_supervisor(self, supervisor_id: str) -> None:
        if supervisor_id not in self.supervisor_ids:
            raise _refuse(
                "author-is-supervisor",
                f"{supervisor_id!r} does not supervise this case",
            )

    def _check_version_exists(self, version: int, field_name: str) -> None:
        if not 1 <= version <= self.version:
            raise _refuse(
                "version-exists",
                f"{field_name}: version {version} does not exist"
                f" (the case is at version {self.version})",
            )

    class SupervisionNoteRecorded(Event):
        supervisor_id: str
        text: str
        refers_to: list[int]

    @event(SupervisionNoteRecorded)
    def _record_supervision_note(
        self, supervisor_id: str, text: str, refers_to: list[int]
    ) -> None:
        self.notes.append(
            entries.SupervisionNote(
                self._next_version(), supervisor_id, text, tuple(refers_to)
            )
        )

    def request_review(self, up_to_version: int) -> None:
        self._check_version_exists(
            values.version(up_to_version, "up_to_version"), "up_to_version"
        )
        self._request_review(up_to_version=up_to_version)

    class ReviewRequested(Event):
        up_to_version: int

    @event(ReviewRequested)
    def _request_review(self, up_to_version: int) -> None:
        self.review_requests.append(up_to_version)

    def apply_signature(
        self,
        *,
        signer_id: str,
        signer_role: str,
        meaning: str,
        signed_version: int,
        signed_chain_value: str,
        outcome: str,
        comment: str = "",
    ) -> None:
        chosen = values.parse(SignatureMeaning, meaning, "meaning")
        result = values.parse(SignatureOutcome, outcome, "outcome")
        role = values.parse(Role, signer_role, "signer_role")
        if SIGNING_ROLES[chosen] is not role:
            raise _refuse(
                "signer-role",
                f"a {role.value} may not sign with meaning {chosen.value!r}",
            )
        if role is Role.CLINICIAN and signer_id != self.clinician_id:
            raise _refuse("signer-role", f"{signer_id!r} is not this case's clinician")
        if role is Role.SUPERVISOR:
            self._check_supervisor(signer_id)
        if (
            chosen is SignatureMeaning.AUTHORED
            and result is not SignatureOutcome.APPROVED
        ):
            raise InvalidValue("outcome", "an authored signature cannot request edits")
        comment = values.text(
            comment, "comment", required=result is SignatureOutcome.EDITS_REQUESTED
        )
        self._check_version_exists(
            values.version(signed_version, "signed_version"), "signed_version"
        )
        if self.chain_values[signed_version - 1] != signed_chain_value:
            raise _refuse(
                "chain-matches",
                "signed_chain_value does not match the history"
                f" at version {signed_version}",
            )
        self._apply_signature(
            signer_id=signer_id,
            meaning=chosen.value,
            signed_version=signed_version,
            signed_chain_value=signed_chain_value,
            outcome=result.value,
            comment=comment,
        )

    class SignatureApplied(Event):
        signer_id: str
        meaning: str
        signed_version: int
        signed_chain_value: str
        outcome: str
        comment: str

    @event(SignatureApplied)
    def _apply_signature(
        self,
        signer_id: str,
        meaning: str,
        signed_version: int,
        signed_chain_value: str,
        outcome: str,
        comment: str,
    ) -> None:
        self.signatures.append(
            entries.SignatureEntry(
                version=self._next_version(),
                signer_id=signer_id,
                meaning=member(SignatureMeaning, meaning),
                signed_version=signed_version,
                signed_chain_value=signed_chain_value,
                outcome=member(SignatureOutcome, outcome),
                comment=comment,
            )
        )

    # -- corrections -------------------------------------------------------------

    def correct_entry(
        self, corrects: int, reason: str, replacement: Mapping[str, Any]
    ) -> None:
        version = values.version(corrects, "corrects")
        self._check_version_exists(version, "corrects")
        kind = self.kinds[version - 1]
        if kind not in CORRECTABLE:
            raise _refuse(
                "correctable",
                f"version {version} is a {kind}, which cannot be corrected",
            )
        reason = values.text(reason, "reason", required=True)
        _, validate = CORRECTABLE[kind]
        payload = validate(replacement)
        kept = entries.identity(self._entry(version))
        if kept is not None and payload[kept[0]] != kept[1]:
            raise _refuse(
                "correction-keeps-identity", f"a correction cannot change {kept[0]}"
            )
        self._correct_entry(corrects=version, reason=reason, replacement=payload)

    class EntryCorrected(Event):
        corrects: int
        reason: str
        replacement: dict[str, Any]

    @event(EntryCorrected)
    def _correct_entry(
        self, corrects: int, reason: str, replacement: dict[str, Any]
    ) -> None:
        held = self._entries(corrects)
        at = next(i for i, e in enumerate(held) if e.version == corrects)
        held[at] = entries.corrected(held[at], replacement, self._next_version())
        self.corrections.append(
            entries.Correction(self._next_version(), corrects, reason)
        )

    # -- supervisors and closing ---------------------------------------------

    def assign_supervisor(self, supervisor_id: str) -> None:
        supervisor_id = values.identifier(supervisor_id, "supervisor_id")
        if supervisor_id in self.supervisor_ids:
            raise _refuse(
                "supervisor-new", f"{supervisor_id!r} already supervises this case"
            )
        self._assign_supervisor(supervisor_id=supervisor_id)

    class SupervisorAssigned(Event):
        supervisor_id: str

    @event(SupervisorAssigned)
    def _assign_supervisor(self, supervisor_id: str) -> None:
        self.supervisor_ids = sorted({*self.supervisor_ids, supervisor_id})

    def remove_supervisor(self, supervisor_id: str) -> None:
        self._check_supervisor(supervisor_id)
        self._remove_supervisor(supervisor_id=supervisor_id)

    class SupervisorRemoved(Event):
        supervisor_id: str

    @event(SupervisorRemoved)
    def _remove_supervisor(self, supervisor_id: str) -> None:
        self.supervisor_ids = [s for s in self.supervisor_ids if s != supervisor_id]

    def close(self, reason: str, summary: str = "") -> None:
        self._check_open()
        self._close(
            reason=values.parse(ClosingReason, reason, "reason").value,
            summary=values.text(summary, "summary"),
        )

    class CaseClosed(Event):
        reason: str
        summary: str

    @event(CaseClosed)
    def _close(self, reason: str, summary: str) -> None:
        self.is_open = False
        self.closures.append(
            entries.Closure(self._next_version(), member(ClosingReason, reason))
        )

    def reopen(self, reason: str, summary: str = "") -> None:
        if self.is_open:
            raise _refuse(
                "case-closed", "the case is open; only a closed case can be reopened"
            )
        self._reopen(
            reason=values.text(reason, "reason", required=True),
            summary=values.text(summary, "summary"),
        )

    class CaseReopened(Event):
        reason: str
        summary: str

    @event(CaseReopened)
    def _reopen(self, reason: str, summary: str) -> None:
        self.is_open = True


CORRECTABLE: dict[str, tuple[str, Callable[[object], payloads.Payload]]] = {
    Case.AssessmentRecorded.__name__: ("assessments", payloads.assessment),
    Case.GoalAgreed.__name__: ("goals", payloads.goal),
    Case.RationaleGiven.__name__: ("rationales", payloads.rationale),
    Case.SessionRecorded.__name__: ("sessions", payloads.session),
    Case.SupervisionNoteRecorded.__name__: ("notes", payloads.supervision_note),
}
"""The kinds of entry a correction may replace, by event name: the case's list
that holds them and the validator of their payload."""
