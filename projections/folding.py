"""Bringing cases to the versions a batch reaches, folding as few events as it can."""

from __future__ import annotations

from collections import OrderedDict
from typing import Any
from uuid import UUID

from domain.case import Case

SNAPSHOT_SKIP = 100
"""Loading a snapshot costs about as much as folding this many events."""


class Folder:
    """Collects a batch's events per case; `settle` folds them into aggregates.

    Aggregates folded earlier stay in a small LRU cache, so a projector that
    keeps up folds one event a command. Where the application took a snapshot
    (every `snapshot_interval` versions) the events before it are dropped and
    the case is loaded from that snapshot: a rebuild then folds, per case, only
    what follows its last snapshot.
    """

    def __init__(
        self, repository: Any, snapshot_interval: int | None, cache_size: int
    ) -> None:
        self.repository = repository
        self.interval = snapshot_interval
        self.cache_size = cache_size
        self.pending = 0
        self._events: dict[UUID, list[Any]] = {}
        self._dropped: dict[UUID, int] = {}
        self._snapshot: dict[UUID, int] = {}
        self._cases: OrderedDict[UUID, Case] = OrderedDict()

    def add(self, event: Any) -> None:
        case_id = event.originator_id
        events = self._events.get(case_id)
        if events is None:
            events = self._events[case_id] = []
        events.append(event)
        self.pending += 1
        if self.interval and event.originator_version % self.interval == 0:
            self._at_snapshot(case_id, event.originator_version, events)

    def _at_snapshot(self, case_id: UUID, version: int, events: list[Any]) -> None:
        # Once a case has had more events than a snapshot costs to load, it
        # will be loaded from its latest snapshot: what came before is dropped.
        dropped = self._dropped.get(case_id, 0)
        if dropped + len(events) >= SNAPSHOT_SKIP:
            self._dropped[case_id] = dropped + len(events)
            self._snapshot[case_id] = version
            self.pending -= len(events)
            events.clear()

    def settle(self) -> list[Case]:
        """Every case with events since the last settle, at its latest version."""
        settled = []
        for case_id, events in self._events.items():
            case = self._base(case_id, events)
            for event in events:
                case = event.mutate(case)
            assert case is not None
            self._cases[case_id] = case
            settled.append(case)
        while len(self._cases) > self.cache_size:
            self._cases.popitem(last=False)
        self._events.clear()
        self._dropped.clear()
        self._snapshot.clear()
        self.pending = 0
        return settled

    def forget(self) -> None:
        """Drop everything: after a failed batch, cached cases may be ahead."""
        self._events.clear()
        self._dropped.clear()
        self._snapshot.clear()
        self._cases.clear()
        self.pending = 0

    def _base(self, case_id: UUID, events: list[Any]) -> Case | None:
        """The case just before its first unfolded event, from cache or store."""
        version = self._snapshot.get(case_id)
        if version is None:
            version = events[0].originator_version - 1
        cached = self._cases.pop(case_id, None)
        if cached is not None and cached.version == version:
            return cached
        if version == 0:
            return None  # the first event creates the case
        case: Case = self.repository.get(case_id, version=version)
        return case
