"""What every per-case read model is built from: a case as it stands after a batch."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol
from uuid import UUID

from sqlalchemy import Table, delete, insert
from sqlalchemy.engine import Connection

from application.reports import coherence_report, plan_report
from domain.case import Case
from domain.case_view import plan_of
from domain.catalogue import Catalogue
from domain.coherence import Coherence
from domain.plan import Plan


class Assessor(Protocol):
    """The part of the application a projector needs to judge a plan."""

    catalogue: Catalogue

    def coherence(self, plan: Plan) -> Coherence: ...


@dataclass(frozen=True)
class CaseState:
    case_id: UUID
    plan: Plan
    report: dict[str, Any]
    coherence: dict[str, Any]
    last_activity: datetime

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
    )


def replace_rows(
    connection: Connection,
    table: Table,
    states: Sequence[CaseState],
    rows: list[dict[str, Any]],
) -> None:
    """Swap the rows of these cases for fresh ones: a rerun changes nothing."""
    ids = [state.case_id for state in states]
    connection.execute(delete(table).where(table.c.case_id.in_(ids)))
    if rows:
        connection.execute(insert(table), rows)
