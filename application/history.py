"""A case's history as people read it: who did what, when, and what it replaced."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from domain.case import CORRECTABLE, Case
from domain.free_text import CIPHERTEXT
from domain.summaries import summarise

ENVELOPE_FIELDS = frozenset(
    {
        "originator_id",
        "originator_version",
        "timestamp",
        "actor_id",
        "actor_role",
        "correlation_id",
        "chain",
        "originator_topic",
    }
)


@dataclass(frozen=True)
class EventLine:
    """What a review read says of each event: who did what, when, for which
    request, in a summary without clinical free text (a history entry adds
    the event's fields, which are clinical content)."""

    version: int
    event_type: str
    timestamp: datetime
    actor_id: str
    actor_role: str
    correlation_id: str
    summary: str

    def is_a(self, kind: type[Case.Event]) -> bool:
        """Whether this is an event of `kind`, e.g. `Case.EntryCorrected`."""
        return self.event_type == kind.__name__

    def line(self) -> dict[str, Any]:
        """The event line alone, without what a subclass adds."""
        return {f.name: getattr(self, f.name) for f in dataclasses.fields(EventLine)}


@dataclass(frozen=True)
class HistoryEntry(EventLine):
    chain: str
    fields: dict[str, Any]


def history_entry(event: Any) -> HistoryEntry:
    fields = {
        k: v
        for k, v in vars(event).items()
        if k not in ENVELOPE_FIELDS and k != CIPHERTEXT
    }
    event_type = type(event).__name__
    return HistoryEntry(
        version=event.originator_version,
        event_type=event_type,
        timestamp=event.timestamp,
        actor_id=event.actor_id,
        actor_role=event.actor_role,
        correlation_id=event.correlation_id,
        chain=event.chain,
        summary=summarise(event_type, fields),
        fields=fields,
    )


def with_originals(entries: Iterable[HistoryEntry]) -> list[HistoryEntry]:
    """The entries, each correction given the value it replaced as `original`:
    the corrected entry's payload, or the previous correction's replacement."""
    current: dict[int, Any] = {}
    shown = []
    for entry in entries:
        if entry.event_type in CORRECTABLE:
            current[entry.version] = entry.fields
        elif entry.is_a(Case.EntryCorrected):
            corrects = entry.fields["corrects"]
            original = current.get(corrects)
            current[corrects] = entry.fields["replacement"]
            entry = replace(entry, fields={**entry.fields, "original": original})
        shown.append(entry)
    return shown
