"""Replay and diff: the plan and its coherence after each event, or between two."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from application.cases import CaseManagement
from application.history import EventLine, history_entry
from application.walk import (
    case_at,
    check_version,
    events_between,
    fold,
    last_version,
    replayed,
)
from domain.case_view import plan_of
from domain.coherence import Finding
from domain.exceptions import InvalidValue
from domain.plain import plain
from domain.plan_diff import Change, PlanDiff, diff_plans, finding_changes
from domain.reports import coherence_report, plan_report

MAX_LIMIT = 500


@dataclass(frozen=True)
class ReplayStep(EventLine):
    """One event, who made it and when, and the plan and coherence it left."""

    plan: dict[str, Any]
    coherence: dict[str, Any]
    appeared: list[dict[str, Any]]
    resolved: list[dict[str, Any]]


@dataclass(frozen=True)
class ReplayPage:
    case_id: UUID
    items: list[ReplayStep]
    total: int
    limit: int
    offset: int


def replay(
    app: CaseManagement, case_id: UUID, *, limit: int = 50, offset: int = 0
) -> ReplayPage:
    """Steps offset+1 .. offset+limit of the history, folded once from the case
    as it stood just before the page (its latest snapshot, then its events)."""
    if not 1 <= limit <= MAX_LIMIT:
        raise InvalidValue("limit", f"must be from 1 to {MAX_LIMIT}")
    if offset < 0:
        raise InvalidValue("offset", "must be 0 or more")
    total = last_version(app, case_id)
    start = min(offset, total)
    base = case_at(app, case_id, start)
    previous: tuple[Finding, ...] = ()
    if base is not None:
        previous = app.coherence(plan_of(base)).findings
    steps = []
    for event, case in fold(base, events_between(app, case_id, start, start + limit)):
        plan = plan_of(case)
        coherence = app.coherence(plan)
        changes = finding_changes(previous, coherence.findings)
        steps.append(
            ReplayStep(
                **history_entry(event).line(),
                plan=plan_report(plan, app.catalogue),
                coherence=coherence_report(coherence),
                appeared=plain(changes.appeared),
                resolved=plain(changes.resolved),
            )
        )
        previous = coherence.findings
    return ReplayPage(case_id, steps, total, limit, offset)


def diff(
    app: CaseManagement, case_id: UUID, from_version: int, to_version: int
) -> dict[str, Any]:
    """How the plan at `to_version` differs from the plan at `from_version`.

    `from_version` may equal `to_version` (nothing changed) but not follow it:
    the diff reads forwards, as the history was written.
    """
    last = last_version(app, case_id)
    check_version("from", from_version, last)
    check_version("to", to_version, last)
    if from_version > to_version:
        raise InvalidValue(
            "to", f"must not be earlier than from ({from_version}): diffs read forwards"
        )
    case = case_at(app, case_id, from_version)
    assert case is not None
    before = plan_of(case)
    events = list(events_between(app, case_id, from_version, to_version))
    case = replayed(case, events)
    assert case is not None
    after = plan_of(case)
    changed = diff_plans(before, after, app.coherence(before), app.coherence(after))
    return {
        "case_id": case_id,
        **diff_report(changed),
        # Every event of the range, so that no range looks empty: rationales,
        # sessions, measures and signatures change the record, if not the plan.
        "events": [history_entry(event).line() for event in events],
    }


def _change(change: Change) -> dict[str, Any]:
    return {"from": plain(change.before), "to": plain(change.after)}


def _changes(changes: Any) -> dict[str, Any]:
    return {plain(key): _change(change) for key, change in changes.items()}


def diff_report(changed: PlanDiff) -> dict[str, Any]:
    """A plan diff as plain data, each change as {"from": ..., "to": ...}."""
    assessment = changed.assessment
    return {
        "from_version": changed.from_version,
        "to_version": changed.to_version,
        "phase": _change(changed.phase),
        "case_status": _change(changed.case_status),
        "techniques": {
            "added": list(changed.techniques_added),
            "removed": list(changed.techniques_removed),
        },
        "goals": {
            "added": plain(changed.goals_added),
            "removed": plain(changed.goals_removed),
            "changed": [
                {"goal_id": g.goal_id, "changes": _changes(g.changes)}
                for g in changed.goals_changed
            ],
        },
        "assessment": {
            "from_version": assessment.from_version,
            "to_version": assessment.to_version,
            "fields": _changes(assessment.fields),
            "basic_id": _changes(assessment.basic_id),
            "basic_id_notes": _changes(assessment.basic_id_notes),
        },
        "coherence": {
            "status": _change(changed.coherence_status),
            "appeared": plain(changed.findings.appeared),
            "resolved": plain(changed.findings.resolved),
        },
    }
