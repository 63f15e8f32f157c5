"""The Case's corrections: an entry replaced later, its original kept in the history."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from eventsourcing.domain import event

from domain import entries, payloads, values
from domain.case_goals import AssessmentAndGoals
from domain.case_sessions import RationalesSessionsAndMeasures
from domain.case_state import CaseEvent, CaseState, refuse
from domain.case_supervision import SupervisionAndSignatures

CORRECTED_TEXT = ("notes", "basic_id.*.note", "description", "text", "note")
"""The free text a correction's replacement may hold: that of the entries it
corrects (assessments, goals, rationales, sessions, supervision notes)."""


class Corrections(CaseState):
    """Correcting an assessment, goal, rationale, session or supervision note."""

    def correct_entry(
        self, corrects: int, reason: str, replacement: Mapping[str, Any]
    ) -> None:
        version = values.version(corrects, "corrects")
        self._check_version_exists(version, "corrects")
        kind = self.kinds[version - 1]
        if kind not in CORRECTABLE:
            raise refuse(
                "correctable",
                f"version {version} is a {kind}, which cannot be corrected",
            )
        reason = values.text(reason, "reason", required=True)
        _, validate = CORRECTABLE[kind]
        payload = validate(replacement)
        entry = self._entry(version)
        kept = entries.identity(entry)
        if kept is not None and payload[kept[0]] != kept[1]:
            raise refuse(
                "correction-keeps-identity", f"a correction cannot change {kept[0]}"
            )
        self._check_references(payload, entry)
        self._correct_entry(corrects=version, reason=reason, replacement=payload)

    def _check_references(
        self, payload: payloads.Payload, entry: entries.Correctable
    ) -> None:
        """What the replacement names exists, as for a new entry of its kind:
        its goals, the versions it refers to, the active techniques a session
        used (or those the corrected session named, which may have stopped since)."""
        self._check_goals_exist(payload.get("goal_ids", []))
        for referred in payload.get("refers_to", []):
            self._check_version_exists(referred, "refers_to")
        named = getattr(entry, "techniques_used", ())
        usable = {*self.active_technique_ids(), *named}
        for technique in payload.get("techniques_used", []):
            if technique not in usable:
                raise refuse(
                    "techniques-active", f"{technique!r} is not an active technique"
                )

    class EntryCorrected(CaseEvent):
        corrects: int
        reason: str
        replacement: dict[str, Any]
        FREE_TEXT = ("reason", *(f"replacement.{p}" for p in CORRECTED_TEXT))

    @event(EntryCorrected)
    def _correct_entry(
        self, corrects: int, reason: str, replacement: dict[str, Any]
    ) -> None:
        held = self._entries(corrects)
        at = next(i for i, e in enumerate(held) if e.version == corrects)
        held[at] = entries.corrected(held[at], replacement, self._next_version())
        self.corrections.append(
            entries.Correction(self._next_version(), corrects, reason)
        )

    def _entries(self, version: int) -> list[entries.Correctable]:
        """The list that holds the correctable entry recorded at `version`."""
        attribute, _ = CORRECTABLE[self.kinds[version - 1]]
        found: list[entries.Correctable] = getattr(self, attribute)
        return found

    def _entry(self, version: int) -> entries.Correctable:
        return next(e for e in self._entries(version) if e.version == version)


CORRECTABLE: dict[str, tuple[str, Callable[[object], payloads.Payload]]] = {
    AssessmentAndGoals.AssessmentRecorded.__name__: (
        "assessments",
        payloads.assessment,
    ),
    AssessmentAndGoals.GoalAgreed.__name__: ("goals", payloads.goal),
    RationalesSessionsAndMeasures.RationaleGiven.__name__: (
        "rationales",
        payloads.rationale,
    ),
    RationalesSessionsAndMeasures.SessionRecorded.__name__: (
        "sessions",
        payloads.session,
    ),
    SupervisionAndSignatures.SupervisionNoteRecorded.__name__: (
        "notes",
        payloads.supervision_note,
    ),
}
"""The kinds of entry a correction may replace, by event name: the case's list
that holds them and the validator of their payload."""
