"""The shape of a coherence rule, and the plan lookups several rules share."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from domain.catalogue import Catalogue, Technique
from domain.coherence.findings import Observation
from domain.coherence.policy import Policy
from domain.plan import Plan, TechniqueUse
from domain.vocabulary import DEEP_TIERS, GoalStatus

Check = Callable[[Plan, Catalogue, Policy], Iterable[Observation]]


@dataclass(frozen=True)
class Rule:
    """A named check: what it observes in a plan; the policy decides its severity."""

    code: str
    check: Check

    def __call__(
        self, plan: Plan, catalogue: Catalogue, policy: Policy
    ) -> Iterator[Observation]:
        return iter(self.check(plan, catalogue, policy))

    @property
    def description(self) -> str:
        return (self.check.__doc__ or self.code).strip().splitlines()[0]


def rule(code: str) -> Callable[[Check], Rule]:
    """Name a check function as the rule `code`."""

    def named(check: Check) -> Rule:
        return Rule(code=code, check=check)

    return named


def active_entries(
    plan: Plan, catalogue: Catalogue
) -> Iterator[tuple[TechniqueUse, Technique]]:
    """Each active technique with its catalogue entry; unknown ids are skipped."""
    for use in plan.active_techniques:
        technique = entry_of(use, catalogue)
        if technique is not None:
            yield use, technique


def entry_of(use: TechniqueUse, catalogue: Catalogue) -> Technique | None:
    return catalogue.techniques.get(use.technique)


def is_deep(technique: Technique) -> bool:
    return technique.tier in DEEP_TIERS


def labelled(technique: Technique) -> str:
    """A technique as a clinician reads it: its name and tier."""
    return f"{technique.name} ({technique.tier})"


def subject_of(use: TechniqueUse) -> str:
    return f"technique:{use.technique}"


def live_agreed_goal_ids(plan: Plan) -> frozenset[str]:
    """Goals agreed with the client that have not been dropped."""
    return frozenset(
        goal.goal_id
        for goal in plan.goals
        if goal.agreed_with_client and goal.status is not GoalStatus.DROPPED
    )
