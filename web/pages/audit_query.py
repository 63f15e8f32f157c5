"""The auditor's cross-case queries: changes (the audit trail) and reads (the
access log), filtered by any of time, actor, role, type and case, sorted by
any column and paged. Written here over the existing read-model tables,
because `ReadModels.audit_trail` and `AccessLog.entries` filter by neither
role nor sort by anything but time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import ColumnElement, Table, func, select

from projections.access_log import access_log
from projections.audit import audit
from projections.caseloads import caseloads


@dataclass(frozen=True)
class Column:
    key: str
    heading: str


@dataclass(frozen=True)
class View:
    """One of the two listings: its table, its columns and their names there."""

    key: str
    title: str
    table: Table
    columns: tuple[Column, ...]
    names: dict[str, str]
    """Column key -> the table's column name (`case` sorts by client ref)."""
    default_sort: str
    tiebreak: str


COLUMNS_CHANGES = (
    Column("when", "When (UTC)"), Column("who", "Who"), Column("role", "Role"),
    Column("type", "Event type"), Column("case", "Case"),
    Column("version", "Version"), Column("correlation", "Correlation id"),
)  # fmt: skip
COLUMNS_READS = (
    Column("when", "When (UTC)"), Column("who", "Who"), Column("role", "Role"),
    Column("type", "Read"), Column("case", "Case"),
    Column("version", "Version"), Column("correlation", "Correlation id"),
)  # fmt: skip
VIEWS = {
    "changes": View(
        "changes", "Changes", audit, COLUMNS_CHANGES,
        {"when": "timestamp", "who": "actor_id", "role": "actor_role",
         "type": "event_type", "version": "version",
         "correlation": "correlation_id"},
        "when", "notification_id",
    ),
    "reads": View(
        "reads", "Reads", access_log, COLUMNS_READS,
        {"when": "at", "who": "actor_id", "role": "actor_role", "type": "what",
         "version": "version", "correlation": "correlation_id"},
        "when", "id",
    ),
}  # fmt: skip


@dataclass(frozen=True)
class Filters:
    since: datetime | None = None
    until: datetime | None = None
    actor_id: str | None = None
    role: str | None = None
    kind: str | None = None
    case_id: UUID | None = None


@dataclass(frozen=True)
class Listing:
    rows: list[dict[str, Any]]
    total: int
    offset: int
    limit: int


def kinds(engine: Any, view: View) -> list[str]:
    """The event types (or kinds of read) recorded so far, in name order."""
    column = view.table.c[view.names["type"]]
    with engine.connect() as connection:
        found = connection.execute(select(column).distinct().order_by(column))
        return [value for (value,) in found]


def listing(
    engine: Any, view: View, filters: Filters, sort: str, descending: bool,
    limit: int, offset: int,
) -> Listing:  # fmt: skip
    """One page of rows with their case's client reference, and the total."""
    table = view.table
    conditions: list[ColumnElement[bool]] = []
    if filters.since is not None:
        conditions.append(table.c[view.names["when"]] >= filters.since)
    if filters.until is not None:
        conditions.append(table.c[view.names["when"]] < filters.until)
    if filters.actor_id:
        conditions.append(table.c.actor_id == filters.actor_id)
    if filters.role:
        conditions.append(table.c.actor_role == filters.role)
    if filters.kind:
        conditions.append(table.c[view.names["type"]] == filters.kind)
    if filters.case_id is not None:
        conditions.append(table.c.case_id == filters.case_id)
    joined = table.outerjoin(caseloads, caseloads.c.case_id == table.c.case_id)
    query = (
        select(table, caseloads.c.client_ref.label("client_ref"))
        .select_from(joined)
        .where(*conditions)
    )
    if sort == "case":
        key: Any = func.coalesce(caseloads.c.client_ref, "")
    else:
        key = table.c[view.names[sort]]
    order = [key.desc() if descending else key.asc()]
    tiebreak = table.c[view.tiebreak]
    order.append(tiebreak.desc() if descending else tiebreak.asc())
    counted = select(func.count()).select_from(table).where(*conditions)
    with engine.connect() as connection:
        total = int(connection.execute(counted).scalar_one())
        found = connection.execute(query.order_by(*order).limit(limit).offset(offset))
        rows = [_row(view, dict(row._mapping)) for row in found]
    return Listing(rows, total, offset, limit)


def _row(view: View, row: dict[str, Any]) -> dict[str, Any]:
    """The columns shown, by key; never a summary or any other text."""
    shown = {key: row[name] for key, name in view.names.items()}
    shown["case_id"], shown["case"] = row["case_id"], row["client_ref"]
    return shown


def case_by_reference(engine: Any, reference: str) -> UUID | None:
    """A case's id from its id or its client reference; None if no such case."""
    try:
        return UUID(reference)
    except ValueError:
        pass
    query = select(caseloads.c.case_id).where(caseloads.c.client_ref == reference)
    with engine.connect() as connection:
        return connection.execute(query.limit(1)).scalar_one_or_none()
