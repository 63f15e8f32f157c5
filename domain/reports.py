"""Plain-data reports of a plan and its coherence, for the CLI, API and read models."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from datetime import datetime
from enum import Enum
from typing import Any

from domain.catalogue import Catalogue
from domain.coherence import Coherence, Finding
from domain.plan import Plan, TechniqueUse

SCALARS = (str, int, float, bool, type(None))
AS_IS = frozenset(SCALARS)
"""The exact types a JSON value keeps; subclasses (a StrEnum is a str) are not."""

Convert = Callable[[Any], Any]


def plain(value: Any) -> Any:
    """Dataclasses, enums, times and tuples as JSON values.

    Every read-model write converts a whole plan and its findings (a few hundred
    values), so how to convert is decided once per type, and scalars return at
    once."""
    kind = type(value)
    if kind in AS_IS:
        return value
    convert = _CONVERTERS.get(kind)
    if convert is None:
        convert = _CONVERTERS[kind] = _converter(kind)
    return convert(value)


_CONVERTERS: dict[type, Convert] = {}


def _converter(kind: type) -> Convert:
    """How a value of `kind` becomes a JSON value, checked in this order."""
    if issubclass(kind, Enum):  # before the scalars: a StrEnum is a str
        return _enum_value
    if issubclass(kind, SCALARS):
        return _as_is
    if issubclass(kind, (list, tuple)):
        return _listed
    if issubclass(kind, datetime):
        return _iso
    if dataclasses.is_dataclass(kind):
        return _fields_of(kind)
    if issubclass(kind, Mapping):
        return _mapped
    if issubclass(kind, (frozenset, set)):
        return _sorted
    return _as_is


def _fields_of(kind: type) -> Convert:
    names = tuple(f.name for f in dataclasses.fields(kind))

    def as_dict(value: Any) -> dict[str, Any]:
        # Scalars inline here and in _listed: a call per leaf was most of the cost.
        return {
            name: v if type(v := getattr(value, name)) in AS_IS else plain(v)
            for name in names
        }

    return as_dict


def _enum_value(value: Enum) -> Any:
    return value._value_  # what .value returns, without its descriptor


def _as_is(value: Any) -> Any:
    return value


def _listed(value: list[Any] | tuple[Any, ...]) -> list[Any]:
    return [v if type(v) in AS_IS else plain(v) for v in value]


def _iso(value: datetime) -> str:
    return value.isoformat()


def _mapped(value: Mapping[Any, Any]) -> dict[Any, Any]:
    return {plain(k): plain(v) for k, v in value.items()}


def _sorted(value: frozenset[Any] | set[Any]) -> list[Any]:
    return sorted(plain(v) for v in value)


def _technique(plan: Plan, use: TechniqueUse, catalogue: Catalogue) -> dict[str, Any]:
    entry = catalogue.techniques.get(use.technique)
    rationale = plan.rationale_for_technique(use)
    return {
        "technique": use.technique,
        "name": entry.name if entry else use.technique,
        "school": entry.school.value if entry else None,
        "tier": entry.tier.value if entry else None,
        "goal_ids": list(use.goal_ids),
        "added_version": use.added_version,
        "rationale": plain(rationale) if rationale else None,
    }


def plan_report(plan: Plan, catalogue: Catalogue) -> dict[str, Any]:
    """The current plan: what a clinician or supervisor reads first."""
    return {
        "case_id": plan.case_id,
        "version": plan.version,
        "client_ref": plan.client_ref,
        "clinician_id": plan.clinician_id,
        "supervisor_ids": list(plan.supervisor_ids),
        "status": "open" if plan.is_open else "closed",
        "strategy": plan.strategy.value,
        "home_orientation": plain(plan.home_orientation),
        "integrated_schools": plain(plan.integrated_schools),
        "phase": plan.phase.value,
        "assessment": plain(plan.latest_assessment),
        "goals": plain(plan.goals),
        "techniques": [_technique(plan, u, catalogue) for u in plan.active_techniques],
        "phase_rationale": plain(
            plan.rationale_for_phase_change(plan.latest_phase_change)
            if plan.latest_phase_change
            else None
        ),
        "strategy_rationale": plain(plan.rationale_for_strategy()),
        "latest_alliance": plain(plan.latest_alliance),
        "latest_outcome": plain(plan.latest_outcome),
        "sessions_recorded": len(plan.sessions),
        "review_requests": list(plan.review_requests),
        # Last: the plan read sends the rest as stored and closes it with
        # these, named at read time (projections/plans.py).
        "signatures": plain(plan.signatures),
    }


def coherence_report(coherence: Coherence) -> dict[str, Any]:
    return {
        "status": coherence.status.value,
        "policy_version": coherence.policy_version,
        "findings": [_finding(f) for f in coherence.findings],
    }


def _finding(found: Finding) -> dict[str, Any]:
    """`plain(found)`, spelt out: a case with many techniques has dozens of
    findings, converted after every write (tests/unit/test_plain_reports.py)."""
    return {
        "rule": found.rule,
        "severity": found.severity.value,
        "message": found.message,
        "subject": found.subject,
        "cites": list(found.cites),
    }
