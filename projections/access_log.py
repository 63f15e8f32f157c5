"""The access log: who read which case, at which version, when.

Reads are not events, so this table is a primary record kept beside the read
models, on its own metadata: a rebuild of the read models never drops it.
Each row is sealed to the one before with the integrity key (`domain.chain`),
so an edited, inserted or removed row is found by `verify`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from sqlalchemy import (
    BigInteger,
    Column,
    Engine,
    Integer,
    MetaData,
    RowMapping,
    String,
    Table,
    Uuid,
    func,
    insert,
    select,
)

from adapters.database import writing, writing_on_the_driver
from adapters.driver import DriverStatement
from domain.chain import GENESIS, ChainKeys, canonical_content, seal, seal_problem
from projections.schema import UtcDateTime, create_tables

access_metadata = MetaData()

access_log = Table(
    "access_log",
    access_metadata,
    Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True,
           autoincrement=True),
    Column("case_id", Uuid, nullable=True, index=True),
    Column("version", Integer, nullable=True),
    Column("actor_id", String(64), nullable=False, index=True),
    Column("actor_role", String(16), nullable=False),
    Column("what", String(64), nullable=False),
    Column("correlation_id", String(128), nullable=False),
    Column("at", UtcDateTime, nullable=False, index=True),
    Column("seal", String(80), nullable=False),
)  # fmt: skip
SEALED = ("case_id", "version", "actor_id", "actor_role", "what",
          "correlation_id", "at")  # fmt: skip
APPEND_LOCK = 0x61636365  # "acce": rows are sealed one after another
LAST_SEAL = select(access_log.c.seal).order_by(access_log.c.id.desc()).limit(1)
APPEND = insert(access_log)
APPENDED = (*SEALED, "seal")


@dataclass(frozen=True)
class AccessLogReport:
    """Whether every row of the access log is as it was written."""

    intact: bool
    rows_checked: int
    first_broken_id: int | None = None
    reason: str = ""


def _content(row: Mapping[str, Any] | RowMapping) -> bytes:
    return canonical_content("AccessLogged", {name: row[name] for name in SEALED})


@dataclass(frozen=True)
class AccessPage:
    items: list[dict[str, Any]]
    total: int
    limit: int
    offset: int


class AccessLog:
    """Appends one row per read of clinical or audit content."""

    def __init__(self, engine: Engine, keys: ChainKeys) -> None:
        self.engine = engine
        self.keys = keys
        create_tables(engine, access_metadata)
        self.on_the_driver: tuple[DriverStatement, DriverStatement] | None = None
        if engine.dialect.name == "sqlite":  # adapters.driver: what it is worth
            self.on_the_driver = (
                DriverStatement(LAST_SEAL, engine.dialect),
                DriverStatement(APPEND, engine.dialect, column_keys=list(APPENDED)),
            )

    def record(
        self,
        *,
        case_id: UUID | None,
        version: int | None,
        actor_id: str,
        actor_role: str,
        what: str,
        correlation_id: str,
    ) -> None:
        """One row, committed before the read is answered."""
        row = {"case_id": case_id, "version": version, "actor_id": actor_id,
               "actor_role": actor_role, "what": what,
               "correlation_id": correlation_id, "at": datetime.now(UTC)}  # fmt: skip
        content = _content(row)  # made before the write lock: only the seal waits
        if self.on_the_driver is not None:
            last_seal, append = self.on_the_driver
            with writing_on_the_driver(self.engine) as driver:
                last = last_seal.first(driver, {}) or {"seal": GENESIS}
                row["seal"] = seal(self.keys, last["seal"], content)
                append.run(driver, row)
            return
        with writing(self.engine) as connection:  # PostgreSQL: rows one at a time
            connection.execute(select(func.pg_advisory_xact_lock(APPEND_LOCK)))
            previous = connection.execute(LAST_SEAL).scalar_one_or_none() or GENESIS
            row["seal"] = seal(self.keys, previous, content)
            connection.execute(APPEND, row)

    def verify(self) -> AccessLogReport:
        """Walk every row in order, checking each seal against the row before."""
        previous, checked = GENESIS, 0
        with self.engine.connect() as connection:
            rows = connection.execute(select(access_log).order_by(access_log.c.id))
            for row in rows.mappings():
                problem = seal_problem(self.keys, previous, _content(row), row["seal"])
                if problem is not None:
                    return AccessLogReport(False, checked, row["id"], problem)
                previous, checked = row["seal"], checked + 1
        return AccessLogReport(True, checked)

    def entries(
        self,
        *,
        case_id: UUID | None = None,
        actor_id: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        limit: int = 100,
        offset: int = 0,
    ) -> AccessPage:
        """Reads in the order they happened, by case, by reader and/or in
        [since, until)."""
        query = select(access_log)
        if case_id is not None:
            query = query.where(access_log.c.case_id == case_id)
        if actor_id is not None:
            query = query.where(access_log.c.actor_id == actor_id)
        if since is not None:
            query = query.where(access_log.c.at >= since)
        if until is not None:
            query = query.where(access_log.c.at < until)
        limit, offset = max(1, min(limit, 500)), max(0, offset)
        with self.engine.connect() as connection:
            total = connection.execute(
                select(func.count()).select_from(query.subquery())
            ).scalar_one()
            rows = connection.execute(
                query.order_by(access_log.c.id).limit(limit).offset(offset)
            )
            items = [dict(row._mapping) for row in rows]
        return AccessPage(items, int(total), limit, offset)

    def every_entry(self, case_id: UUID) -> list[dict[str, Any]]:
        """Every read of one case, oldest first (for an export)."""
        query = (
            select(access_log)
            .where(access_log.c.case_id == case_id)
            .order_by(access_log.c.id)
        )
        with self.engine.connect() as connection:
            return [dict(row._mapping) for row in connection.execute(query)]
