"""Sequencing rules: stabilization before processing, safety before deep work."""

from __future__ import annotations

from collections.abc import Iterator

from domain.catalogue import Catalogue
from domain.coherence.base import (
    active_entries,
    entry_of,
    is_deep,
    labelled,
    rule,
    subject_of,
)
from domain.coherence.findings import Observation
from domain.coherence.policy import Policy
from domain.plan import Plan
from domain.vocabulary import Phase, Tier

GROUNDWORK_TIERS = frozenset({Tier.STABILIZATION, Tier.SKILLS})


@rule("SEQ-PHASE")
def phase_presumed(
    plan: Plan, catalogue: Catalogue, policy: Policy
) -> Iterator[Observation]:
    """An active technique presumes a later phase than the current one."""
    # The current phase was set by the latest phase change, else by the opening.
    change = plan.latest_phase_change
    phase_set = change.version if change else plan.opened_version
    for use, technique in active_entries(plan, catalogue):
        if technique.min_phase.rank > plan.phase.rank:
            yield Observation(
                f"{labelled(technique)} is active during {plan.phase}; "
                f"it presumes {technique.min_phase}.",
                subject_of(use),
                (use.added_version, phase_set),
            )


@rule("SEQ-RISK")
def deep_work_at_risk(
    plan: Plan, catalogue: Catalogue, policy: Policy
) -> Iterator[Observation]:
    """Insight or exposure work is active while the latest risk is high."""
    assessment = plan.latest_assessment
    if assessment is None or assessment.risk.rank < policy.deep_work_risk_at_least.rank:
        return
    for use, technique in active_entries(plan, catalogue):
        if is_deep(technique):
            yield Observation(
                f"{labelled(technique)} is active while the latest assessed risk "
                f"is {assessment.risk}; insight and exposure work presume safety.",
                subject_of(use),
                (use.added_version, *assessment.cites),
            )


@rule("SEQ-ADVANCE")
def premature_advance(
    plan: Plan, catalogue: Catalogue, policy: Policy
) -> Iterator[Observation]:
    """The phase advanced to processing at high risk or without groundwork."""
    change = plan.latest_phase_change
    if change is None or not change.advanced or change.to_phase is not Phase.PROCESSING:
        return
    reasons: list[str] = []
    cites = [change.version]
    assessment = plan.assessment_before(change.version)
    if (
        assessment is not None
        and assessment.risk.rank >= policy.advance_risk_at_least.rank
    ):
        reasons.append(f"the assessed risk was {assessment.risk}")
        cites.extend(assessment.cites)
    groundwork = [
        use
        for use in plan.techniques
        if use.added_version < change.version
        and (technique := entry_of(use, catalogue)) is not None
        and technique.tier in GROUNDWORK_TIERS
    ]
    if not groundwork:
        reasons.append("no stabilization or skills technique had been used")
    if reasons:
        yield Observation(
            f"The case advanced to processing while {' and '.join(reasons)}.",
            f"phase:{change.to_phase}",
            cites,
        )


RULES = (phase_presumed, deep_work_at_risk, premature_advance)
