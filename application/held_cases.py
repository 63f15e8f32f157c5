"""The latest state of the cases a process loaded or saved, held in memory.

A command used to decode its case's snapshot every time, and that decode
grows with the history (bench/history_length.py: a write on a 1,000-event
case took 1.87 times one on a 10-event case). A held case is brought up to
date with whatever the store has recorded since (by any process), and each
caller gets its own working copy: the held case itself never changes.
"""

from __future__ import annotations

import copy
import threading
from collections import OrderedDict
from uuid import UUID

from domain.case import Case

HELD = 256
"""Cases held at most, the least recently used dropped first."""
# Pays its way: bench/history_length.py writes 1.82 -> 1.09 (1,000 vs 10 events),
# bench/http_write.py 0.19 -> 0.21, with and without, 2026-12-07.


def working_copy(case: Case) -> Case:
    """A copy to change: its lists and dicts are its own, and the entries in
    them, frozen value objects, are shared."""
    copied = copy.copy(case)
    for name, value in vars(case).items():
        if isinstance(value, (list, dict)):
            setattr(copied, name, copy.copy(value))
    return copied


class HeldCases:
    def __init__(self, size: int = HELD) -> None:
        self.size = size
        self._held: OrderedDict[UUID, Case] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, case_id: UUID) -> Case | None:
        """A working copy of the held case, if one is held."""
        with self._lock:
            held = self._held.get(case_id)
            if held is None:
                return None
            self._held.move_to_end(case_id)
        return working_copy(held)

    def put(self, case: Case) -> None:
        """Hold (a copy of) the case as it now stands, with nothing pending."""
        if case.pending_events:
            return
        held = working_copy(case)
        with self._lock:
            current = self._held.get(case.id)
            if current is not None and current.version > held.version:
                return  # another thread already holds a later version
            self._held[case.id] = held
            self._held.move_to_end(case.id)
            while len(self._held) > self.size:
                self._held.popitem(last=False)

    def drop(self, case_id: UUID) -> None:
        with self._lock:
            self._held.pop(case_id, None)
