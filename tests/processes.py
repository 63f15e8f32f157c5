"""Whether a test left a child process behind, running or never reaped."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


def children() -> set[int]:
    """This process's children, zombies included (Linux's /proc)."""
    me, found = str(os.getpid()), set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:  # it ended meanwhile
            continue
        parent = stat.rsplit(")", 1)[1].split()[1]  # after "pid (command) state"
        if parent == me:
            found.add(int(entry.name))
    return found


@contextmanager
def no_child_left() -> Iterator[None]:
    """The block leaves no child of its own behind (others' are not its)."""
    if not Path("/proc/self/stat").exists():
        pytest.skip("no /proc to list child processes")
    before = children()
    yield
    assert children() <= before
