"""What every part of the Case aggregate shares: its state and common guards."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from eventsourcing.domain import Aggregate, CanMutateAggregate, CommandMethodDecorator

from domain import entries
from domain.exceptions import InvariantViolated
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

if TYPE_CHECKING:  # the parts only ever run as the Case, an Aggregate
    _Part = Aggregate
else:
    _Part = object


def refuse(rule: str, message: str) -> InvariantViolated:
    return InvariantViolated(rule, message)


class CaseEvent(SealedEvent):
    """What every event of a part derives from (to mypy, the Case's `Event`)."""

    FREE_TEXT: ClassVar[tuple[str, ...]] = ()
    """Paths of the clinical free text the event holds, encrypted at rest
    (`domain.free_text`)."""


class CaseState(_Part):
    """The state a case holds (set in `Case.__init__`, kept in snapshots), which
    each part of the aggregate reads and changes.

    The parts (domain/case_*.py) declare their events and `@event` methods as if
    in the Case's own body; `__init_subclass__` hands them to the Case before
    eventsourcing defines its event classes, which therefore stay the Case's own:
    `domain.case:Case.TechniqueAdded`, the topics the store holds."""

    client_ref: str
    clinician_id: str
    supervisor_ids: list[str]
    strategy: str
    home_orientation: str | None
    integrated_schools: list[str]
    is_open: bool
    phase: str
    chain_values: list[str]
    kinds: list[str]
    recorded_at: list[str]
    assessments: list[Assessment]
    goals: list[Goal]
    techniques: list[TechniqueUse]
    rationales: list[Rationale]
    phase_changes: list[PhaseChange]
    sessions: list[SessionRecord]
    alliance: list[Measure]
    outcomes: list[Measure]
    notes: list[entries.SupervisionNote]
    review_requests: list[int]
    signatures: list[entries.SignatureEntry]
    corrections: list[entries.Correction]
    closures: list[entries.Closure]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        if issubclass(cls, Aggregate):
            _adopt_parts(cls)
        super().__init_subclass__(**kwargs)

    def _check_open(self) -> None:
        if not self.is_open:
            raise refuse(
                "case-open", "the case is closed; reopen it before changing the plan"
            )

    def _check_goals_exist(self, goal_ids: list[str]) -> None:
        known = {g.goal_id for g in self.goals}
        for goal_id in goal_ids:
            if goal_id not in known:
                raise refuse(
                    "goal-exists", f"goal {goal_id!r} has not been agreed in this case"
                )

    def _check_supervisor(self, supervisor_id: str) -> None:
        if supervisor_id not in self.supervisor_ids:
            raise refuse(
                "author-is-supervisor",
                f"{supervisor_id!r} does not supervise this case",
            )

    def _check_version_exists(self, version: int, field_name: str) -> None:
        if not 1 <= version <= self.version:
            raise refuse(
                "version-exists",
                f"{field_name}: version {version} does not exist"
                f" (the case is at version {self.version})",
            )

    def active_technique_ids(self) -> list[str]:
        return [t.technique for t in self.techniques if t.active]

    def _next_version(self) -> int:
        return int(self.version) + 1


def _adopt_parts(aggregate: type) -> None:
    """Copy the event classes and `@event` methods of the aggregate's direct
    parts into its own namespace: eventsourcing reads only that namespace, and
    so names each event class after the aggregate and its module. A subclass of
    the aggregate adopts nothing (its bases are not parts), as it inherited."""
    for part in aggregate.__bases__:
        if not issubclass(part, CaseState) or issubclass(part, Aggregate):
            continue
        for name, value in vars(part).items():
            is_event = isinstance(value, type) and issubclass(value, CanMutateAggregate)
            if not (is_event or isinstance(value, CommandMethodDecorator)):
                continue
            if name in vars(aggregate):
                raise TypeError(
                    f"{aggregate.__name__} and {part.__name__} define {name}"
                )
            setattr(aggregate, name, value)
