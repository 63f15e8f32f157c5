"""Coherence: findings computed from a plan's state under a versioned policy."""

from __future__ import annotations

from domain.catalogue import Catalogue
from domain.coherence import (
    common_factors,
    fit,
    metatheory,
    rationale,
    sequencing,
    supervision,
)
from domain.coherence.base import Rule
from domain.coherence.findings import (
    Coherence,
    Finding,
    Observation,
    finding,
    status_of,
)
from domain.coherence.policy import DEFAULT_POLICY, Policy, variant_code
from domain.plan import Plan

RULES: tuple[Rule, ...] = (
    *sequencing.RULES,
    *fit.RULES,
    *rationale.RULES,
    *metatheory.RULES,
    *common_factors.RULES,
    *supervision.RULES,
)
"""Every rule, in the order DOMAIN.md lists them."""


def assess(
    plan: Plan, catalogue: Catalogue, policy: Policy = DEFAULT_POLICY
) -> Coherence:
    """The plan's findings and status under `policy`, most severe first."""
    found: list[Finding] = []
    for rule in RULES:
        if policy.severity_for(rule.code, plan.strategy) is None:
            continue
        for seen in rule(plan, catalogue, policy):
            code = (
                rule.code
                if seen.variant is None
                else variant_code(rule.code, seen.variant)
            )
            severity = policy.severity_for(code, plan.strategy)
            if severity is not None:
                found.append(finding(rule.code, severity, seen))
    found.sort(key=lambda f: f.sort_key)
    return Coherence(
        status=status_of(found), findings=tuple(found), policy_version=policy.version
    )


__all__ = [
    "DEFAULT_POLICY",
    "RULES",
    "Coherence",
    "Finding",
    "Observation",
    "Policy",
    "Rule",
    "assess",
    "status_of",
]
