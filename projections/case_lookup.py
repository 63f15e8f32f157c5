"""What a request on a case reads first: its plan row, checked, and whether
the case is quarantined, in one query."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple
from uuid import UUID

from sqlalchemy import Engine, bindparam, select

from adapters.driver import DriverStatement, on_the_driver
from domain.chain import ChainKeys
from domain.free_text import TextCipher
from projections import quarantine
from projections.plans import CurrentPlan, RowTampered, plans

LOOKUP = (
    select(
        plans,
        *(
            quarantine.quarantine.c[name].label(f"q_{name}")
            for name in quarantine.Finding._fields
        ),
    )
    .select_from(
        plans.outerjoin(
            quarantine.quarantine, quarantine.quarantine.c.case_id == plans.c.case_id
        )
    )
    .where(plans.c.case_id == bindparam("case_id"))
)


class CaseLookup(NamedTuple):
    plan: CurrentPlan | None
    """The plan row, once its seal holds; None if missing or not as written."""
    tampered: RowTampered | None
    """Why the row is not as the projector wrote it, if it is not."""
    finding: quarantine.Finding | None
    """Why the case is quarantined, if it is."""
    seal: str | None = None
    """The seal of `plan`'s row: it stands for everything the row holds."""


class CaseLookups:
    """Reads a case's `CaseLookup`: on the embedded store's driver connection
    (`adapters.driver`, which says what that is worth), else through Core."""

    def __init__(self, engine: Engine, keys: ChainKeys, cipher: TextCipher) -> None:
        self.engine = engine
        self.keys = keys
        self.cipher = cipher
        self.on_the_driver: DriverStatement | None = None
        if engine.dialect.name == "sqlite":  # adapters.driver: what it is worth
            self.on_the_driver = DriverStatement(LOOKUP, engine.dialect)

    def lookup(self, case_id: UUID) -> CaseLookup:
        found = self._plan_row(case_id)
        if found is None:  # no plan row: unknown, or quarantined unread
            with self.engine.connect() as connection:
                return CaseLookup(None, None, quarantine.finding(connection, case_id))
        finding = None
        if found["q_reason"] is not None:
            finding = quarantine.Finding(
                found["q_version"], found["q_reason"], found["q_clinician_id"] or "",
                list(found["q_supervisor_ids"]),
            )  # fmt: skip
        try:
            plan = CurrentPlan.read(found, self.keys, self.cipher)
            return CaseLookup(plan, None, finding, found["seal"])
        except RowTampered as tampered:
            return CaseLookup(None, tampered, finding)

    def _plan_row(self, case_id: UUID) -> Mapping[Any, Any] | None:
        """The case's plan row, with its quarantine's columns (`q_…`)."""
        if self.on_the_driver is not None:
            with on_the_driver(self.engine) as driver:
                return self.on_the_driver.first(driver, {"case_id": case_id})
        with self.engine.connect() as connection:
            return connection.execute(LOOKUP, {"case_id": case_id}).mappings().first()
