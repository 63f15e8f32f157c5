"""The projector: applies the log's events to every read model, exactly once."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import partial
from itertools import islice
from typing import NamedTuple, cast
from uuid import UUID

from eventsourcing.persistence import MapperDeserialisationError, Notification
from eventsourcing.utils import TopicError
from sqlalchemy import Engine, Table, bindparam, delete, insert
from sqlalchemy.engine import Connection

from adapters.database import writing
from adapters.event_store import settled_head
from domain.case import Case
from domain.exceptions import CaseNotFound, HistoryDamaged
from projections import (
    audit,
    caseloads,
    heads,
    plans,
    positions,
    quarantine,
)
from projections import supervision as supervision_model
from projections.schema import (
    create_tables,
    inserts_ignoring,
    recreate_read_models,
    upserts,
)
from projections.state import (
    CaseState,
    Row,
    Source,
    case_versions,
    state_of,
)

RowsOf = Callable[[CaseState], list[Row]]
PER_CASE_TABLES: tuple[tuple[Table, RowsOf], ...] = (
    (caseloads.caseloads, caseloads.rows),
    (supervision_model.supervision, supervision_model.rows),
)
"""Each table that shows a case's state, and its rows for a case (and the
plans, whose rows are sealed with the integrity key: `Projector.tables`)."""

_UPSERT = {table.name: upserts(table) for table in (plans.plans, caseloads.caseloads)}
"""The tables with one row per case, written over."""
_DELETE = {
    table.name: delete(table).where(
        table.c.case_id.in_(bindparam("ids", expanding=True))
    )
    for table in (supervision_model.supervision,)
}
_INSERT = {name: insert(statement.table) for name, statement in _DELETE.items()}
"""The tables with a row per supervisor, or none: a case's rows are replaced."""
_AUDIT = inserts_ignoring(audit.audit)
"""A redelivered event's audit row is already there."""

CASES_A_WRITE = 500
"""Cases whose rows a rebuild writes at once: bounds its memory, whatever the
number of cases."""

Progress = Callable[[str, int, int], None]
"""Called with (what is counted, done, total) as a rebuild goes."""


class Batch(NamedTuple):
    applied: int
    """Notifications beyond the stored position, now applied."""
    position: int
    """The position stored when the batch committed."""


