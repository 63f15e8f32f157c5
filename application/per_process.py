"""A resource held for the life of a process, opened again in a forked child.

A connection or file descriptor opened before a fork is shared with the
child: the child must open its own rather than use it, and must never close
the parent's. Each holder of such a resource keeps it here, which decides
both. Callers serialize access themselves."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Generic, TypeVar

Held = TypeVar("Held")


class PerProcess(Generic[Held]):
    def __init__(
        self, open_: Callable[[], Held], close: Callable[[Held], None]
    ) -> None:
        self._open, self._close = open_, close
        self._held: Held | None = None
        self._pid = 0

    def get(self) -> Held:
        """This process's resource, opened on first use in the process."""
        if self._held is None or self._pid != os.getpid():
            self._held, self._pid = self._open(), os.getpid()
        return self._held

    def close(self) -> None:
        """Close the resource if this process opened it; forget it anyway."""
        if self._held is not None and self._pid == os.getpid():
            self._close(self._held)
        self._held, self._pid = None, 0
