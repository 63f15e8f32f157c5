"""What every per-case read model is built from: a case as it stands after a batch."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol, cast
from uuid import UUID

from eventsourcing.domain import DomainEventProtocol
from eventsourcing.persistence import Notification
from eventsourcing.utils import TopicError, resolve_topic

from domain.case import Case
from domain.case_view import plan_of
from domain.catalogue import Catalogue
from domain.chain import ChainKeys
from domain.coherence import Coherence
from domain.free_text import TextCipher
from domain.plan import Plan
from domain.reports import coherence_report, plan_report

Row = dict[str, Any]


class Log(Protocol):
    """The application's notification log, as the projector reads it."""

    def select_notifications(
        self, start: int | None, limit: int, stop: int | None = None
    ) -> Sequence[Notification]: ...

    def max_notification_id(self) -> int | None: ...


class Decoder(Protocol):
    def to_domain_event(self, stored: Notification) -> DomainEventProtocol[UUID]: ...


class Source(Protocol):
    """What a projector needs of the application: its log, how to decode a
    notification, how to load a case at a version, and how to judge a plan."""

    catalogue: Catalogue

    @property
    def chain_keys(self) -> ChainKeys: ...

    @property
    def text_cipher(self) -> TextCipher: ...

    @property
    def recorder(self) -> Log: ...

    @property
    def mapper(self) -> Decoder: ...

    def load_case(
        self, case_id: UUID, version: int | None = None, *, from_store: bool = False
    ) -> Case: ...

    def intact_part(self, case_id: UUID) -> Case | None: ...

    def coherence(self, plan: Plan) -> Coherence: ...


@dataclass(frozen=True)
class CaseState:
    case_id: UUID
    plan: Plan
    report: dict[str, Any]
    coherence: dict[str, Any]
    last_activity: datetime
    chain: str
    """The chain value of the case's latest version, as stored."""
    erased: bool = False
    """Its text was erased: the report holds none any more."""

    @property
    def version(self) -> int:
        return self.plan.version

    @property
    def status(self) -> str:
        return "open" if self.plan.is_open else "closed"

    @property
    def coherence_status(self) -> str:
        return str(self.coherence["status"])


def state_of(case: Case, source: Source) -> CaseState:
    """Plan, report and coherence, computed by the same functions the API uses."""
    plan = plan_of(case)
    return CaseState(
        case_id=case.id,
        plan=plan,
        report=plan_report(plan, source.catalogue),
        coherence=coherence_report(source.coherence(plan)),
        last_activity=case.modified_on,
        chain=case.chain_values[-1],
        erased=case.erased,
    )


def is_case_event(topic: str) -> bool:
    """Whether a stored event of this topic is a case's (the log also holds
    the accounts'), without decoding it."""
    try:
        kind = resolve_topic(topic)
    except TopicError:
        return True  # unreadable: let loading the case say what is wrong
    return isinstance(kind, type) and issubclass(kind, Case.Event)


def case_versions(notifications: Sequence[Notification]) -> dict[UUID, int]:
    """The version each case reaches in these notifications, read from their
    metadata alone."""
    return {
        cast(UUID, n.originator_id): n.originator_version
        for n in notifications
        if is_case_event(n.topic)
    }
