"""Snapshots sealed with the integrity key, so that one edited in the database
is never used: the case is then folded from its events instead, and told."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

from eventsourcing.domain import DomainEventProtocol
from eventsourcing.persistence import Mapper, StoredEvent, Transcoder

from domain.chain import GENESIS, ChainKeys, seal, seal_problem

SEPARATOR = b"\n"


class SnapshotSealBroken(ValueError):
    """A stored snapshot is not the one the application took at that version."""


def _content(stored: StoredEvent) -> bytes:
    """What a seal covers: which snapshot it is, and its bytes."""
    where = f"{stored.originator_id}\n{stored.originator_version}\n{stored.topic}\n"
    return where.encode() + stored.state


class SealedSnapshots(Mapper[UUID]):
    """Maps snapshots to stored rows whose state starts with a seal of the row."""

    def __init__(self, transcoder: Transcoder, keys: Callable[[], ChainKeys]):
        super().__init__(transcoder)
        self.keys = keys

    def to_stored_event(self, domain_event: DomainEventProtocol[Any]) -> StoredEvent:
        stored = super().to_stored_event(domain_event)
        sealed = seal(self.keys(), GENESIS, _content(stored)).encode()
        return StoredEvent(
            originator_id=stored.originator_id,
            originator_version=stored.originator_version,
            topic=stored.topic,
            state=sealed + SEPARATOR + stored.state,
        )

    def to_domain_event(self, stored_event: StoredEvent) -> DomainEventProtocol[UUID]:
        sealed, _, state = stored_event.state.partition(SEPARATOR)
        unsealed = StoredEvent(
            originator_id=stored_event.originator_id,
            originator_version=stored_event.originator_version,
            topic=stored_event.topic,
            state=state,
        )
        problem = seal_problem(
            self.keys(), GENESIS, _content(unsealed), sealed.decode(errors="replace")
        )
        if problem is not None:
            raise SnapshotSealBroken(
                f"the snapshot at version {stored_event.originator_version} "
                f"is not as it was taken: {problem}"
            )
        return super().to_domain_event(unsealed)
