"""The Case's supervisors and its closing and reopening."""

from __future__ import annotations

from eventsourcing.domain import event

from domain import entries, values
from domain.case_state import CaseEvent, CaseState, refuse
from domain.vocabulary import ClosingReason, member


class SupervisorsAndClosing(CaseState):
    """Who supervises the case, and whether it is open."""

    def assign_supervisor(self, supervisor_id: str) -> None:
        supervisor_id = values.identifier(supervisor_id, "supervisor_id")
        if supervisor_id in self.supervisor_ids:
            raise refuse(
                "supervisor-new", f"{supervisor_id!r} already supervises this case"
            )
        self._assign_supervisor(supervisor_id=supervisor_id)

    class SupervisorAssigned(CaseEvent):
        supervisor_id: str

    @event(SupervisorAssigned)
    def _assign_supervisor(self, supervisor_id: str) -> None:
        self.supervisor_ids = sorted({*self.supervisor_ids, supervisor_id})

    def remove_supervisor(self, supervisor_id: str) -> None:
        self._check_supervisor(supervisor_id)
        self._remove_supervisor(supervisor_id=supervisor_id)

    class SupervisorRemoved(CaseEvent):
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

    class CaseClosed(CaseEvent):
        reason: str
        summary: str
        FREE_TEXT = ("summary",)  # the reason is a word of ClosingReason

    @event(CaseClosed)
    def _close(self, reason: str, summary: str) -> None:
        self.is_open = False
        self.closures.append(
            entries.Closure(self._next_version(), member(ClosingReason, reason))
        )

    def reopen(self, reason: str, summary: str = "") -> None:
        if self.is_open:
            raise refuse(
                "case-closed", "the case is open; only a closed case can be reopened"
            )
        self._reopen(
            reason=values.text(reason, "reason", required=True),
            summary=values.text(summary, "summary"),
        )

    class CaseReopened(CaseEvent):
        reason: str
        summary: str
        FREE_TEXT = ("reason", "summary")

    @event(CaseReopened)
    def _reopen(self, reason: str, summary: str) -> None:
        self.is_open = True
