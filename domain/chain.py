"""The tamper-evidence chain: each value seals the previous value and the event.

A value is an HMAC-SHA256 under a secret key that is not in the database,
written `<key id>:<hex digest>`: whoever can write the database but lacks the
key cannot make a history that verifies, and a rotated key leaves older values
checkable under the key they name.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol
from uuid import UUID

from domain.free_text import CIPHERTEXT, with_values

GENESIS = ""
CHAIN_FIELD = "chain"


class ChainKeys(Protocol):
    """The chain's secrets by key id, and which one seals new events."""

    @property
    def current_id(self) -> str: ...

    def secret(self, key_id: str) -> bytes | None: ...


def _jsonable(value: object) -> object:
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(f"cannot canonicalise {type(value).__name__}")


def canonical_content(event_type: str, fields: Mapping[str, Any]) -> bytes:
    """The bytes that stand for an event: its type and every field but the chain."""
    content = {k: v for k, v in fields.items() if k != CHAIN_FIELD}
    content["__type__"] = event_type
    return json.dumps(
        content, sort_keys=True, separators=(",", ":"), default=_jsonable
    ).encode()


def _digest(secret: bytes, previous: str, content: bytes) -> str:
    mac = hmac.new(secret, previous.encode(), hashlib.sha256)
    mac.update(b"\n")
    mac.update(content)
    return mac.hexdigest()


def seal(keys: ChainKeys, previous: str, content: bytes) -> str:
    """The value that seals `content` after `previous`, under the current key."""
    secret = keys.secret(keys.current_id)
    assert secret is not None, "the current key is in the ring"
    return f"{keys.current_id}:{_digest(secret, previous, content)}"


def seal_problem(
    keys: ChainKeys, previous: str, content: bytes, stored: object
) -> str | None:
    """Why `stored` is not the value that seals `content` after `previous`
    under the key it names, or None if it is."""
    if not isinstance(stored, str) or ":" not in stored:
        return "its chain value is not sealed with a key"
    key_id, _, digest = stored.partition(":")
    secret = keys.secret(key_id)
    if secret is None:
        return f"its chain value names key {key_id!r}, which is not in the key file"
    if not hmac.compare_digest(digest, _digest(secret, previous, content)):
        return "content does not match its chain value"
    return None


def event_content(event: object) -> bytes:
    """An event's content as stored: its free text as the ciphertext stored in
    its place, so that a history verifies with or without the case's key."""
    fields: dict[str, Any] = vars(event)
    if CIPHERTEXT in fields:
        tokens = fields[CIPHERTEXT]
        fields = with_values({k: v for k, v in fields.items() if k != CIPHERTEXT},
                             tokens)  # fmt: skip
    return canonical_content(type(event).__qualname__, fields)


def chain_value_of(previous: str, event: object, keys: ChainKeys) -> str:
    """The chain value of a new event that follows `previous`."""
    return seal(keys, previous, event_content(event))


@dataclass(frozen=True)
class ChainReport:
    """Whether a history is intact and, if not, where it first breaks."""

    intact: bool
    events_checked: int
    first_broken_version: int | None = None
    reason: str = ""


def first_break(
    events: Iterable[object],
    keys: ChainKeys,
    witness: Mapping[int, str] | None = None,
) -> ChainReport:
    """Walk events in order, checking every chain value from the genesis.

    `witness` holds chain values by version as another record saw them when they
    were written (the audit trail): it exposes what the chain alone cannot, a
    history cut short at its end."""
    seen = witness or {}
    previous = GENESIS
    count = 0
    for expected_version, event in enumerate(events, start=1):
        version = getattr(event, "originator_version", None)
        if version != expected_version:
            return ChainReport(
                False, count, expected_version, f"version {expected_version} is missing"
            )
        stored = getattr(event, CHAIN_FIELD, None)
        problem = seal_problem(keys, previous, event_content(event), stored)
        if problem is not None:
            return ChainReport(False, count, version, problem)
        assert isinstance(stored, str)
        if seen.get(version, stored) != stored:
            return ChainReport(
                False, count, version, "content differs from what the audit trail saw"
            )
        previous = stored
        count += 1
    if any(version > count for version in seen):
        return ChainReport(
            False, count, count + 1, f"version {count + 1} was recorded but is missing"
        )
    return ChainReport(True, count)
