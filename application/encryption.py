"""A case's free text encrypted at rest with the case's own key: in its stored
events (in place, field by field) and in its snapshots (whole)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

from eventsourcing.domain import DomainEventProtocol
from eventsourcing.persistence import Mapper, MapperDeserialisationError, StoredEvent

from domain.free_text import (
    CIPHERTEXT,
    TextCipher,
    TextUnreadable,
    decrypt_texts,
    encrypt_texts,
    is_token,
    texts_at,
    value_at,
    with_values,
)

ENCRYPTED = b"enc:"
"""How an encrypted snapshot's state starts (a plaintext one is JSON, `{`)."""


def patterns_of(event: object) -> tuple[str, ...]:
    found: tuple[str, ...] = getattr(type(event), "FREE_TEXT", ())
    return found


def encrypt_pending(aggregate: Any, cipher: TextCipher) -> None:
    """Give each new event the ciphertext of its free text, before the chain
    seals it: the seal covers the event as it will be stored."""
    for event in aggregate.pending_events:
        patterns = patterns_of(event)
        if patterns and CIPHERTEXT not in vars(event):
            tokens = encrypt_texts(vars(event), patterns, event.originator_id,
                                   event.originator_version, cipher)  # fmt: skip
            object.__setattr__(event, CIPHERTEXT, tokens)


class EncryptingMapper(Mapper[UUID]):
    """Stores each event's free text as the ciphertext it was given, and reads
    it back decrypted (ERASED once the case's key is destroyed), keeping the
    ciphertext beside it for the chain."""

    def __init__(self, transcoder: Any, cipher: Callable[[], TextCipher]) -> None:
        super().__init__(transcoder)
        self.text_cipher = cipher

    def to_stored_event(self, domain_event: DomainEventProtocol[Any]) -> StoredEvent:
        state = vars(domain_event)
        if CIPHERTEXT not in state:
            return super().to_stored_event(domain_event)
        stored_form = object.__new__(type(domain_event))
        fields = {k: v for k, v in state.items() if k != CIPHERTEXT}
        object.__setattr__(stored_form, "__dict__",
                           with_values(fields, state[CIPHERTEXT]))  # fmt: skip
        return super().to_stored_event(stored_form)

    def stored_form(self, stored_event: StoredEvent) -> DomainEventProtocol[UUID]:
        """The event as stored, its free text left as ciphertext: what the
        chain seals, checked with or without the case's key."""
        event = super().to_domain_event(stored_event)
        state = vars(event)
        tokens = {path: value_at(state, path)
                  for path in texts_at(state, patterns_of(event))}  # fmt: skip
        if tokens:
            state[CIPHERTEXT] = {p: v for p, v in tokens.items() if is_token(v)}
        return event

    def to_domain_event(self, stored_event: StoredEvent) -> DomainEventProtocol[UUID]:
        event = super().to_domain_event(stored_event)
        patterns = patterns_of(event)
        if not patterns:
            return event
        state = vars(event)
        where = (event.originator_id, event.originator_version)
        try:
            plain, tokens = decrypt_texts(state, patterns, *where, self.text_cipher())
        except TextUnreadable as error:
            raise MapperDeserialisationError(str(error)) from error
        if tokens:
            opened = with_values(state, plain)
            opened[CIPHERTEXT] = tokens
            object.__setattr__(event, "__dict__", opened)
        return event


def encrypt_snapshot(cipher: TextCipher, case_id: UUID, version: int,
                     state: bytes) -> bytes:  # fmt: skip
    token = cipher.encrypt(case_id, _snapshot_context(case_id, version), state)
    assert token is not None, "made with a new key if need be"
    return ENCRYPTED + token.encode()


def decrypt_snapshot(
    cipher: TextCipher, case_id: UUID, version: int, state: bytes
) -> bytes | None:
    """The snapshot's JSON state; None if its case's key was destroyed."""
    if not state.startswith(ENCRYPTED):
        return state  # taken before snapshots were encrypted
    token = state[len(ENCRYPTED) :].decode()
    return cipher.decrypt(case_id, _snapshot_context(case_id, version), token)


def _snapshot_context(case_id: UUID, version: int) -> bytes:
    return f"snapshot:{case_id}:{version}".encode()
