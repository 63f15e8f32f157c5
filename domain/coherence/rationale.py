"""Rationale rules: every choice explained, tied to a goal agreed with the client."""

from __future__ import annotations

from collections.abc import Iterator

from domain.catalogue import Catalogue
from domain.coherence.base import (
    active_entries,
    labelled,
    live_agreed_goal_ids,
    rule,
    subject_of,
)
from domain.coherence.findings import Observation
from domain.coherence.policy import Policy
from domain.plan import Plan, Rationale
from domain.vocabulary import RationaleSubject


def _subject(rationale: Rationale) -> str:
    return f"rationale:{rationale.version}"


def _about(rationale: Rationale, catalogue: Catalogue) -> str:
    ref = rationale.subject_ref
    if rationale.subject_kind is RationaleSubject.TECHNIQUE:
        named = catalogue.get(ref).name if ref in catalogue else ref
        return f"The rationale for {named}"
    return f"The rationale for the {ref.replace('_', ' ')} {rationale.subject_kind}"


def _count(techniques: int) -> str:
    return "1 technique is" if techniques == 1 else f"{techniques} techniques are"


@rule("RAT-MISSING")
def rationale_missing(
    plan: Plan, catalogue: Catalogue, policy: Policy
) -> Iterator[Observation]:
    """An active technique, or the latest phase change, has no rationale."""
    for use, technique in active_entries(plan, catalogue):
        if plan.rationale_for_technique(use) is None:
            yield Observation(
                f"{labelled(technique)} is active without a rationale.",
                subject_of(use),
                (use.added_version,),
            )
    change = plan.latest_phase_change
    if change is not None and plan.rationale_for_phase_change(change) is None:
        yield Observation(
            f"The move from {change.from_phase} to {change.to_phase} has no rationale.",
            f"phase:{change.to_phase}",
            (change.version,),
        )


@rule("RAT-NO-GOAL")
def rationale_without_goal(
    plan: Plan, catalogue: Catalogue, policy: Policy
) -> Iterator[Observation]:
    """A rationale links to no goal agreed with the client."""
    agreed = live_agreed_goal_ids(plan)
    for rationale in plan.current_rationales():
        if not agreed.intersection(rationale.goal_ids):
            yield Observation(
                f"{_about(rationale, catalogue)} links to no goal agreed with "
                "the client.",
                _subject(rationale),
                (rationale.version, *rationale.corrected_by),
            )


@rule("RAT-NOT-EXPLAINED")
def rationale_not_explained(
    plan: Plan, catalogue: Catalogue, policy: Policy
) -> Iterator[Observation]:
    """A rationale was not explained to the client."""
    for rationale in plan.current_rationales():
        if not rationale.explained_to_client:
            yield Observation(
                f"{_about(rationale, catalogue)} has not been explained to the client.",
                _subject(rationale),
                (rationale.version, *rationale.corrected_by),
            )


@rule("GOAL-NONE")
def no_agreed_goal(
    plan: Plan, catalogue: Catalogue, policy: Policy
) -> Iterator[Observation]:
    """Techniques are active but no goal is agreed with the client."""
    active = plan.active_techniques
    if active and not live_agreed_goal_ids(plan):
        yield Observation(
            f"{_count(len(active))} active, but no goal is agreed with the client.",
            "case",
            tuple(use.added_version for use in active),
        )


RULES = (
    rationale_missing,
    rationale_without_goal,
    rationale_not_explained,
    no_agreed_goal,
)
