"""Erasing a case's clinical text by destroying its key, after a second
person confirms it; and the legal holds that stand in its way."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial
from uuid import UUID

from adapters.data_keys import DataKeys
from application.case_store import CaseStore, Recorded
from application.settings import Settings
from domain.commands import LegalHold, RequestErasure
from domain.envelope import current_envelope
from domain.exceptions import VersionConflict


class Erasures(CaseStore):
    """One method per step, each at an expected version."""

    settings: Settings
    data_keys: DataKeys
    clock: Callable[[], datetime] = partial(datetime.now, UTC)
    """Tells retention's end; tests move it instead of waiting years."""

    def place_legal_hold(
        self, case_id: UUID, expected_version: int, command: LegalHold
    ) -> Recorded:
        """Keep the case from erasure, whatever its retention, until lifted."""
        return self._change(
            case_id, expected_version, lambda c: c.place_legal_hold(command.reason)
        )

    def lift_legal_hold(
        self, case_id: UUID, expected_version: int, command: LegalHold
    ) -> Recorded:
        return self._change(
            case_id, expected_version, lambda c: c.lift_legal_hold(command.reason)
        )

    def request_erasure(
        self, case_id: UUID, expected_version: int, command: RequestErasure
    ) -> Recorded:
        """An admin asks for the case's text to be erased (nothing goes yet)."""
        now, retention = self.clock(), self.settings.retention
        return self._change(
            case_id,
            expected_version,
            lambda c: c.request_erasure(
                command.reason, command.override_reason, now, retention
            ),
        )

    def confirm_erasure(self, case_id: UUID, expected_version: int) -> Recorded:
        """A second admin or an auditor confirms: the erasure is recorded, then
        the case's key destroyed, and with it every copy of its text."""
        actor = current_envelope().actor
        case = self.load_case(case_id)
        if case.erased:  # recorded, and its key perhaps not yet destroyed
            self.data_keys.destroy(case_id)
        if case.version != expected_version:
            raise VersionConflict(expected_version, case.version)
        case.confirm_erasure(actor.actor_id, actor.role)
        recorded = self._save_case(case)
        self.data_keys.destroy(case_id)
        return recorded
