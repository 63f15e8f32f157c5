"""Validation of event payloads: one place that turns raw input into stored fields.

Stored payloads hold only JSON values (str, int, bool, lists, dicts), so events
round-trip through any store unchanged and hash to the same chain value.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from domain import limits, values
from domain.exceptions import InvalidValue
from domain.vocabulary import (
    LearningStyle,
    Level,
    Modality,
    RationaleSubject,
    RelationalStyle,
    Risk,
    Severity,
    StageOfChange,
)

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

Payload = dict[str, Any]

_DATE = re.compile(limits.DATE_PATTERN)


def fields_of(command: DataclassInstance) -> dict[str, Any]:
    """A command as the raw mapping its payload's validator reads: the names are
    the payload's, nested value objects become mappings as JSON would."""
    return dataclasses.asdict(command)


def _mapping(raw: object, field: str) -> Mapping[str, Any]:
    if not isinstance(raw, Mapping):
        raise InvalidValue(field, "must be an object")
    return raw


def _only(raw: Mapping[str, Any], allowed: set[str], field: str) -> None:
    unknown = sorted(set(raw) - allowed)
    if unknown:
        raise InvalidValue(f"{field}.{unknown[0]}", "is not a known field")


def session_date(value: object, field: str = "session_date") -> str:
    if isinstance(value, date) and not isinstance(value, datetime):
        return value.isoformat()
    text = values.text(value, field, required=True, max_length=10)
    try:
        parsed = date.fromisoformat(text) if _DATE.fullmatch(text) else None
    except ValueError:  # 2026-02-30
        parsed = None
    if parsed is None:
        raise InvalidValue(field, f"{text!r} is not a date (YYYY-MM-DD)")
    return parsed.isoformat()


def basic_id(raw: object, field: str = "basic_id") -> Payload:
    """All seven BASIC I.D. modalities, each a severity 0-4 with an optional note."""
    entries = _mapping(raw, field)
    missing = [m.value for m in Modality if m.value not in entries]
    if missing:
        raise InvalidValue(f"{field}.{missing[0]}", "every modality must be rated")
    _only(entries, {m.value for m in Modality}, field)
    result: Payload = {}
    for modality in Modality:
        entry = entries[modality.value]
        where = f"{field}.{modality.value}"
        if isinstance(entry, Mapping):
            _only(entry, {"severity", "note"}, where)
            severity = entry.get("severity")
            note = values.text(
                entry.get("note"), f"{where}.note", max_length=limits.MODALITY_NOTE
            )
        else:
            severity, note = entry, ""
        low, high = min(Severity), max(Severity)
        result[modality.value] = {
            "severity": values.integer(severity, f"{where}.severity", low, high),
            "note": note,
        }
    return result


def assessment(raw: object) -> Payload:
    fields = _mapping(raw, "assessment")
    allowed = {
        "basic_id", "stage_of_change", "relational_style", "learning_style",
        "psychological_mindedness", "emotional_reactivity", "risk", "notes",
    }  # fmt: skip
    _only(fields, allowed, "assessment")

    def vocab(name: str, vocabulary: Any) -> str:
        return str(values.parse(vocabulary, fields.get(name), name).value)

    return {
        "basic_id": basic_id(fields.get("basic_id")),
        "stage_of_change": vocab("stage_of_change", StageOfChange),
        "relational_style": vocab("relational_style", RelationalStyle),
        "learning_style": vocab("learning_style", LearningStyle),
        "psychological_mindedness": vocab("psychological_mindedness", Level),
        "emotional_reactivity": vocab("emotional_reactivity", Level),
        "risk": vocab("risk", Risk),
        "notes": values.text(fields.get("notes"), "notes"),
    }


def goal(raw: object) -> Payload:
    fields = _mapping(raw, "goal")
    _only(
        fields, {"goal_id", "description", "modalities", "agreed_with_client"}, "goal"
    )
    modalities = values.parse_list(Modality, fields.get("modalities", []), "modalities")
    return {
        "goal_id": values.identifier(fields.get("goal_id"), "goal_id"),
        "description": values.text(
            fields.get("description"),
            "description",
            required=True,
            max_length=limits.GOAL_DESCRIPTION,
        ),
        "modalities": sorted({m.value for m in modalities}),
        "agreed_with_client": values.flag(
            fields.get("agreed_with_client"), "agreed_with_client"
        ),
    }


def rationale(raw: object) -> Payload:
    fields = _mapping(raw, "rationale")
    _only(fields, {"subject", "goal_ids", "text", "explained_to_client"}, "rationale")
    subject = _mapping(fields.get("subject"), "subject")
    _only(subject, {"kind", "ref"}, "subject")
    kind = values.parse(RationaleSubject, subject.get("kind"), "subject.kind")
    return {
        "subject": {
            "kind": kind.value,
            "ref": values.identifier(subject.get("ref"), "subject.ref"),
        },
        "goal_ids": values.identifiers(fields.get("goal_ids", []), "goal_ids"),
        "text": values.text(fields.get("text"), "text", required=True),
        "explained_to_client": values.flag(
            fields.get("explained_to_client"), "explained_to_client"
        ),
    }


def session(raw: object) -> Payload:
    fields = _mapping(raw, "session")
    _only(fields, {"session_date", "techniques_used", "note"}, "session")
    return {
        "session_date": session_date(fields.get("session_date")),
        "techniques_used": values.identifiers(
            fields.get("techniques_used", []), "techniques_used"
        ),
        "note": values.text(fields.get("note"), "note"),
    }


def supervision_note(raw: object) -> Payload:
    fields = _mapping(raw, "note")
    _only(fields, {"supervisor_id", "text", "refers_to"}, "note")
    refers_to = fields.get("refers_to", [])
    if not isinstance(refers_to, (list, tuple)):
        raise InvalidValue("refers_to", "must be a list of event versions")
    return {
        "supervisor_id": values.identifier(
            fields.get("supervisor_id"), "supervisor_id"
        ),
        "text": values.text(fields.get("text"), "text", required=True),
        "refers_to": sorted({values.version(v, "refers_to") for v in refers_to}),
    }
