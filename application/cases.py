"""CaseManagement: one method per use case on the Case aggregate, plus its queries."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar, cast
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.domain import (
    MutableOrImmutableAggregate,
    OriginatorIDError,
    OriginatorVersionError,
)
from eventsourcing.persistence import (
    EventStore,
    IntegrityError,
    JSONTranscoder,
    MapperDeserialisationError,
    Recording,
)
from eventsourcing.utils import TopicError

from application.history import HistoryEntry, history_entry, with_originals
from application.log import events_of_type
from application.sealing import chain_keys_for, seal_pending
from application.settings import Settings
from application.snapshots import SealedSnapshots, SnapshotSealBroken
from application.transcodings import register_entry_transcodings
from domain.case import Case
from domain.case_view import plan_of
from domain.catalogue import Catalogue, default_catalogue
from domain.chain import ChainReport, first_break
from domain.client_refs import ClientReference
from domain.coherence import DEFAULT_POLICY, Coherence, Policy, assess
from domain.commands import (
    AddTechnique,
    AdvancePhase,
    AgreeGoal,
    ApplySignature,
    AssignSupervisor,
    ChangeGoalStatus,
    CloseCase,
    CorrectEntry,
    DiscontinueTechnique,
    GiveRationale,
    MeasureAlliance,
    MeasureOutcome,
    OpenCase,
    RecordAssessment,
    RecordSession,
    RecordSupervisionNote,
    RemoveSupervisor,
    ReopenCase,
    RequestReview,
    ReturnPhase,
)
from domain.envelope import current_envelope
from domain.exceptions import (
    CaseNotFound,
    HistoryDamaged,
    InvalidValue,
    InvariantViolated,
    VersionConflict,
)
from domain.plan import Plan
from domain.reports import coherence_report, plan_report

SNAPSHOT_INTERVAL = 50
logger = logging.getLogger("casebook.cases")


@dataclass(frozen=True)
class Recorded:
    """What a command returns: the case's new version and its place in the log."""

    case_id: UUID
    version: int
    notification_id: int


