"""What every per-case read model is built from: a case as it stands after a batch."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol
from uuid import UUID

from domain.reports import coherence_report, plan_report
from application.settings import Settings
from domain.case import Case
from domain.case_view import plan_of
from domain.catalogue import Catalogue
from domain.coherence import Coherence
from domain.plan import Plan


class Assessor(Protocol):
    """The part of the application a projector needs to judge a plan."""

    catalogue: Catalogue

    def coherence(self, plan: Plan) -> Coherence: ...


class Source(Assessor, Protocol):
    """What a projector reads: the application's log, mapper and repository."""

    @property
    def settings(self) -> Settings: ...
    @property
    def recorder(self) -> Any: ...
    @property
    def mapper(self) -> Any: ...
    @property
    def repository(self) -> Any: ...
    @property
    def snapshotting_intervals(self) -> Any: ...

    def reopened(self) -> Source:
        """The same source on connections of its own, for a forked process."""
        ...

    def close(self) -> None: ...


@dataclass(frozen=True)
class CaseState:
    case_id: UUID
    plan: Plan
    report: dict[str, Any]
    coherence: dict[str, Any]
    last_activity: datetime
    chain: str
    """The chain value of the case's latest version, as stored."""

    @property
    def version(self) -> int:
        return self.plan.version

    @property
    def status(self) -> str:
        return "open" if self.plan.is_open else "closed"

    @property
    def coherence_status(self) -> str:
        return str(self.coherence["status"])


def state_of(case: Case, assessor: Assessor) -> CaseState:
    """Plan, report and coherence, computed by the same functions the API uses."""
    plan = plan_of(case)
    return CaseState(
        case_id=case.id,
        plan=plan,
        report=plan_report(plan, assessor.catalogue),
        coherence=coherence_report(assessor.coherence(plan)),
        last_activity=case.modified_on,
        chain=case.chain_values[-1],
    )
