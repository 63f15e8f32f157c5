"""Export for review as a FHIR R4 Bundle: the CarePlan, its Goals, the provenance
of every event and an AuditEvent per access-log row, built as plain dicts.

The clinical view carries goal descriptions, rationales and correction reasons;
the audit view leaves out every clinical free text, as the History view does
for auditors, and names goals by their ids instead.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from application.cases import CaseManagement
from application.fhir_refs import (
    CASE_SYSTEM,
    GOAL_SYSTEM,
    MODALITY_SYSTEM,
    STRATEGY_SYSTEM,
    TECHNIQUE_SYSTEM,
    VERIFICATION_SYSTEM,
    VIEW_SYSTEM,
    client,
    coding,
    concept,
    full_url,
    instant,
    person,
    resource_id,
)
from application.fhir_trail import audit_event, entry_for, provenance
from application.history import HistoryEntry, history_entry
from application.walk import events_between, replayed
from domain.case import Case
from domain.case_view import plan_of
from domain.exceptions import CaseNotFound, HistoryDamaged
from domain.plan import Goal, Plan, TechniqueUse
from domain.vocabulary import ClosingReason, GoalStatus

ACHIEVEMENT = "http://terminology.hl7.org/CodeSystem/goal-achievement"
LIFECYCLE = {
    GoalStatus.IN_PROGRESS: "active",
    GoalStatus.ACHIEVED: "completed",
    GoalStatus.REVISED: "active",  # still pursued, in its revised form
    GoalStatus.DROPPED: "cancelled",
}
ACHIEVED = {GoalStatus.IN_PROGRESS: "in-progress", GoalStatus.ACHIEVED: "achieved"}


def _goal(case_id: UUID, plan: Plan, goal: Goal, clinical: bool) -> dict[str, Any]:
    lifecycle = LIFECYCLE[goal.status]
    if lifecycle == "active" and not goal.agreed_with_client:
        lifecycle = "proposed"
    achieved = ACHIEVED.get(goal.status)
    return {
        "resourceType": "Goal",
        "id": resource_id(case_id, f"goal:{goal.goal_id}"),
        "identifier": [{"system": GOAL_SYSTEM, "value": goal.goal_id}],
        "lifecycleStatus": lifecycle,
        "achievementStatus": (
            concept(ACHIEVEMENT, achieved, goal.status.value)
            if achieved
            else {"text": goal.status.value}
        ),
        "category": [concept(MODALITY_SYSTEM, m.value) for m in goal.modalities],
        "description": {
            "text": goal.description if clinical else f"goal {goal.goal_id}"
        },
        "subject": client(plan.client_ref),
        "expressedBy": person(plan.clinician_id),
    }


def _activity(
    case_id: UUID, plan: Plan, use: TechniqueUse, app: CaseManagement, clinical: bool
) -> dict[str, Any]:
    entry = app.catalogue.techniques.get(use.technique)
    name = entry.name if entry else use.technique
    detail: dict[str, Any] = {
        "code": {"coding": [coding(TECHNIQUE_SYSTEM, use.technique, name)],
                 "text": name},
        "status": "in-progress",
        "goal": [
            {"reference": full_url(resource_id(case_id, f"goal:{goal_id}"))}
            for goal_id in use.goal_ids
        ],
    }  # fmt: skip
    if entry is not None:
        detail["reasonCode"] = [{"text": f"{entry.school.value} ({entry.tier.value})"}]
    rationale = plan.rationale_for_technique(use)
    if clinical and rationale is not None:
        detail["description"] = rationale.text
    return {"detail": detail}


def _status(case: Case) -> str:
    if case.is_open:
        return "active"
    reason = case.closures[-1].reason if case.closures else None
    return "completed" if reason is ClosingReason.COMPLETED else "revoked"


def _care_plan(
    app: CaseManagement,
    case: Case,
    plan: Plan,
    history: list[HistoryEntry],
    clinical: bool,
) -> dict[str, Any]:
    coherence = app.coherence(plan)
    period = {"start": instant(history[0].timestamp)}
    closed = [e for e in history if e.is_a(Case.CaseClosed)]
    if not case.is_open and closed:
        period["end"] = instant(closed[-1].timestamp)
    note = f"Coherence {coherence.status.value} (policy {coherence.policy_version})"
    if coherence.findings:
        note += ": " + "; ".join(f"{f.rule} {f.subject}" for f in coherence.findings)
    return {
        "resourceType": "CarePlan",
        "id": str(case.id),
        "identifier": [{"system": CASE_SYSTEM, "value": str(case.id)}],
        "status": _status(case),
        "intent": "plan",
        "category": [concept(STRATEGY_SYSTEM, plan.strategy.value)],
        "title": f"Integrative psychotherapy plan of {plan.client_ref}",
        "description": f"{plan.strategy.value}, phase {plan.phase.value},"
        f" version {plan.version}",
        "subject": client(plan.client_ref),
        "period": period,
        "created": instant(history[0].timestamp),
        "author": person(plan.clinician_id),
        "contributor": [person(p) for p in (plan.clinician_id, *plan.supervisor_ids)],
        "goal": [
            {"reference": full_url(resource_id(case.id, f"goal:{g.goal_id}"))}
            for g in plan.goals
        ],
        "activity": [
            _activity(case.id, plan, use, app, clinical)
            for use in plan.active_techniques
        ],
        "note": [{"text": note}],
    }  # fmt: skip


def fhir_bundle(
    app: CaseManagement,
    case_id: UUID,
    access: Iterable[Mapping[str, Any]] = (),
    *,
    clinical: bool,
    exported_at: datetime | None = None,
) -> dict[str, Any]:
    """A `collection` Bundle of the case as it stands, folded once from its events.

    `access` is the case's access log as plain rows; pass none to leave AuditEvents
    out for readers who may not see the access log.
    """
    verified = app.verify(case_id)
    if not verified.intact:
        raise HistoryDamaged(verified.first_broken_version, verified.reason)
    events = list(events_between(app, case_id, 0))
    case = replayed(None, events)
    history = [history_entry(event) for event in events]
    if case is None:
        raise CaseNotFound(case_id)
    plan = plan_of(case)
    care_plan = _care_plan(app, case, plan, history, clinical)
    plan_url = full_url(care_plan["id"])
    resources = [
        care_plan,
        *(_goal(case_id, plan, goal, clinical) for goal in plan.goals),
        *(provenance(case_id, plan_url, e, clinical=clinical) for e in history),
        *(audit_event(case_id, plan_url, row) for row in access),
    ]
    view = "clinical" if clinical else "audit"
    return {
        "resourceType": "Bundle",
        "id": resource_id(case_id, f"export:{case.version}:{view}"),
        "meta": {
            "tag": [
                coding(VIEW_SYSTEM, view),
                coding(
                    VERIFICATION_SYSTEM,
                    "intact",
                    f"chain verified over {verified.events_checked} events",
                ),
            ]
        },
        "type": "collection",
        "timestamp": instant(exported_at or datetime.now(UTC)),
        "entry": [entry_for(r) for r in resources],
    }
