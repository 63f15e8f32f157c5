"""The projector: applies notifications to every read model, one transaction a batch."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Sequence
from typing import Any, NamedTuple

from eventsourcing.persistence import Notification
from sqlalchemy import Engine
from sqlalchemy.engine import Connection

from domain.case import Case
from projections import audit, case_rows, database, positions
from projections.bulk import Row, cursor_of
from projections.case_rows import PER_CASE_TABLES, CaseWrites
from projections.folding import SETTLE_AFTER, Folder
from projections.rebuilding import AuditPage
from projections.state import Source
from projections.writes import Statements

OnPage = Callable[[int, int], None]
"""Called after each page with (position reached, events applied so far)."""
Pages = Callable[[int], Iterable[Sequence[Notification]]]
"""The notifications a batch reads, given the position it locked."""


class Batch(NamedTuple):
    read: int
    """Notifications read, new or not."""
    applied: int
    """Notifications beyond the stored position, now applied."""
    position: int
    """The position stored when the batch committed."""


class Ready(NamedTuple):
    """A batch worked out before its transaction, valid if the stored position
    is then still just before its first notification."""

    first: int
    last: int
    size: int
    lines: list[Row]
    cases: CaseWrites


class Projector:
    """Keeps every read model exactly once per event.

    A batch is one transaction: it locks the stored position, skips what is at
    or below it, applies the rest and stores the last notification id it read.
    Audit rows are written per event; the rows that show a case's state are
    written once per case a batch, from the case as the batch leaves it, and,
    when this projector wrote that case's rows last, only those that changed.
    """

    name = "readmodels"

    def __init__(
        self,
        app: Source,
        engine: Engine | None = None,
        *,
        batch_size: int = 500,
        cache_size: int = 512,
    ) -> None:
        self.app = app
        self.engine = engine or database.engine_for(app.settings)
        self.batch_size = batch_size
        self.cache_size = cache_size
        interval = (app.snapshotting_intervals or {}).get(Case)
        self.folder = Folder(app.repository, interval, cache_size)
        self.lock = threading.RLock()  # one batch at a time in this process
        dialect = self.engine.dialect
        self.statements = Statements(dialect, (table for table, _ in PER_CASE_TABLES))
        self.audit_rows = audit.Rows(dialect)
        # Within a batch: whether it emptied the tables, and which cases'
        # rows it wrote (on emptied tables, the others need no delete first).
        self._fresh = False
        self._written: set[Any] = set()

    def setup(self) -> None:
        database.create_tables(self.engine)
        positions.ensure(self.engine, self.name)

    def reset(self) -> None:
        """Drop and recreate every read model, empty, at position 0."""
        self.setup()
        self.process_pages([], reset=True)

    def position(self) -> int:
        with self.engine.connect() as connection:
            return positions.read(connection, self.name) or 0

    def next_batch(self, limit: int | None = None) -> Sequence[Notification]:
        batch: Sequence[Notification] = self.app.recorder.select_notifications(
            self.position() + 1, limit or self.batch_size
        )
        return batch

    def advance(
        self, limit: int | None = None, recorded: Sequence[Notification] = ()
    ) -> Batch:
        """Read and apply up to `limit` notifications after the stored position,
        read under the batch's lock: no separate read of the position first.

        `recorded`: notifications this process just saved, as stored. What
        they change is worked out before the transaction, so that other
        processes wait for its writes only; if the stored position turns out
        not to be just before them, that work is dropped and the batch reads
        the log as usual."""
        size = limit or self.batch_size
        select = self.app.recorder.select_notifications
        ahead = recorded if len(recorded) <= size else ()
        return self._run(lambda position: [select(position + 1, size)], ahead=ahead)

    def process(self, notifications: Sequence[Notification]) -> int:
        """Apply what is new in these notifications; return how many were new."""
        return self.process_pages([notifications])

    def process_pages(
        self,
        pages: Iterable[Sequence[Notification]],
        *,
        reset: bool = False,
        on_page: OnPage | None = None,
        apart: Iterable[AuditPage | CaseWrites] | None = None,
    ) -> int:
        """Apply pages of notifications in one transaction; with `reset`, into
        freshly created tables. Nothing is kept unless all of it commits.

        `apart` (with `reset` only): what another process worked out of the
        log (`rebuilding.worked_apart`): the audit rows of the pages after
        these, then every case's rows; these pages then give only audit rows."""
        return self._run(lambda _position: pages, reset, on_page, apart=apart).applied

    def _run(self, pages: Pages, reset: bool = False, on_page: OnPage | None = None,
             ahead: Sequence[Notification] = (),
             apart: Iterable[AuditPage | CaseWrites] | None = None,
             ) -> Batch:  # fmt: skip
        with self.lock:
            try:
                ready = self._work_out(ahead) if ahead else None
                with database.writing(self.engine) as connection:
                    if reset:
                        return self._rebuild(connection, pages, on_page, apart)
                    return self._batch(connection, pages, on_page, ready)
            except BaseException:
                self.folder.forget()  # its cases may be ahead of what committed
                raise

    def _work_out(self, notifications: Sequence[Notification]) -> Ready:
        """All a batch of just these notifications writes, before it begins."""
        self._fresh, self._written = False, set()
        lines, size = self._read(notifications, 0)
        cases = self._cases()
        return Ready(notifications[0].id, notifications[-1].id, size, lines, cases)

    def _batch(self, connection: Connection, pages: Pages, on_page: OnPage | None,
               ready: Ready | None) -> Batch:  # fmt: skip
        cursor = cursor_of(connection)
        stored = position = self.statements.lock(cursor, self.name)
        if ready is not None:
            if ready.first == position + 1:  # nobody applied any of them
                audit.apply(connection, ready.lines)
                case_rows.write(cursor, self.statements, ready.cases)
                self.statements.move(cursor, self.name, ready.last)
                return Batch(ready.size, ready.size, ready.last)
            # Another batch applied some of them, or others before them: what
            # was worked out for these cases may not be what their rows are.
            self.folder.drop(case_id for case_id, *_ in ready.cases.heads)
        self._fresh, self._written = False, set()
        read, done, last = self._pages(connection, pages(position), position, on_page)
        self._write(connection)
        if last != stored:
            self.statements.move(cursor, self.name, last)
        return Batch(read, done, last)

    def _rebuild(self, connection: Connection, pages: Pages, on_page: OnPage | None,
                 apart: Iterable[AuditPage | CaseWrites] | None) -> Batch:  # fmt: skip
        """Every read model anew from these pages, and from `apart` if given."""
        cursor = cursor_of(connection)
        stored = self.statements.lock(cursor, self.name)
        self.folder.forget()  # what it remembers of the rows is gone
        database.recreate_read_models(connection)
        self._fresh, self._written = True, set()
        fold = apart is None
        read, done, last = self._pages(connection, pages(0), 0, on_page, fold=fold)
        parts = iter(apart or ())
        worked_out: list[CaseWrites] = []
        for part in parts:  # audit pages first, then cases
            assert isinstance(part, AuditPage), "the cases come last"
            audit.apply(connection, part.rows)
            read, done, last = read + part.read, done + part.read, part.last
            if part.final:
                break
            if on_page is not None:
                on_page(last, done)
        with database.indexing(connection):  # while the cases are worked out
            if apart is None:
                worked_out.append(self._cases())
            for part in parts:
                assert isinstance(part, CaseWrites), "audit pages come first"
                worked_out.append(part)
        for writes in worked_out:
            case_rows.write(cursor, self.statements, writes)
        if last != stored:
            self.statements.move(cursor, self.name, last)
        return Batch(read, done, last)

    def _pages(self, connection: Connection, pages: Iterable[Sequence[Notification]],
               position: int, on_page: OnPage | None,
               fold: bool = True) -> tuple[int, int, int]:  # fmt: skip
        """Apply the pages' audit rows, their cases' rows too if `fold`; return
        (notifications read, applied, last position)."""
        last, read, done = position, 0, 0
        for page in pages:
            read += len(page)
            lines, applied = self._read(page, position, fold)
            audit.apply(connection, lines)
            done += applied
            if page:
                last = max(last, page[-1].id)
            if self.folder.pending > SETTLE_AFTER:
                self._write(connection)
            if on_page is not None:
                on_page(last, done)
        return read, done, last

    def _read(
        self, page: Sequence[Notification], position: int, fold: bool = True
    ) -> tuple[list[Row], int]:
        """The audit rows of the page's new events, and how many are new; the
        cases collect the events if `fold`."""
        to_event, row = self.app.mapper.to_domain_event, self.audit_rows.row
        add, lines, done = self.folder.add, [], 0
        for notification in page:
            if notification.id <= position:
                continue  # applied by an earlier batch
            done += 1
            event = to_event(notification)
            if isinstance(event, Case.Event):  # else only the position moves
                lines.append(row(notification.id, event))
                if fold:
                    add(event)
        return lines, done

    def _write(self, connection: Connection) -> None:
        """The rows that show each case touched since the last write, and the
        head each case reached (which only ever moves forward)."""
        case_rows.write(cursor_of(connection), self.statements, self._cases())

    def _cases(self) -> CaseWrites:
        settled = self.folder.settle()
        return case_rows.work_out(settled, self.app, self.statements, self.folder,
                                  fresh=self._fresh, written=self._written)  # fmt: skip
