"""Erasing a case's clinical text: asked by an admin, confirmed by a second
admin or an auditor, once the case's retention has run and no legal hold
stands, unless the asker overrides them with a reason that is recorded too.

Erasure destroys the case's data key (the application does, as the event is
stored); the history stays whole and verifiable, its structure readable, and
its free text reads as erased from then on, in memory as in the store."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum
from typing import Any

from eventsourcing.domain import event

from domain import values
from domain.case_state import CaseEvent, CaseState, refuse
from domain.free_text import ERASED
from domain.vocabulary import Role

CONFIRMERS = (Role.ADMIN, Role.AUDITOR)
TEXT_FIELDS = frozenset({"notes", "note", "description", "text", "reason", "comment"})
"""The entries' fields that hold free text (besides each modality's note)."""


@dataclass(frozen=True)
class ErasureRequest:
    version: int
    requested_by: str
    reason: str
    override_reason: str


class Erasure(CaseState):
    """Legal holds, and the two steps of an erasure."""

    erased: bool = False
    legal_hold: str | None = None
    erasure_request: ErasureRequest | None = None

    def trigger_event(self, *args: Any, **kwargs: Any) -> None:
        """An erased case takes no further entry of any kind."""
        if self.erased:
            raise refuse(
                "case-not-erased", "the case's text was erased: it takes no entries"
            )
        super().trigger_event(*args, **kwargs)

    def place_legal_hold(self, reason: str) -> None:
        if self.legal_hold is not None:
            raise refuse("legal-hold-absent", "the case is under a legal hold already")
        self._place_legal_hold(reason=values.text(reason, "reason", required=True))

    class LegalHoldPlaced(CaseEvent):
        reason: str

    @event(LegalHoldPlaced)
    def _place_legal_hold(self, reason: str) -> None:
        self.legal_hold = reason

    def lift_legal_hold(self, reason: str) -> None:
        if self.legal_hold is None:
            raise refuse("legal-hold-present", "the case is under no legal hold")
        self._lift_legal_hold(reason=values.text(reason, "reason", required=True))

    class LegalHoldLifted(CaseEvent):
        reason: str

    @event(LegalHoldLifted)
    def _lift_legal_hold(self, reason: str) -> None:
        self.legal_hold = None

    def request_erasure(
        self, reason: str, override_reason: str, now: datetime, retention: timedelta
    ) -> None:
        """Ask for the case's text to be erased; what stands in the way (a
        legal hold, an open case, retention still running) refuses it unless
        `override_reason` says why it must go now."""
        reason = values.text(reason, "reason", required=True)
        override = values.text(override_reason, "override_reason")
        blockers = self._erasure_blockers(now, retention)
        if blockers and not override:
            raise refuse(
                "erasure-allowed",
                "; ".join(blockers) + ": give an override reason to erase it now",
            )
        self.trigger_event(
            self.ErasureRequested, reason=reason, override_reason=override,
            overridden="; ".join(blockers) if override else "",
        )  # fmt: skip

    def _erasure_blockers(self, now: datetime, retention: timedelta) -> list[str]:
        blockers = []
        if self.legal_hold is not None:
            blockers.append("the case is under a legal hold")
        if self.is_open:
            blockers.append("the case is open")
        else:
            closed_at = datetime.fromisoformat(
                self.recorded_at[self.closures[-1].version - 1]
            )
            if now < closed_at + retention:
                ends = closed_at + retention
                blockers.append(f"its retention runs until {ends:%Y-%m-%d}")
        return blockers

    class ErasureRequested(CaseEvent):
        reason: str
        override_reason: str
        overridden: str
        """What the override set aside (empty when nothing stood in the way)."""

        def apply(self, aggregate: Any) -> None:
            aggregate.erasure_request = ErasureRequest(
                self.originator_version, self.actor_id, self.reason,
                self.override_reason,
            )  # fmt: skip

    def confirm_erasure(self, confirmer_id: str, confirmer_role: Role) -> None:
        """The second person's confirmation: the text goes."""
        request = self.erasure_request
        if request is None:
            raise refuse("erasure-requested", "no erasure of this case was asked for")
        if confirmer_id == request.requested_by:
            raise refuse(
                "erasure-second-person",
                "whoever asked for the erasure cannot also confirm it",
            )
        if confirmer_role not in CONFIRMERS:
            raise refuse(
                "erasure-confirmer-role", "only an admin or an auditor confirms erasure"
            )
        self._erase(requested_version=request.version)

    class CaseErased(CaseEvent):
        requested_version: int

    @event(CaseErased)
    def _erase(self, requested_version: int) -> None:
        self.erased = True
        self.is_open = False
        self.erasure_request = None
        for name, held in list(vars(self).items()):
            if isinstance(held, list) and held and dataclasses.is_dataclass(held[0]):
                setattr(self, name, [_without_text(entry) for entry in held])


def _without_text(entry: Any) -> Any:
    """The entry with its free text erased; everything else as it was."""
    changes: dict[str, Any] = {}
    for field in dataclasses.fields(entry):
        value = getattr(entry, field.name)
        if field.name in TEXT_FIELDS and isinstance(value, str) and not isinstance(
            value, Enum
        ):
            changes[field.name] = ERASED if value else value
        elif field.name == "basic_id_notes":
            changes[field.name] = {m: ERASED if n else n for m, n in value.items()}
    return dataclasses.replace(entry, **changes) if changes else entry
