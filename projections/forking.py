"""Work handed to a forked child process, its results streamed back in order.

A rebuild works out every case's rows while it also writes the audit trail:
two halves of one job that share nothing but the log they read. Python runs
one thread's Python code at a time, so the halves run in two processes. A
fork starts the child in a few milliseconds with everything already imported,
and pickles over a pipe bring back what it yields.

The child must not touch what it inherited from the parent's database
connections (they are the parent's, mid-transaction): the work it is given
opens its own. It leaves with `os._exit`, so that nothing inherited is closed
or flushed on its way out, and the parent reaps it whatever happens. Until
then it holds the parent's open files too: a lock file the parent closes
(`queue`) is free only once the child is gone, which is why it is never left
to run on after the parent is done with it.
"""

from __future__ import annotations

import os
import pickle
import queue
import signal
import threading
import traceback
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any, BinaryIO


def can_fork() -> bool:
    """Whether forking is safe here: a POSIX system, and no other thread in
    this process. A thread may hold a lock (in SQLite, libpq, the allocator)
    at the moment of the fork, and the child, which inherits the lock but not
    the thread, would wait for it forever. The PostgreSQL event store's
    connection pool always runs threads, so a rebuild there stays in one
    process."""
    return hasattr(os, "fork") and threading.active_count() == 1


_PART, _DONE, _FAILED = "part", "done", "failed"


class ChildFailed(RuntimeError):
    """The child process raised, or ended before it finished."""


@contextmanager
def forked(work: Callable[[], Iterable[Any]]) -> Iterator[Iterator[Any]]:
    """Run `work` in a child forked now; the block gets what it yields, in order.

    Leaving the block ends the child (killed, if it has not finished) and
    reaps it. What the child raises is raised in the parent as ChildFailed
    with the child's traceback, when the block reads that far."""
    readable, writable = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child; its work is tested through the parent
        os.close(readable)
        _run_child(work, writable)
    os.close(writable)
    with os.fdopen(readable, "rb") as pipe:
        child = _Child(pid, pipe)
        try:
            yield child.parts()
        finally:
            child.end()


def _run_child(work: Callable[[], Iterable[Any]], writable: int) -> None:
    status = 1
    try:
        with os.fdopen(writable, "wb") as pipe:
            try:
                for part in work():
                    pickle.dump((_PART, part), pipe, pickle.HIGHEST_PROTOCOL)
                    pipe.flush()  # the parent may be waiting for just this part
                pickle.dump((_DONE, None), pipe)
                status = 0
            except BaseException as error:
                told = "".join(traceback.format_exception(error))
                pickle.dump((_FAILED, told), pipe)
    finally:
        os._exit(status)


class _Child:
    """The parent's end: a thread takes what the child sends as soon as it
    comes, so that the child never waits for the parent to read the pipe."""

    def __init__(self, pid: int, pipe: BinaryIO) -> None:
        self.pid = pid
        self.finished = False
        self._received: queue.SimpleQueue[tuple[str, Any]] = queue.SimpleQueue()
        self._reader = threading.Thread(
            target=self._read, args=(pipe,), name=f"casebook-child-{pid}", daemon=True
        )
        self._reader.start()

    def _read(self, pipe: BinaryIO) -> None:
        kind = _PART
        while kind == _PART:
            try:
                kind, value = pickle.load(pipe)
            except EOFError:
                kind, value = _FAILED, "it ended before it finished"
            except BaseException as error:  # a broken message: said in the parent
                kind, value = _FAILED, f"what it sent could not be read: {error!r}"
            self._received.put((kind, value))

    def parts(self) -> Iterator[Any]:
        while True:
            kind, value = self._received.get()
            if kind == _FAILED:
                raise ChildFailed(f"process {self.pid} failed:\n{value}")
            if kind == _DONE:
                self.finished = True
                return
            yield value

    def end(self) -> None:
        """Reap the child: it has finished, or the parent gives up on it."""
        if not self.finished:
            os.kill(self.pid, signal.SIGKILL)  # a zombie too takes it quietly
        os.waitpid(self.pid, 0)
        self._reader.join()
