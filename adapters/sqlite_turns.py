"""Writers to one SQLite file take turns, through a lock file beside it.

SQLite makes a writer that finds its database locked sleep and try again, for
1, 2, 5, 10 ms and longer, whatever the time the holder still needs: under
bench/http_write.py, a projection waited 1.7 to 7 ms on average for the read
models' lock, each time held about 1 ms. Threads of one process queue on a
lock that is handed over at once; processes ask for the lock file's lock
again every 0.05 to 0.2 ms, and give up, as SQLite would, after a patience in
seconds. SQLite's own lock still guards the file, from any writer that does
not take a turn (the snapshot store's).
"""
# Pays its way: servers with and without turns, driven as bench/http_write.py
# does, alternating in one run: 1.15 and 1.17 times the writes/s (with a
# blocking flock, which could wait for ever: 1.19, 1.21, 1.15; the read
# models' turns alone 1.10, the event store's alone 0.94); plan reads
# unchanged (1.00).

from __future__ import annotations

import fcntl
import os
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from eventsourcing.persistence import OperationalError, StoredEvent
from eventsourcing.sqlite import SQLiteApplicationRecorder

from adapters.files import private_file

FIRST_PAUSE = 0.00005
LONGEST_PAUSE = 0.0002
"""Seconds between asking for a held turn again (a pause of at most 1 ms kept
1.05 times the writes/s only); SQLite's own waits start at 1 ms and grow."""

_turns: dict[str, tuple[threading.Lock, int]] = {}
"""By database file: this process's lock for its threads, and its descriptor
of the lock file for other processes."""
_registry = threading.Lock()


def _forget() -> None:
    """In a forked child: a descriptor shared with the parent would share its
    turn, and a lock held by one of the parent's threads is never let go."""
    global _registry
    _turns.clear()
    _registry = threading.Lock()


os.register_at_fork(after_in_child=_forget)


class TurnNotGiven(TimeoutError):
    """Another writer held the turn for longer than anyone should wait."""


@contextmanager
def write_turn(database: str, patience: float) -> Iterator[None]:
    """Hold the turn to write to the SQLite file `database`: first among this
    process's threads, then among processes; `TurnNotGiven` after `patience`
    seconds without it (a writer stopped while holding it, say), as SQLite's
    own lock would give up."""
    thread_lock, descriptor = _turn(database)
    deadline = time.monotonic() + patience
    if not thread_lock.acquire(timeout=patience):
        raise _not_given(database, patience)
    try:
        if not _took(descriptor, deadline):
            raise _not_given(database, patience)
        try:
            yield
        finally:
            fcntl.flock(descriptor, fcntl.LOCK_UN)
    finally:
        thread_lock.release()


def _took(descriptor: int, deadline: float) -> bool:
    """Whether the lock file's lock was had by `deadline`, asked for again
    after a pause that grows to LONGEST_PAUSE (a blocking flock hands it over
    sooner, but never gives up)."""
    pause = FIRST_PAUSE
    while True:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            if time.monotonic() > deadline:
                return False
            time.sleep(pause)
            pause = min(pause * 2, LONGEST_PAUSE)


def _not_given(database: str, patience: float) -> TurnNotGiven:
    return TurnNotGiven(
        f"no turn to write to {database} within {patience:g} s: another writer "
        "holds it (is a process stopped?)"
    )


def _turn(database: str) -> tuple[threading.Lock, int]:
    with _registry:
        found = _turns.get(database)
        if found is None:
            lock_file = private_file(Path(f"{database}.write-turn"))
            found = _turns[database] = (threading.Lock(), os.open(lock_file, os.O_RDWR))
        return found


class TurnTakingRecorder(SQLiteApplicationRecorder):
    """The library's SQLite recorder, inserting events in its turn."""

    def insert_events(
        self, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        pool = self.datastore.pool
        try:
            with write_turn(pool.db_name, pool.lock_timeout or 5.0):
                return super().insert_events(stored_events, **kwargs)
        except TurnNotGiven as refused:
            raise OperationalError(str(refused)) from None
