"""What changed between two plans: techniques, phase, goals, assessment, coherence."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from domain.coherence import Coherence, Finding
from domain.plan import Assessment, Goal, Plan
from domain.vocabulary import Modality

FindingKey = tuple[str, str]
ASSESSMENT_FIELDS = (
    "stage_of_change",
    "relational_style",
    "learning_style",
    "psychological_mindedness",
    "emotional_reactivity",
    "risk",
    "notes",
)
GOAL_FIELDS = ("description", "modalities", "agreed_with_client", "status")


@dataclass(frozen=True)
class Change:
    """One value as it was, and as it became."""

    before: Any
    after: Any


@dataclass(frozen=True)
class FindingChanges:
    """Findings that appeared or were resolved, matched by (rule, subject)."""

    appeared: tuple[Finding, ...] = ()
    resolved: tuple[Finding, ...] = ()


@dataclass(frozen=True)
class GoalChange:
    goal_id: str
    changes: Mapping[str, Change]


@dataclass(frozen=True)
class AssessmentChange:
    """The latest assessment's fields that differ; BASIC I.D. per modality."""

    from_version: int | None
    to_version: int | None
    fields: Mapping[str, Change] = field(default_factory=dict)
    basic_id: Mapping[Modality, Change] = field(default_factory=dict)
    basic_id_notes: Mapping[Modality, Change] = field(default_factory=dict)


@dataclass(frozen=True)
class PlanDiff:
    from_version: int
    to_version: int
    phase: Change
    case_status: Change
    techniques_added: tuple[str, ...]
    techniques_removed: tuple[str, ...]
    goals_added: tuple[Goal, ...]
    goals_removed: tuple[Goal, ...]
    goals_changed: tuple[GoalChange, ...]
    assessment: AssessmentChange
    coherence_status: Change
    findings: FindingChanges


def finding_key(finding: Finding) -> FindingKey:
    """A finding's stable identity from one version to the next."""
    return (finding.rule, finding.subject)


def finding_changes(
    before: Iterable[Finding], after: Iterable[Finding]
) -> FindingChanges:
    """What appeared in `after` and what `after` no longer has, in engine order."""
    old = {finding_key(f): f for f in before}
    new = {finding_key(f): f for f in after}
    return FindingChanges(
        appeared=tuple(f for key, f in new.items() if key not in old),
        resolved=tuple(f for key, f in old.items() if key not in new),
    )


def _changes(
    before: Mapping[Any, Any], after: Mapping[Any, Any], keys: Iterable[Any]
) -> dict[Any, Change]:
    return {
        key: Change(before.get(key), after.get(key))
        for key in keys
        if before.get(key) != after.get(key)
    }


def _assessment_fields(assessment: Assessment | None) -> dict[str, Any]:
    if assessment is None:
        return {}
    return {name: getattr(assessment, name) for name in ASSESSMENT_FIELDS}


def assessment_change(
    before: Assessment | None, after: Assessment | None
) -> AssessmentChange:
    """Field by field, the latest assessment at one version against another's."""
    return AssessmentChange(
        from_version=before.version if before else None,
        to_version=after.version if after else None,
        fields=_changes(
            _assessment_fields(before), _assessment_fields(after), ASSESSMENT_FIELDS
        ),
        basic_id=_changes(
            before.basic_id if before else {}, after.basic_id if after else {}, Modality
        ),
        basic_id_notes=_changes(
            before.basic_id_notes if before else {},
            after.basic_id_notes if after else {},
            Modality,
        ),
    )


def _goal_fields(goal: Goal) -> dict[str, Any]:
    return {name: getattr(goal, name) for name in GOAL_FIELDS}


def _goal_changes(before: Plan, after: Plan) -> tuple[GoalChange, ...]:
    found = []
    for goal in after.goals:
        earlier = before.goal(goal.goal_id)
        if earlier is None:
            continue
        changes = _changes(_goal_fields(earlier), _goal_fields(goal), GOAL_FIELDS)
        if changes:
            found.append(GoalChange(goal.goal_id, changes))
    return tuple(found)


def _active_uses(plan: Plan) -> dict[tuple[str, int], str]:
    # An addition is identified by its version: a technique discontinued and
    # added again in between counts as removed and added.
    return {(u.technique, u.added_version): u.technique for u in plan.active_techniques}


def diff_plans(
    before: Plan, after: Plan, was: Coherence, became: Coherence
) -> PlanDiff:
    """How `after` differs from `before`, with each plan's coherence."""
    old_uses, new_uses = _active_uses(before), _active_uses(after)
    old_goals = {g.goal_id for g in before.goals}
    new_goals = {g.goal_id for g in after.goals}
    return PlanDiff(
        from_version=before.version,
        to_version=after.version,
        phase=Change(before.phase, after.phase),
        case_status=Change(_status(before), _status(after)),
        techniques_added=tuple(t for k, t in new_uses.items() if k not in old_uses),
        techniques_removed=tuple(t for k, t in old_uses.items() if k not in new_uses),
        goals_added=tuple(g for g in after.goals if g.goal_id not in old_goals),
        goals_removed=tuple(g for g in before.goals if g.goal_id not in new_goals),
        goals_changed=_goal_changes(before, after),
        assessment=assessment_change(before.latest_assessment, after.latest_assessment),
        coherence_status=Change(was.status, became.status),
        findings=finding_changes(was.findings, became.findings),
    )


def _status(plan: Plan) -> str:
    return "open" if plan.is_open else "closed"