class Projector:
    """Keeps every read model exactly once per event.

    A batch is one transaction: it locks the stored position, reads the
    notifications after it, writes an audit row per event and each touched
    case's rows as the case stands at the batch's end, and stores the last
    notification id read. A redelivered or concurrent batch changes nothing.
    """

    name = "readmodels"

    def __init__(self, source: Source, engine: Engine, *, batch_size: int = 500):
        self.source = source
        self.engine = engine
        self.batch_size = batch_size
        self.tables: tuple[tuple[Table, RowsOf], ...] = (
            (
                plans.plans,
                partial(plans.rows, keys=source.chain_keys, cipher=source.text_cipher),
            ),
            *PER_CASE_TABLES,
        )

    def setup(self) -> None:
        create_tables(self.engine)
        positions.ensure(self.engine, self.name)

    def position(self) -> int:
        with self.engine.connect() as connection:
            return positions.read(connection, self.name)

    def advance(self, in_hand: Mapping[UUID, Case] | None = None) -> Batch:
        """Apply up to `batch_size` notifications after the stored position.

        `in_hand`: cases the caller holds at their latest version (just saved),
        used instead of loading them again from the store."""
        head = settled_head(self.source.recorder)
        with writing(self.engine) as connection:
            position = positions.lock(connection, self.name)
            if head is not None and head <= position:
                return Batch(0, position)
            page = self.source.recorder.select_notifications(
                position + 1, self.batch_size, stop=head
            )
            if not page:
                return Batch(0, position)
            latest = self._audit(connection, page)
            states = self._states(connection, latest, in_hand or {})
            self._write_cases(connection, states)
            positions.move(connection, self.name, page[-1].id)
        return Batch(len(page), page[-1].id)

    def rebuild(self, progress: Progress | None = None, page_size: int = 2000) -> int:
        """Drop every read model and replay the log as it stands into fresh
        tables, in one transaction: readers keep the old read models until it
        commits, and a failed rebuild leaves them untouched. The kept audit
        trail gets the rows it lacks. Returns how many notifications it read."""
        report = progress or (lambda _what, _done, _total: None)
        self.setup()
        log = self.source.recorder
        target = settled_head(log) or log.max_notification_id() or 0
        read, latest = 0, {}
        with writing(self.engine) as connection:
            positions.lock(connection, self.name)
            recreate_read_models(connection)
            audited = audit.last_notification(connection)
            position = 0
            while position < target:
                page = log.select_notifications(position + 1, page_size, stop=target)
                if not page:
                    break
                # The kept audit trail has rows up to `audited` already: the
                # rest of the page is decoded for its rows.
                seen = [n for n in page if n.id <= audited]
                latest.update(case_versions(seen))
                latest.update(self._audit(connection, page[len(seen) :]))
                read, position = read + len(page), page[-1].id
                report("events", position, target)
            cases = iter(latest.items())
            done = 0
            while chunk := dict(islice(cases, CASES_A_WRITE)):
                states = self._states(connection, chunk, {}, from_store=True)
                self._write_cases(connection, states)
                done += len(chunk)
                report("cases", done, len(latest))
            positions.move(connection, self.name, position)
        return read

    def _audit(
        self,
        connection: Connection,
        page: Sequence[Notification],
    ) -> dict[UUID, int]:
        """Write the page's audit rows; return the version each case reached.
        An event that no longer decodes gets no row: the case is quarantined
        when its rows are worked out, and every other event goes on."""
        rows, latest = [], {}
        decode = self.source.mapper.to_domain_event
        for notification in page:
            try:
                event = decode(notification)
            except (MapperDeserialisationError, TopicError):
                latest[cast(UUID, notification.originator_id)] = (
                    notification.originator_version
                )
                continue
            if isinstance(event, Case.Event):
                rows.append(audit.row(notification.id, event))
                latest[event.originator_id] = event.originator_version
        if rows:
            connection.execute(_AUDIT[connection.dialect.name], rows)
        return latest

    def _states(
        self,
        connection: Connection,
        latest: Mapping[UUID, int],
        in_hand: Mapping[UUID, Case],
        *,
        from_store: bool = False,
    ) -> list[CaseState]:
        """Each case as it stands at its latest version here; a case whose
        history is broken is quarantined instead, and the others go on. A
        rebuild reads each case `from_store`, never as a process holds it."""
        states = []
        for case_id, version in latest.items():
            case = in_hand.get(case_id)
            if case is None or case.version != version:
                try:
                    case = self.source.load_case(case_id, version,
                                                 from_store=from_store)  # fmt: skip
                except CaseNotFound:
                    continue  # not a case after all: an unreadable record
                except HistoryDamaged as damaged:
                    part = self.source.intact_part(case_id)
                    quarantine.record(connection, case_id, damaged.version,
                                      damaged.reason, "projector", part)  # fmt: skip
                    continue
            states.append(state_of(case, self.source))
        return states

    def _write_cases(self, connection: Connection, states: Iterable[CaseState]) -> None:
        """Each case's rows, replacing what they showed before, and its head."""
        states = list(states)
        if not states:
            return
        case_ids = [state.case_id for state in states]
        dialect = connection.dialect.name
        for table, rows_of in self.tables:
            rows = [row for state in states for row in rows_of(state)]
            if table.name in _UPSERT:
                connection.execute(_UPSERT[table.name][dialect], rows)
                continue
            connection.execute(_DELETE[table.name], {"ids": case_ids})
            if rows:
                connection.execute(_INSERT[table.name], rows)
        heads.advance(
            connection,
            [{"case_id": s.case_id, "version": s.version, "chain": s.chain}
             for s in states],
        )  # fmt: skip
