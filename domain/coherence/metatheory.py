"""Metatheory rules: each integration strategy's own test of principled integration."""

from __future__ import annotations

from collections.abc import Iterator

from domain.catalogue import Catalogue, Compatibility, Technique
from domain.coherence.base import active_entries, labelled, rule, subject_of
from domain.coherence.findings import Observation
from domain.coherence.policy import Policy
from domain.plan import Plan
from domain.vocabulary import School, Severity, Strategy


def _school_of(technique: Technique) -> str:
    return f"{technique.name}, a {technique.school} technique,"


def _fit(catalogue: Catalogue, home: School, imported: School) -> Compatibility:
    # A pair missing from a clinic's table asks for a framing rationale rather
    # than passing silently or breaking the assessment.
    try:
        return catalogue.compatibility(home, imported)
    except KeyError:
        return Compatibility.NEEDS_FRAMING


# The home orientation and the integrated schools are set when the case is
# opened: a finding that rests on them cites the opening too.


@rule("META-CONTRADICTS")
def contradicts_home(
    plan: Plan, catalogue: Catalogue, policy: Policy
) -> Iterator[Observation]:
    """Assimilative: an imported technique contradicts the home orientation."""
    home = plan.home_orientation
    if plan.strategy is not Strategy.ASSIMILATIVE_INTEGRATION or home is None:
        return
    for use, technique in active_entries(plan, catalogue):
        if _fit(catalogue, home, technique.school) is not Compatibility.CONTRADICTS:
            continue
        clash = f"{_school_of(technique)} contradicts the {home} home orientation"
        framing = plan.rationale_for_technique(use)
        if framing is None:
            yield Observation(
                f"{clash}: its process of change denies the home theory's.",
                subject_of(use),
                (plan.opened_version, use.added_version),
            )
        else:
            yield Observation(
                f"{clash}; a rationale frames it, but the processes of change "
                "still conflict.",
                subject_of(use),
                (plan.opened_version, use.added_version, framing.version),
                variant="framed",
            )


@rule("META-UNFRAMED")
def unframed_import(
    plan: Plan, catalogue: Catalogue, policy: Policy
) -> Iterator[Observation]:
    """Assimilative: a technique that needs framing has no rationale."""
    home = plan.home_orientation
    if plan.strategy is not Strategy.ASSIMILATIVE_INTEGRATION or home is None:
        return
    for use, technique in active_entries(plan, catalogue):
        needs_framing = (
            _fit(catalogue, home, technique.school) is Compatibility.NEEDS_FRAMING
        )
        if needs_framing and plan.rationale_for_technique(use) is None:
            yield Observation(
                f"{_school_of(technique)} needs a rationale that frames it in the "
                f"goals of the {home} home theory.",
                subject_of(use),
                (plan.opened_version, use.added_version),
            )


@rule("META-OUTSIDE")
def outside_integrated_schools(
    plan: Plan, catalogue: Catalogue, policy: Policy
) -> Iterator[Observation]:
    """Theoretical: a technique's school is outside the integrated schools."""
    if plan.strategy is not Strategy.THEORETICAL_INTEGRATION:
        return
    schools = ", ".join(plan.integrated_schools)
    for use, technique in active_entries(plan, catalogue):
        if technique.school not in (*plan.integrated_schools, School.COMMON):
            yield Observation(
                f"{_school_of(technique)} lies outside the integrated schools "
                f"({schools}).",
                subject_of(use),
                (plan.opened_version, use.added_version),
            )


@rule("META-UNTARGETED")
def untargeted(
    plan: Plan, catalogue: Catalogue, policy: Policy
) -> Iterator[Observation]:
    """Technical eclecticism: a technique targets no modality assessed as a problem."""
    assessment = plan.latest_assessment
    if plan.strategy is not Strategy.TECHNICAL_ECLECTICISM or assessment is None:
        return
    floor = policy.untargeted_below_severity
    problems = {m for m, level in assessment.basic_id.items() if level >= floor}
    for use, technique in active_entries(plan, catalogue):
        if not technique.modalities & problems:
            targets = ", ".join(sorted(technique.modalities)) or "no modality"
            yield Observation(
                f"{labelled(technique)} targets {targets}; none was assessed as "
                f"{Severity(floor).name.lower()} ({floor}) or worse.",
                subject_of(use),
                (use.added_version, *assessment.cites),
            )


@rule("META-ECLECTIC")
def too_many_schools(
    plan: Plan, catalogue: Catalogue, policy: Policy
) -> Iterator[Observation]:
    """More schools than the policy allows (besides common) are active at once."""
    uses = [
        (use, technique)
        for use, technique in active_entries(plan, catalogue)
        if technique.school is not School.COMMON
    ]
    schools = sorted({technique.school for _, technique in uses})
    if len(schools) > policy.eclectic_max_schools:
        yield Observation(
            f"Techniques from {len(schools)} schools are active at once "
            f"({', '.join(schools)}); more than {policy.eclectic_max_schools} "
            "suggests mix-and-match rather than integration.",
            "case",
            tuple(use.added_version for use, _ in uses),
        )


RULES = (
    contradicts_home,
    unframed_import,
    outside_integrated_schools,
    untargeted,
    too_many_schools,
)
