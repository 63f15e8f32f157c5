"""Export for review as JSON Lines: each event with its envelope, then a manifest.

The clinical view carries each event's fields, and a correction's original and
new value and its reason; the audit view (for compliance, who may
not read clinical free text) carries who, what, when and the chain, as the
History view does for auditors.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from typing import Any
from uuid import UUID

from eventsourcing.persistence import StoredEvent

from application.cases import CaseManagement
from application.history import HistoryEntry, history_entry, with_originals
from domain.case import Case
from domain.exceptions import CaseNotFound, InvalidValue

FORMATS = ("jsonl", "fhir")
UNREADABLE = "stored bytes do not decode"


def check_format(chosen: str) -> str:
    if chosen not in FORMATS:
        raise InvalidValue("format", f"must be one of: {', '.join(FORMATS)}")
    return chosen


def _correction(
    entry: HistoryEntry, kinds: dict[int, str], clinical: bool
) -> dict[str, Any]:
    """Who corrected which entry, when; and, in the clinical view, the value it
    replaced (`original`, as the History view names it), the new one and why."""
    fields = entry.fields
    return {
        "corrects": fields["corrects"],
        "corrected_type": kinds.get(fields["corrects"]),
        "corrected_by": entry.actor_id,
        "corrected_by_role": entry.actor_role,
        "corrected_at": entry.timestamp.isoformat(),
        "original": fields.get("original") if clinical else None,
        "replacement": fields["replacement"] if clinical else None,
        "reason": fields["reason"] if clinical else None,
    }


def _event_record(case_id: UUID, entry: HistoryEntry, clinical: bool) -> dict[str, Any]:
    return {
        "record": "event",
        "case_id": str(case_id),
        "version": entry.version,
        "type": entry.event_type,
        "timestamp": entry.timestamp.isoformat(),
        "actor_id": entry.actor_id,
        "actor_role": entry.actor_role,
        "correlation_id": entry.correlation_id,
        "chain": entry.chain,
        "summary": entry.summary,
        "fields": entry.fields if clinical else None,
    }


def _decoded(app: CaseManagement, stored: Sequence[StoredEvent]) -> list[Any]:
    """Each stored event as a history entry, or its version if it does not decode."""
    found: list[Any] = []
    for record in stored:
        try:
            found.append(history_entry(app.mapper.to_domain_event(record)))
        except Exception:  # tampered bytes: say where, and keep going
            found.append(record.originator_version)
    readable = iter(with_originals(e for e in found if isinstance(e, HistoryEntry)))
    return [next(readable) if isinstance(e, HistoryEntry) else e for e in found]


def export_records(
    app: CaseManagement, case_id: UUID, *, clinical: bool
) -> Iterator[dict[str, Any]]:
    """One record per stored event (or per undecodable one), then the manifest of
    the application's own verification (with its witness, where it has one)."""
    stored = app.recorder.select_events(case_id)
    if not stored:
        raise CaseNotFound(case_id)
    kinds: dict[int, str] = {}
    count, last_chain = 0, None
    for entry in _decoded(app, stored):
        if not isinstance(entry, HistoryEntry):
            yield {"record": "unreadable", "case_id": str(case_id),
                   "version": entry, "reason": UNREADABLE}  # fmt: skip
            continue
        kinds[entry.version] = entry.event_type
        line = _event_record(case_id, entry, clinical)
        if entry.is_a(Case.EntryCorrected):
            line["correction"] = _correction(entry, kinds, clinical)
        count, last_chain = count + 1, entry.chain
        yield line
    report = app.verify(case_id)
    yield {
        "record": "manifest",
        "case_id": str(case_id),
        "view": "clinical" if clinical else "audit",
        "event_count": count,
        "last_version": stored[-1].originator_version,
        "last_chain": last_chain,
        "intact": report.intact,
        "events_verified": report.events_checked,
        "first_broken_version": report.first_broken_version,
        "reason": report.reason or None,
    }


def jsonl(records: Iterable[dict[str, Any]]) -> str:
    """One compact JSON document per line, each line ending in a newline."""
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
