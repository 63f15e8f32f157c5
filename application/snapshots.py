"""Snapshots encrypted with their case's key and sealed with the integrity key,
so that one edited in the database is never used, nor one whose case was
erased: the case is then folded from its events instead."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast
from uuid import UUID

from eventsourcing.domain import DomainEventProtocol
from eventsourcing.persistence import Mapper, StoredEvent, Transcoder

from application.encryption import decrypt_snapshot, encrypt_snapshot
from domain.chain import GENESIS, ChainKeys, seal, seal_problem
from domain.free_text import TextCipher, TextUnreadable

SEPARATOR = b"\n"


class SnapshotSealBroken(ValueError):
    """A stored snapshot is not the one the application took at that version."""


class SnapshotErased(SnapshotSealBroken):
    """A stored snapshot of a case whose key was destroyed."""


def _content(stored: StoredEvent) -> bytes:
    """What a seal covers: which snapshot it is, and its bytes."""
    where = f"{stored.originator_id}\n{stored.originator_version}\n{stored.topic}\n"
    return where.encode() + stored.state


class SealedSnapshots(Mapper[UUID]):
    """Maps snapshots to stored rows whose state starts with a seal of the row."""

    def __init__(
        self,
        transcoder: Transcoder,
        keys: Callable[[], ChainKeys],
        cipher: Callable[[], TextCipher],
    ):
        super().__init__(transcoder)
        self.keys = keys
        self.text_cipher = cipher

    def to_stored_event(self, domain_event: DomainEventProtocol[Any]) -> StoredEvent:
        plain = super().to_stored_event(domain_event)
        stored = StoredEvent(
            originator_id=plain.originator_id,
            originator_version=plain.originator_version,
            topic=plain.topic,
            state=encrypt_snapshot(self.text_cipher(), cast(UUID, plain.originator_id),
                                   plain.originator_version, plain.state),
        )  # fmt: skip
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
        version = stored_event.originator_version
        if problem is not None:
            raise SnapshotSealBroken(
                f"the snapshot at version {version} is not as it was taken: {problem}"
            )
        try:
            case_id = cast(UUID, unsealed.originator_id)
            opened = decrypt_snapshot(self.text_cipher(), case_id, version, state)
        except TextUnreadable as error:
            raise SnapshotSealBroken(str(error)) from error
        if opened is None:
            raise SnapshotErased(f"the snapshot at version {version} is erased")
        return super().to_domain_event(
            StoredEvent(
                originator_id=unsealed.originator_id,
                originator_version=version,
                topic=unsealed.topic,
                state=opened,
            )
        )
