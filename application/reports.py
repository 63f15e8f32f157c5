"""Plain-data reports of a plan and its coherence, for the CLI, API and read models."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from datetime import datetime
from enum import Enum
from functools import cache
from typing import Any

from domain.catalogue import Catalogue
from domain.coherence import Coherence
from domain.plan import Plan, TechniqueUse

SCALARS = (str, int, float, bool, type(None))


@cache
def _field_names(kind: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(kind))


def plain(value: Any) -> Any:
    """Dataclasses, enums, times and tuples as JSON values.

    Every read-model write converts a whole plan, so the common cases go first
    and a dataclass's field names are looked up once per type."""
    if isinstance(value, Enum):  # before the scalars: a StrEnum is a str
        return value.value
    if isinstance(value, SCALARS):
        return value
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, datetime):
        return value.isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {name: plain(getattr(value, name)) for name in _field_names(type(value))}
    if isinstance(value, Mapping):
        return {plain(k): plain(v) for k, v in value.items()}
    if isinstance(value, (frozenset, set)):
        return sorted(plain(v) for v in value)
    return value


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
        "signatures": plain(plan.signatures),
        "review_requests": list(plan.review_requests),
    }


def coherence_report(coherence: Coherence) -> dict[str, Any]:
    return {
        "status": coherence.status.value,
        "policy_version": coherence.policy_version,
        "findings": plain(coherence.findings),
    }
