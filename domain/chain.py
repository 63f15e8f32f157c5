"""The tamper-evidence chain: each value hashes the previous value and the event."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

GENESIS = ""
CHAIN_FIELD = "chain"


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


def chain_value(previous: str, event_type: str, fields: Mapping[str, Any]) -> str:
    digest = hashlib.sha256(previous.encode())
    digest.update(b"\n")
    digest.update(canonical_content(event_type, fields))
    return digest.hexdigest()


def chain_value_of(previous: str, event: object) -> str:
    return chain_value(previous, type(event).__qualname__, vars(event))


@dataclass(frozen=True)
class ChainReport:
    """Whether a history is intact and, if not, where it first breaks."""

    intact: bool
    events_checked: int
    first_broken_version: int | None = None
    reason: str = ""


def first_break(
    events: Iterable[object], witness: Mapping[int, str] | None = None
) -> ChainReport:
    """Walk events in order, recomputing every chain value from the genesis.

    `witness` holds chain values by version as another record saw them when they
    were written (the audit trail): it exposes what the chain alone cannot, a
    history cut short at its end, or re-chained from an edited event onwards."""
    seen = witness or {}
    previous = GENESIS
    count = 0
    for expected_version, event in enumerate(events, start=1):
        version = getattr(event, "originator_version", None)
        if version != expected_version:
            return ChainReport(
                False, count, expected_version, f"version {expected_version} is missing"
            )
        computed = chain_value_of(previous, event)
        if getattr(event, CHAIN_FIELD, None) != computed:
            return ChainReport(
                False, count, version, "content does not match its chain value"
            )
        if seen.get(version, computed) != computed:
            return ChainReport(
                False, count, version, "content differs from what the audit trail saw"
            )
        previous = computed
        count += 1
    if any(version > count for version in seen):
        return ChainReport(
            False, count, count + 1, f"version {count + 1} was recorded but is missing"
        )
    return ChainReport(True, count)
