"""Plain-data reports of a plan and its coherence, for the CLI, API and read models."""

from __future__ import annotations

from typing import Any

from domain.catalogue import Catalogue
from domain.coherence import Coherence, Finding
from domain.plain import plain
from domain.plan import Plan, TechniqueUse


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
