"""Reads for the web layer: cheap lookups in the read models, as plain data."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import Engine, Select, bindparam, func, select

from domain.chain import ChainKeys
from domain.free_text import TextCipher
from projections import quarantine
from projections.audit import audit
from projections.case_lookup import CaseLookup, CaseLookups
from projections.caseloads import caseloads
from projections.heads import heads
from projections.plans import CurrentPlan, plans
from projections.positions import read
from projections.projector import Projector
from projections.supervision import supervision

MAX_LIMIT = 500
CURRENT = select(plans).where(plans.c.case_id == bindparam("case_id"))


@dataclass(frozen=True)
class Page:
    items: list[dict[str, Any]]
    total: int
    limit: int
    offset: int


class ReadModels:
    """Answers the web layer's reads from the projection tables."""

    def __init__(
        self,
        engine: Engine,
        keys: ChainKeys,
        cipher: TextCipher,
        projection: str = Projector.name,
    ) -> None:
        self.engine = engine
        self.keys = keys
        self.cipher = cipher
        self.projection = projection
        self.lookups = CaseLookups(engine, keys, cipher)

    def position(self) -> int:
        """The last notification id every read model reflects."""
        with self.engine.connect() as connection:
            return read(connection, self.projection)

    def wait_for(
        self, notification_id: int, timeout: float = 5.0, interval: float = 0.05
    ) -> bool:
        """Whether the read models reached a command's notification in time."""
        deadline = time.monotonic() + timeout
        while self.position() < notification_id:
            if time.monotonic() >= deadline:
                return False
            time.sleep(interval)
        return True

    def current(self, case_id: UUID) -> CurrentPlan | None:
        """The plan read model's row of a case, or None if it has no such case."""
        with self.engine.connect() as connection:
            found = connection.execute(CURRENT, {"case_id": case_id}).mappings().first()
        return CurrentPlan.read(found, self.keys, self.cipher) if found else None

    def lookup(self, case_id: UUID) -> CaseLookup:
        """What a request on a case needs first: its plan row (checked), and
        whether it is quarantined."""
        return self.lookups.lookup(case_id)

    def quarantined(self, case_id: UUID) -> quarantine.Finding | None:
        """Where and why the case is quarantined, and who it is for."""
        with self.engine.connect() as connection:
            return quarantine.finding(connection, case_id)

    def quarantined_count(self) -> int:
        with self.engine.connect() as connection:
            return quarantine.count(connection)

    def plan(self, case_id: UUID) -> dict[str, Any] | None:
        """The plan report of a case, or None if the read model has no such case
        (`RowTampered` if its row is not as written)."""
        found = self.current(case_id)
        return found.report if found else None

    def chain_witness(self, case_id: UUID) -> dict[int, str]:
        """The chain value of each version as the audit trail recorded it, and
        of the furthest version ever projected, which survives rebuilds: the
        audit trail alone, rebuilt from a log cut short, would not know it."""
        trail = select(audit.c.version, audit.c.chain).where(audit.c.case_id == case_id)
        head = select(heads.c.version, heads.c.chain).where(heads.c.case_id == case_id)
        with self.engine.connect() as connection:
            witness = {version: chain for version, chain in connection.execute(trail)}
            for version, chain in connection.execute(head):
                witness[version] = chain  # the kept head wins
        return witness

    def coherence(self, case_id: UUID) -> dict[str, Any] | None:
        """Status, policy version, version and findings of a case."""
        found = self.current(case_id)
        if found is None:
            return None
        return {"version": found.version, **found.coherence}

    def caseload(
        self,
        clinician_id: str,
        *,
        status: str | None = None,
        coherence_status: str | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> Page:
        """A clinician's cases, most recently active first."""
        return self.cases(
            clinician_id=clinician_id, status=status,
            coherence_status=coherence_status, limit=limit, offset=offset,
        )  # fmt: skip

    def cases(
        self,
        *,
        clinician_id: str | None = None,
        supervisor_id: str | None = None,
        client_ref: str | None = None,
        status: str | None = None,
        coherence_status: str | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> Page:
        """Caseload rows (no clinical text), most recently active first: of the
        cases a clinician treats, or a supervisor supervises, or, naming
        neither, of every case."""
        query = select(caseloads)
        if clinician_id is not None:
            query = query.where(caseloads.c.clinician_id == clinician_id)
        if supervisor_id is not None:
            supervised = select(supervision.c.case_id).where(
                supervision.c.supervisor_id == supervisor_id
            )
            query = query.where(caseloads.c.case_id.in_(supervised))
        if client_ref is not None:
            query = query.where(caseloads.c.client_ref == client_ref)
        if status is not None:
            query = query.where(caseloads.c.status == status)
        if coherence_status is not None:
            query = query.where(caseloads.c.coherence_status == coherence_status)
        order = (caseloads.c.last_activity.desc(), caseloads.c.case_id)
        return self._page(query, order, limit, offset)

    def supervision_queue(
        self,
        supervisor_id: str,
        *,
        waiting_only: bool = True,
        limit: int = 50,
        offset: int = 0,
    ) -> Page:
        """A supervisor's cases with reviews to sign or SUP-PENDING work first."""
        query = select(supervision).where(supervision.c.supervisor_id == supervisor_id)
        if waiting_only:
            query = query.where(supervision.c.needs_attention.is_(True))
        order = (
            supervision.c.needs_attention.desc(),
            supervision.c.last_activity.desc(),
            supervision.c.case_id,
        )
        return self._page(query, order, limit, offset)

    def audit_trail(
        self,
        *,
        case_id: UUID | None = None,
        actor_id: str | None = None,
        event_type: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        limit: int = 100,
        offset: int = 0,
    ) -> Page:
        """Audit rows by case (in version order), by actor, by event type and/or
        in [since, until) (in time order)."""
        query = select(audit)
        if case_id is not None:
            query = query.where(audit.c.case_id == case_id)
        if actor_id is not None:
            query = query.where(audit.c.actor_id == actor_id)
        if event_type is not None:
            query = query.where(audit.c.event_type == event_type)
        if since is not None:
            query = query.where(audit.c.timestamp >= since)
        if until is not None:
            query = query.where(audit.c.timestamp < until)
        if case_id is not None:
            order: tuple[Any, ...] = (audit.c.version,)
        else:
            order = (audit.c.timestamp, audit.c.notification_id)
        return self._page(query, order, limit, offset)

    def _page(self, query: Select[Any], order: tuple[Any, ...], limit: int,
              offset: int) -> Page:  # fmt: skip
        limit = max(1, min(limit, MAX_LIMIT))
        offset = max(0, offset)
        counted = select(func.count()).select_from(query.subquery())
        with self.engine.connect() as connection:
            total = int(connection.execute(counted).scalar_one())
            rows = connection.execute(
                query.order_by(*order).limit(limit).offset(offset)
            )
            items = [_plain(row._mapping) for row in rows]
        return Page(items, total, limit, offset)


def _plain(row: Any, omit: tuple[str, ...] = ()) -> dict[str, Any]:
    return {key: value for key, value in row.items() if key not in omit}
