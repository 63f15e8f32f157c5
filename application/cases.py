"""CaseManagement: one method per use case on the Case aggregate, plus its queries.

Its parts, by concept: storing cases (case_store.py), the commands that record
the plan (plan_commands.py) and the queries (case_queries.py); here, opening a
case and the commands of supervision, correction and its life cycle."""

from __future__ import annotations

from typing import Any, ClassVar
from uuid import UUID

from eventsourcing.domain import MutableOrImmutableAggregate
from eventsourcing.persistence import IntegrityError

from adapters.case_cipher import CaseCipher
from application.case_queries import CaseQueries
from application.case_store import Recorded
from application.erasure import Erasures
from application.held_cases import HeldCases
from application.plan_commands import PlanCommands
from application.sealing import chain_keys_for, data_keys_for
from application.settings import Settings
from domain.case import Case
from domain.catalogue import Catalogue, default_catalogue
from domain.client_refs import ClientReference
from domain.coherence import DEFAULT_POLICY, Policy
from domain.commands import (
    ApplySignature,
    AssignSupervisor,
    CloseCase,
    CorrectEntry,
    OpenCase,
    RecordSupervisionNote,
    RemoveSupervisor,
    ReopenCase,
    RequestReview,
)
from domain.envelope import current_envelope
from domain.exceptions import CasebookError, InvariantViolated

__all__ = ["SNAPSHOT_INTERVAL", "CaseManagement", "Recorded"]

SNAPSHOT_INTERVAL = 50


class CaseManagement(CaseQueries, PlanCommands, Erasures):
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
        self.held = HeldCases()
        super().__init__(env=self.settings.event_store_env())
        try:
            self.chain_keys = chain_keys_for(self, self.settings)
            self.data_keys = data_keys_for(self, self.settings)
        except CasebookError:  # a key file missing: nothing is left open
            super().close()
            raise
        self.text_cipher = CaseCipher(self.data_keys)

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

    def close(self) -> None:
        super().close()
        self.data_keys.close()
