"""Supervision rules: deep work that a supervisor has not yet approved."""

from __future__ import annotations

from collections.abc import Iterator

from domain.catalogue import Catalogue
from domain.coherence.base import active_entries, is_deep, labelled, rule, subject_of
from domain.coherence.findings import Observation
from domain.coherence.policy import Policy
from domain.plan import Plan, Signature
from domain.vocabulary import SignatureMeaning, SignatureOutcome


def last_approval(plan: Plan) -> Signature | None:
    approvals = [
        s
        for s in plan.signatures
        if s.meaning is SignatureMeaning.APPROVED
        and s.outcome is SignatureOutcome.APPROVED
    ]
    return approvals[-1] if approvals else None


@rule("SUP-PENDING")
def deep_work_unapproved(
    plan: Plan, catalogue: Catalogue, policy: Policy
) -> Iterator[Observation]:
    """Insight or exposure work was added since the last approval signature."""
    approval = last_approval(plan)
    # An approval covers the history it signed, not what was added while it waited.
    covered = approval.signed_version if approval is not None else 0
    for use, technique in active_entries(plan, catalogue):
        if is_deep(technique) and use.added_version > covered:
            when = "after the last approval" if approval else "before any approval"
            yield Observation(
                f"{labelled(technique)} was added {when}; it awaits a "
                "supervisor's approval.",
                subject_of(use),
                (use.added_version, *([approval.version] if approval else [])),
            )


RULES = (deep_work_unapproved,)