class CaseManagement(Application[UUID]):
    """Records client cases and answers what their plans are, were and why."""

    name = "casebook"
    snapshotting_intervals: ClassVar[
        dict[type[MutableOrImmutableAggregate[Any]], int]
    ] = {Case: SNAPSHOT_INTERVAL}

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        catalogue: Catalogue | None = None,
        policy: Policy = DEFAULT_POLICY,
    ) -> None:
        self.settings = settings or Settings.from_env()
        self.catalogue = catalogue or default_catalogue()
        self.policy = policy
        super().__init__(env=self.settings.event_store_env())
        self.chain_keys = chain_keys_for(self, self.settings)

    def save(self, *objs: Any, **kwargs: Any) -> list[Recording[UUID]]:
        """Seal each new event into its case's chain, then store it."""
        for obj in objs:
            if isinstance(obj, Case):
                seal_pending(obj, self.chain_keys)
        return super().save(*objs, **kwargs)

    def construct_snapshot_store(self) -> EventStore[UUID]:
        recorder = self.factory.aggregate_recorder(purpose="snapshots")
        mapper = SealedSnapshots(self.mapper.transcoder, lambda: self.chain_keys)
        return self.factory.event_store(mapper=mapper, recorder=recorder)

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        register_entry_transcodings(transcoder)

    # -- loading and saving ---------------------------------------------------

    def load_case(self, case_id: UUID, version: int | None = None) -> Case:
        """The case at its latest version or at `version`, from its snapshot on;
        from its events alone when the snapshot is not as it was taken."""
        try:
            case: Case = self.repository.get(case_id, version=version)
        except AggregateNotFoundError:
            raise CaseNotFound(case_id) from None
        except (
            SnapshotSealBroken,
            MapperDeserialisationError,
            TopicError,
            OriginatorIDError,
            OriginatorVersionError,
        ):
            return self._fold(case_id, version)
        if case.id != case_id:  # another case's snapshot, moved here
            return self._fold(case_id, version)
        return case

    def intact_part(self, case_id: UUID) -> Case | None:
        """The case folded from its events up to the first that does not decode
        or follow (who it is for, when the rest is broken); None if none does."""
        case: Case | None = None
        try:
            for event in self.stored_events(case_id):
                case = event.mutate(case)
        except (HistoryDamaged, OriginatorVersionError):
            pass  # what follows is broken
        return case

    def _fold(self, case_id: UUID, version: int | None) -> Case:
        """The case from its events alone, naming the first that does not decode."""
        case: Case | None = None
        for event in self.stored_events(case_id, upto=version):
            try:
                case = event.mutate(case)
            except OriginatorVersionError as error:
                raise HistoryDamaged(
                    event.originator_version, "versions are out of order"
                ) from error
        if case is None:
            raise CaseNotFound(case_id)
        logger.warning(
            "case %s: a stored snapshot is not as it was taken; read from its "
            "events instead (casebook verify says which)",
            case_id,
        )
        return case

    def stored_events(
        self, case_id: UUID, after: int = 0, upto: int | None = None
    ) -> Iterator[Case.Event]:
        """The stored events with versions in (after, upto], in order; one that
        no longer decodes stops the walk with an error naming its version."""
        for stored in self.recorder.select_events(case_id, gt=after or None, lte=upto):
            try:
                event = self.mapper.to_domain_event(stored)
            except (MapperDeserialisationError, TopicError) as error:  # altered
                raise HistoryDamaged(
                    stored.originator_version, "stored bytes do not decode"
                ) from error
            yield cast(Case.Event, event)

    def _save_case(self, case: Case) -> Recorded:
        current_envelope()  # refuse before any event exists if nobody is acting
        try:
            recordings = self.save(case)
        except IntegrityError:
            raise VersionConflict(
                case.version - 1, self.load_case(case.id).version
            ) from None
        return Recorded(case.id, case.version, recordings[-1].notification.id)

    def _change(
        self, case_id: UUID, expected_version: int, command: Callable[[Case], None]
    ) -> Recorded:
        case = self.load_case(case_id)
        if case.version != expected_version:
            raise VersionConflict(expected_version, case.version)
        command(case)
        return self._save_case(case)

    # -- commands -------------------------------------------------------------

    def open_case(self, clinician_id: str, command: OpenCase) -> Recorded:
        """Open a case under one of the four integration strategies."""
        current_envelope()
        case = Case.open(
            client_ref=command.client_ref,
            clinician_id=clinician_id,
            supervisor_ids=list(command.supervisor_ids),
            strategy=command.strategy,
            home_orientation=command.home_orientation,
            integrated_schools=list(command.integrated_schools),
            case_id=command.case_id,
        )
        claim = ClientReference(client_ref=case.client_ref, case_id=case.id)
        try:
            recordings = self.save(case, claim)
        except IntegrityError:
            raise InvariantViolated(
                "client-ref-unique",
                f"client reference {case.client_ref!r} belongs to another case",
            ) from None
        return Recorded(case.id, case.version, recordings[-1].notification.id)

    def record_assessment(
        self, case_id: UUID, expected_version: int, command: RecordAssessment
    ) -> Recorded:
        """Record a multimodal (BASIC I.D.) assessment with stage, style and risk."""
        return self._change(
            case_id, expected_version, lambda c: c.record_assessment(command)
        )

    def agree_goal(
        self, case_id: UUID, expected_version: int, command: AgreeGoal
    ) -> Recorded:
        """Record a goal and whether it was agreed with the client."""
        return self._change(case_id, expected_version, lambda c: c.agree_goal(command))

    def change_goal_status(
        self, case_id: UUID, expected_version: int, command: ChangeGoalStatus
    ) -> Recorded:
        """Mark a goal in progress, achieved, revised or dropped."""
        return self._change(
            case_id,
            expected_version,
            lambda c: c.change_goal_status(
                command.goal_id, command.status, command.note
            ),
        )

    def add_technique(
        self, case_id: UUID, expected_version: int, command: AddTechnique
    ) -> Recorded:
        """Add a catalogue technique to the plan, linked to goals."""
        return self._change(
            case_id,
            expected_version,
            lambda c: c.add_technique(
                command.technique,
                list(command.goal_ids),
                command.note,
                catalogue=self.catalogue,
            ),
        )

    def discontinue_technique(
        self, case_id: UUID, expected_version: int, command: DiscontinueTechnique
    ) -> Recorded:
        """Stop an active technique, saying why."""
        return self._change(
            case_id,
            expected_version,
            lambda c: c.discontinue_technique(command.technique, command.reason),
        )

    def advance_phase(
        self, case_id: UUID, expected_version: int, command: AdvancePhase
    ) -> Recorded:
        """Move to the next treatment phase."""
        return self._change(
            case_id, expected_version, lambda c: c.advance_phase(command.to_phase)
        )

    def return_phase(
        self, case_id: UUID, expected_version: int, command: ReturnPhase
    ) -> Recorded:
        """Go back to an earlier phase, e.g. to stabilization in a crisis."""
        return self._change(
            case_id,
            expected_version,
            lambda c: c.return_phase(command.to_phase, command.reason),
        )

    def give_rationale(
        self, case_id: UUID, expected_version: int, command: GiveRationale
    ) -> Recorded:
        """Justify a technique, phase or the strategy by the goals it serves."""
        return self._change(
            case_id, expected_version, lambda c: c.give_rationale(command)
        )

    def record_session(
        self, case_id: UUID, expected_version: int, command: RecordSession
    ) -> Recorded:
        """Record a session and the active techniques it used."""
        return self._change(
            case_id, expected_version, lambda c: c.record_session(command)
        )

    def measure_alliance(
        self, case_id: UUID, expected_version: int, command: MeasureAlliance
    ) -> Recorded:
        """Record a WAI-SR or SRS alliance score."""
        return self._change(
            case_id,
            expected_version,
            lambda c: c.measure_alliance(
                command.instrument, command.score, command.session_date
            ),
        )

    def measure_outcome(
        self, case_id: UUID, expected_version: int, command: MeasureOutcome
    ) -> Recorded:
        """Record an ORS outcome score."""
        return self._change(
            case_id,
            expected_version,
            lambda c: c.measure_outcome(
                command.instrument, command.score, command.session_date
            ),
        )

    def record_supervision_note(
        self, case_id: UUID, expected_version: int, command: RecordSupervisionNote
    ) -> Recorded:
        """Record a supervisor's note, optionally on given event versions."""
        return self._change(
            case_id, expected_version, lambda c: c.record_supervision_note(command)
        )

    def request_review(
        self, case_id: UUID, expected_version: int, command: RequestReview
    ) -> Recorded:
        """Ask the case's supervisors to review the history up to a version."""
        return self._change(
            case_id,
            expected_version,
            lambda c: c.request_review(command.up_to_version),
        )

    def apply_signature(
        self, case_id: UUID, expected_version: int, command: ApplySignature
    ) -> Recorded:
        """Sign a version of the history (authored, reviewed or approved)."""
        signer = current_envelope().actor
        return self._change(
            case_id,
            expected_version,
            lambda c: c.apply_signature(
                signer_id=signer.actor_id,
                signer_role=signer.role,
                meaning=command.meaning,
                signed_version=command.signed_version,
                signed_chain_value=command.signed_chain_value,
                outcome=command.outcome,
                comment=command.comment,
            ),
        )

    def correct_entry(
        self, case_id: UUID, expected_version: int, command: CorrectEntry
    ) -> Recorded:
        """Correct an earlier entry; the original stays in the history."""
        return self._change(
            case_id,
            expected_version,
            lambda c: c.correct_entry(
                command.corrects, command.reason, command.replacement
            ),
        )

    def assign_supervisor(
        self, case_id: UUID, expected_version: int, command: AssignSupervisor
    ) -> Recorded:
        """Give the case another supervisor."""
        return self._change(
            case_id,
            expected_version,
            lambda c: c.assign_supervisor(command.supervisor_id),
        )

    def remove_supervisor(
        self, case_id: UUID, expected_version: int, command: RemoveSupervisor
    ) -> Recorded:
        """Take a supervisor off the case."""
        return self._change(
            case_id,
            expected_version,
            lambda c: c.remove_supervisor(command.supervisor_id),
        )

    def close_case(
        self, case_id: UUID, expected_version: int, command: CloseCase
    ) -> Recorded:
        """Close the case with a reason."""
        return self._change(
            case_id,
            expected_version,
            lambda c: c.close(command.reason, command.summary),
        )

    def reopen_case(
        self, case_id: UUID, expected_version: int, command: ReopenCase
    ) -> Recorded:
        """Reopen a closed case."""
        return self._change(
            case_id,
            expected_version,
            lambda c: c.reopen(command.reason, command.summary),
        )

    # -- queries --------------------------------------------------------------

    def plan(
        self,
        case_id: UUID,
        *,
        version: int | None = None,
        as_of: datetime | None = None,
    ) -> Plan:
        """The plan at the latest version, at version N, or as it stood at time T."""
        if as_of is not None:
            version = self.version_at(case_id, as_of)
        if version is not None and version < 1:
            raise InvalidValue("version", "must be 1 or more")
        case = self.load_case(case_id, version=version)
        if version is not None and case.version != version:
            raise InvalidValue("version", f"the case has only {case.version} versions")
        return plan_of(case)

    def coherence(self, plan: Plan) -> Coherence:
        """The coherence findings and status of a plan under this clinic's policy."""
        return assess(plan, self.catalogue, self.policy)

    def report(
        self,
        case_id: UUID,
        *,
        version: int | None = None,
        as_of: datetime | None = None,
    ) -> dict[str, Any]:
        """Plan and coherence as plain data."""
        plan = self.plan(case_id, version=version, as_of=as_of)
        return {
            "plan": plan_report(plan, self.catalogue),
            "coherence": coherence_report(self.coherence(plan)),
        }

    def version_at(self, case_id: UUID, as_of: datetime) -> int:
        """The last version recorded at or before `as_of`."""
        if as_of.tzinfo is None:
            raise InvalidValue("as_of", "must include a time zone")
        version = 0
        for event in self.stored_events(case_id):
            if event.timestamp > as_of:
                break
            version = event.originator_version
        if version == 0:
            self.load_case(case_id)  # unknown case: not found, not "too early"
            raise InvalidValue("as_of", "the case did not exist yet at that time")
        return version

    def history(self, case_id: UUID) -> list[HistoryEntry]:
        """Every event in order, with who, when and a readable one-line summary;
        a correction also shows the `original` value it replaced."""
        entries = with_originals(
            history_entry(event) for event in self.stored_events(case_id)
        )
        if not entries:
            raise CaseNotFound(case_id)
        return entries

    def verify(
        self, case_id: UUID, witness: Mapping[int, str] | None = None
    ) -> ChainReport:
        """Whether the stored history is intact, and where it first breaks if not;
        `witness` is the chain value of each version as recorded elsewhere."""
        stored = self.recorder.select_events(case_id)
        if not stored:
            raise CaseNotFound(case_id)
        events = []
        for record in stored:
            try:
                events.append(self.mapper.to_domain_event(record))
            except MapperDeserialisationError:  # undecodable bytes: tampering too
                return ChainReport(
                    False,
                    len(events),
                    record.originator_version,
                    "stored bytes do not decode",
                )
        report = first_break(events, self.chain_keys, witness)
        if report.intact:
            return self._check_snapshots(case_id, report)
        return report

    def _check_snapshots(self, case_id: UUID, intact: ChainReport) -> ChainReport:
        """An intact history, unless one of its snapshots was altered (the case
        is then read from its events, but the store was still written to)."""
        snapshots = self.snapshots
        assert snapshots is not None, "cases are snapshotted"
        for stored in snapshots.recorder.select_events(case_id):
            try:
                snapshots.mapper.to_domain_event(stored)
            except (SnapshotSealBroken, MapperDeserialisationError) as error:
                return ChainReport(
                    False, intact.events_checked, stored.originator_version,
                    f"{error}; the case is read from its events",
                )  # fmt: skip
        return intact

    def opened_cases(self) -> list[tuple[str, UUID]]:
        """Every case ever opened, with its client reference, in the order they
        were opened: what `verify --all` walks, one entry per stored case."""
        opened = events_of_type(self, Case.CaseOpened)
        return [(event.client_ref, event.originator_id) for event in opened]

    def directory(self) -> dict[str, UUID]:
        """Every case's client reference and id, in the order they were opened."""
        opened = events_of_type(self, Case.CaseOpened)
        return {event.client_ref: event.originator_id for event in opened}

    def find_case(self, reference: str) -> UUID:
        """A case id from its id or its client reference."""
        try:
            return UUID(reference)
        except ValueError:
            pass
        try:
            return self.directory()[reference]
        except KeyError:
            raise CaseNotFound(reference) from None
