"""Queueing for a SQLite database's write lock, on a lock file beside it.

Processes that find SQLite's write lock taken wait in its busy handler, which
sleeps 1, 2, 5, 10... ms between tries: a projector batch that holds the lock
for 2 ms kept the others waiting 2-3 ms each, and two workers appending
access-log rows collided on one read in 25, each collision costing a
millisecond for an insert of 30 us. The kernel wakes a process waiting on the
file lock as soon as it is free. Writers that do not queue here are still kept
out by SQLite's own lock; every writer that queues takes the file lock first.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine

from application.per_process import PerProcess

try:
    import fcntl
except ImportError:  # pragma: no cover - not a POSIX system
    fcntl = None  # type: ignore[assignment]

_queuing = threading.local()


def sqlite_file(engine: Engine) -> str | None:
    """The engine's SQLite database file; None for another database, or for
    one in memory."""
    path = engine.url.database if engine.dialect.name == "sqlite" else None
    return None if not path or path == ":memory:" else path


def lock_file(engine: Engine) -> str | None:
    """The file writers to the engine's database queue on, if it has one."""
    path = sqlite_file(engine)
    if fcntl is None or path is None:
        return None  # not a file, or no flock
    return f"{path}.lock"


@contextmanager
def queued(engine: Engine) -> Iterator[None]:
    """Hold the engine's database's place in the queue while the block runs."""
    path = lock_file(engine)
    if path is None or _in_queue():
        yield  # nowhere to queue, or this thread is in the queue already
        return
    with open(path, "a") as lock:  # closing it releases the lock
        fcntl.flock(lock, fcntl.LOCK_EX)
        _queuing.held = True
        try:
            yield
        finally:
            _queuing.held = False


class Place:
    """A place in one database's queue for a writer that writes on every
    request: the lock file stays open, so joining the queue is one system
    call, not an open and a close as well. One thread at a time."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._fd = PerProcess(self._open, os.close)
        self._joined = False

    def join(self) -> None:
        """Wait for the write lock's turn (at once if this thread has it)."""
        if _in_queue():
            return
        fcntl.flock(self._fd.get(), fcntl.LOCK_EX)
        self._joined = True

    def leave(self) -> None:
        if self._joined:
            self._joined = False
            fcntl.flock(self._fd.get(), fcntl.LOCK_UN)

    def close(self) -> None:
        self._fd.close()

    def _open(self) -> int:
        return os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND)


def _in_queue() -> bool:
    held: bool = getattr(_queuing, "held", False)
    return held
