"""The projector: applies notifications to every read model, one transaction a batch."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Sequence
from typing import Any, Protocol

from eventsourcing.persistence import Notification
from sqlalchemy import Engine
from sqlalchemy.engine import Connection

from application.settings import Settings
from domain.case import Case
from projections import audit, caseloads, coherence, database, plans, positions
from projections import supervision as supervision_model
from projections.folding import Folder
from projections.state import Assessor, state_of

PER_CASE_MODELS = (plans, coherence, caseloads, supervision_model)
SETTLE_AFTER = 50_000
"""Unfolded events a batch holds in memory at most (a rebuild is one batch)."""
OnPage = Callable[[int, int], None]
"""Called after each page with (position reached, events applied so far)."""


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


class Projector:
    """Keeps every read model exactly once per event.

    A batch is one transaction: it locks the stored position, skips what is at
    or below it, applies the rest and stores the last notification id it read.
    Audit rows are written per event; the rows that show a case's state are
    written once per case a batch, from the case as the batch leaves it.
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

    def process(self, notifications: Sequence[Notification]) -> int:
        """Apply what is new in these notifications; return how many were new."""
        return self.process_pages([notifications])

    def process_pages(
        self,
        pages: Iterable[Sequence[Notification]],
        *,
        reset: bool = False,
        on_page: OnPage | None = None,
    ) -> int:
        """Apply pages of notifications in one transaction; with `reset`, into
        freshly created tables. Nothing is kept unless all of it commits."""
        with self.lock:
            try:
                with database.writing(self.engine) as connection:
                    return self._batch(connection, pages, reset, on_page)
            except BaseException:
                self.folder.forget()  # its cases may be ahead of what committed
                raise

    def _batch(self, connection: Connection, pages: Iterable[Sequence[Notification]],
               reset: bool, on_page: OnPage | None) -> int:  # fmt: skip
        position = positions.lock(connection, self.name)
        if reset:
            database.recreate_read_models(connection)
            position = 0
        rows = audit.Rows(connection.dialect)
        last, done = position, 0
        for page in pages:
            fresh = [n for n in page if n.id > position]
            self._apply(connection, fresh, rows)
            done += len(fresh)
            if page:
                last = max(last, page[-1].id)
            if self.folder.pending > SETTLE_AFTER:
                self._write(connection)
            if on_page is not None:
                on_page(last, done)
        self._write(connection)
        if reset:
            database.create_indexes(connection)
        positions.write(connection, self.name, last)
        return done

    def _apply(self, connection: Connection, notifications: list[Notification],
               rows: audit.Rows) -> None:  # fmt: skip
        lines = []
        for notification in notifications:
            event = self.app.mapper.to_domain_event(notification)
            if not isinstance(event, Case.Event):
                continue  # not a case event: only the position moves
            lines.append(rows.row(notification.id, event))
            self.folder.add(event)
        audit.apply(connection, lines)

    def _write(self, connection: Connection) -> None:
        """The rows that show each case touched since the last write."""
        cases = self.folder.settle()
        if cases:
            states = [state_of(case, self.app) for case in cases]
            for model in PER_CASE_MODELS:
                model.apply(connection, states)
