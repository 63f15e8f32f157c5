"""Running the projector: catch up once, follow the log, or rebuild from zero."""

from __future__ import annotations

import gc
import logging
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import partial
from typing import NamedTuple

from eventsourcing.persistence import Notification
from eventsourcing.persistence import OperationalError as StoreUnavailable
from sqlalchemy.exc import OperationalError as ReadModelsUnavailable

from projections.case_rows import CaseWrites
from projections.forking import can_fork, forked
from projections.projector import OnPage, Projector
from projections.rebuilding import AuditPage, log_pages, worked_apart

logger = logging.getLogger(__name__)

OnBatch = OnPage
"""Called after each committed batch with (position reached, events so far)."""

REBUILD_PAGE_SIZE = 2000
FORK_FROM = 5000
"""Events from which a rebuild's second process saves more than it costs
(measured: 2,000 events took 47 ms in two processes, 42 in one; 5,000 took
81 and 93)."""
SHARE_APART = 0.25
"""The part of the log whose audit rows the second process makes: besides,
it reads the whole log and works out every case. With this share, both
processes finished about together on bench/rebuild.py's log, timed phase by
phase."""


class Rebuilt(NamedTuple):
    events: int
    seconds: float
    processes: int = 1
    """2 when a forked process did part of the work (`rebuilding`)."""

    @property
    def rate(self) -> float:
        return self.events / self.seconds if self.seconds > 0 else 0.0


def catch_up(
    projector: Projector,
    *,
    on_batch: OnBatch | None = None,
    stop: threading.Event | None = None,
    batch_size: int | None = None,
    recorded: Sequence[Notification] = (),
) -> int:
    """Process everything after the stored position; return how many events.
    `recorded`: notifications just saved by this process (`Projector.advance`)."""
    limit = batch_size or projector.batch_size
    done = 0
    while stop is None or not stop.is_set():
        batch = projector.advance(limit, recorded)
        recorded = ()
        if not batch.read:
            break
        done += batch.applied
        if on_batch is not None:
            on_batch(batch.position, done)
        if batch.read < limit:
            break
    return done


def follow(
    projector: Projector,
    stop: threading.Event,
    poll_interval: float = 1.0,
    *,
    on_batch: OnBatch | None = None,
) -> int:
    """Catch up, then poll every `poll_interval` seconds until `stop` is set."""
    done = 0
    while not stop.is_set():
        try:
            done += catch_up(projector, on_batch=on_batch, stop=stop)
        except (StoreUnavailable, ReadModelsUnavailable) as error:
            logger.warning("projections paused: %s; retrying", error)
        stop.wait(poll_interval)
    return done


def rebuild(
    projector: Projector,
    progress: Callable[[int, int], None] | None = None,
    *,
    page_size: int = REBUILD_PAGE_SIZE,
    fork_from: int = FORK_FROM,
) -> Rebuilt:
    """Drop every read model and replay the whole log into fresh tables.

    The log as it stood when the rebuild began is replayed in one transaction:
    readers keep the old read models until it commits, a failed rebuild leaves
    them untouched, and each case's rows are computed once, not once a batch.
    From `fork_from` events on, where it is safe to fork (`can_fork`), a child
    process does part of the work (`rebuilding`). What was recorded meanwhile
    is then caught up as usual. `progress` gets (notification id
    reached, last id when the rebuild began): event counts on SQLite, and
    close to them on PostgreSQL, whose ids may have gaps.
    """
    started = time.perf_counter()
    projector.setup()
    recorder = projector.app.recorder
    target = recorder.max_notification_id() or 0
    apart = target >= fork_from and can_fork()
    split = target - int(target * SHARE_APART) if apart else target

    def report(position: int, _done: int) -> None:
        if progress is not None:
            progress(min(position, target), target)

    with (
        _fewer_collections(),
        _worked_apart(projector, target, split, page_size, apart) as elsewhere,
    ):
        events = projector.process_pages(
            log_pages(recorder, split, page_size), reset=True, on_page=report,
            apart=elsewhere,
        )  # fmt: skip
    events += catch_up(projector)
    return Rebuilt(events, time.perf_counter() - started, 2 if apart else 1)


@contextmanager
def _worked_apart(
    projector: Projector, target: int, split: int, page_size: int, apart: bool
) -> Iterator[Iterable[AuditPage | CaseWrites] | None]:
    """What a forked process works out (`rebuilding.worked_apart`), if `apart`;
    else None (the projector works out all of it itself)."""
    if not apart:
        yield None
        return
    work = partial(
        worked_apart, projector.app, projector.statements, projector.audit_rows,
        target=target, split=split, page_size=page_size,
        cache_size=projector.cache_size,
    )  # fmt: skip
    with forked(work) as parts:
        yield (
            part if isinstance(part, AuditPage)
            else CaseWrites.adopted(part, projector.statements)
            for part in parts
        )  # fmt: skip


@contextmanager
def _fewer_collections() -> Iterator[None]:
    """Look for reference cycles less often while rebuilding: a rebuild makes
    about ten short-lived objects an event, and the default (a young-generation
    collection every 700) costs it a tenth of its time, for no cycles found."""
    young, *older = gc.get_threshold()
    gc.set_threshold(max(young, 100_000), *older)
    try:
        yield
    finally:
        gc.set_threshold(young, *older)
