"""Bringing cases to the versions a batch reaches, folding as few events as it can."""

from __future__ import annotations

import pickle
from collections import OrderedDict
from collections.abc import Callable, Iterable
from typing import Any, NamedTuple
from uuid import UUID

from domain.case import Case

SNAPSHOT_SKIP = 100
"""Loading a snapshot costs about as much as folding this many events."""
SETTLE_AFTER = 50_000
"""Unfolded events a batch holds in memory at most (a rebuild is one batch)."""


class Settled(NamedTuple):
    """A case as a batch leaves it, and the memo `remember`ed with it last time
    if the batch went on from exactly that case (else None)."""

    case: Case
    memo: Any


class Folder:
    """Collects a batch's events per case; `settle` folds them into aggregates.

    Aggregates folded earlier stay in a small LRU cache, so a projector that
    keeps up folds one event a command; one that another process overtook folds
    only the events it missed. Where the application took a snapshot (every
    `snapshot_interval` versions) the events before it are dropped and the case
    is loaded from that snapshot: a rebuild then folds, per case, only what
    follows its last snapshot.

    With `decode`, it collects stored notifications instead of events and
    decodes only those it folds: those before a snapshot never are.
    """

    def __init__(
        self,
        repository: Any,
        snapshot_interval: int | None,
        cache_size: int,
        decode: Callable[[Any], Any] | None = None,
    ) -> None:
        self.repository = repository
        self.interval = snapshot_interval
        self.cache_size = cache_size
        self.decode = decode
        self.pending = 0
        self._events: dict[UUID, list[Any]] = {}
        self._dropped: dict[UUID, int] = {}
        self._snapshot: dict[UUID, int] = {}
        self._cases: OrderedDict[UUID, tuple[Case, Any]] = OrderedDict()

    def add(self, event: Any) -> None:
        """A case's next event, or its notification if the folder decodes."""
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

    def settle(self) -> list[Settled]:
        """Every case with events since the last settle, at its latest version."""
        settled, decode = [], self.decode
        for case_id, events in self._events.items():
            case, memo = self._base(case_id, events)
            for event in events if decode is None else map(decode, events):
                case = event.mutate(case)
            assert case is not None
            self._cases[case_id] = (case, None)
            settled.append(Settled(case, memo))
        while len(self._cases) > self.cache_size:
            self._cases.popitem(last=False)
        self._events.clear()
        self._dropped.clear()
        self._snapshot.clear()
        self.pending = 0
        return settled

    def remember(self, case_id: UUID, memo: Any) -> None:
        """Keep `memo` with the settled case, for the batch that goes on from it."""
        cached = self._cases.get(case_id)
        if cached is not None:
            self._cases[case_id] = (cached[0], memo)

    def latest(self, case_id: UUID) -> Case | None:
        """A copy of the case as last settled, if cached: one to change freely."""
        cached = self._cases.get(case_id)
        if cached is None:
            return None
        copy: Case = pickle.loads(pickle.dumps(cached[0], pickle.HIGHEST_PROTOCOL))
        return copy

    def drop(self, case_ids: Iterable[UUID]) -> None:
        """Forget these cases (settled for a batch that did not happen)."""
        for case_id in case_ids:
            self._cases.pop(case_id, None)

    def forget(self) -> None:
        """Drop everything: after a failed batch, cached cases may be ahead."""
        self._events.clear()
        self._dropped.clear()
        self._snapshot.clear()
        self._cases.clear()
        self.pending = 0

    def _base(self, case_id: UUID, events: list[Any]) -> tuple[Case | None, Any]:
        """The case just before its first unfolded event, from cache or store,
        with its memo when the batch goes on from exactly the cached case."""
        snapshot = self._snapshot.get(case_id)
        version = events[0].originator_version - 1 if snapshot is None else snapshot
        cached, memo = self._cases.pop(case_id, (None, None))
        if cached is not None:
            if cached.version == version:
                return cached, memo if snapshot is None else None
            if cached.version < version <= cached.version + SNAPSHOT_SKIP:
                return self._forward(cached, version), None
        if version == 0:
            return None, None  # the first event creates the case
        return self._load(case_id, version), None

    def _load(self, case_id: UUID, version: int) -> Case:
        """The case at `version` from the store: from the snapshot taken at that
        very version if there is one (what a rebuild skips to), without asking
        for events after it, else as the repository rebuilds it."""
        snapshots = self.repository.snapshot_store
        if snapshots is not None:
            for snapshot in snapshots.get(case_id, desc=True, limit=1, lte=version):
                if snapshot.originator_version == version:
                    loaded: Case = snapshot.mutate(None)
                    return loaded
        case: Case = self.repository.get(case_id, version=version)
        return case

    def _forward(self, case: Case, version: int) -> Case:
        """The cached case brought to `version` with the events it missed."""
        missed = self.repository.event_store.get(
            originator_id=case.id, gt=case.version, lte=version
        )
        for event in missed:
            case = event.mutate(case)
        if case.version != version:
            raise LookupError(f"case {case.id} has no version {version} in the store")
        return case
