"""Fit rules: does each technique suit the client as assessed?"""

from __future__ import annotations

from collections.abc import Iterator

from domain.catalogue import Catalogue
from domain.coherence.base import active_entries, labelled, rule, subject_of
from domain.coherence.findings import Observation
from domain.coherence.policy import Policy
from domain.plan import Plan
from domain.vocabulary import Level


@rule("FIT-NO-ASSESSMENT")
def added_before_assessment(
    plan: Plan, catalogue: Catalogue, policy: Policy
) -> Iterator[Observation]:
    """A technique was added before any assessment."""
    for use, technique in active_entries(plan, catalogue):
        if plan.assessment_before(use.added_version) is None:
            yield Observation(
                f"{labelled(technique)} was added before any assessment of the client.",
                subject_of(use),
                (use.added_version,),
            )


@rule("FIT-STAGE")
def stage_presumed(
    plan: Plan, catalogue: Catalogue, policy: Policy
) -> Iterator[Observation]:
    """A technique presumes a later stage of change than the client's."""
    assessment = plan.latest_assessment
    if assessment is None:
        return
    stage = assessment.stage_of_change
    for use, technique in active_entries(plan, catalogue):
        needed = technique.min_stage
        if needed is not None and needed.rank > stage.rank:
            yield Observation(
                f"{labelled(technique)} presumes the {needed} stage of change; "
                f"the client was assessed at {stage}.",
                subject_of(use),
                (use.added_version, *assessment.cites),
            )


@rule("FIT-MINDEDNESS")
def mindedness_presumed(
    plan: Plan, catalogue: Catalogue, policy: Policy
) -> Iterator[Observation]:
    """A technique needs more psychological mindedness than assessed."""
    assessment = plan.latest_assessment
    if assessment is None:
        return
    assessed = assessment.psychological_mindedness
    for use, technique in active_entries(plan, catalogue):
        if technique.min_mindedness.rank > assessed.rank:
            yield Observation(
                f"{labelled(technique)} needs {technique.min_mindedness} psychological "
                f"mindedness; the client was assessed as {assessed}.",
                subject_of(use),
                (use.added_version, *assessment.cites),
            )


@rule("FIT-REACTIVITY")
def reactivity_caution(
    plan: Plan, catalogue: Catalogue, policy: Policy
) -> Iterator[Observation]:
    """A technique that calls for caution is active while reactivity is high."""
    assessment = plan.latest_assessment
    if assessment is None or assessment.emotional_reactivity is not Level.HIGH:
        return
    for use, technique in active_entries(plan, catalogue):
        if technique.reactivity_caution:
            yield Observation(
                f"{labelled(technique)} calls for caution with emotionally reactive "
                "clients, and the client's reactivity was assessed as high.",
                subject_of(use),
                (use.added_version, *assessment.cites),
            )


RULES = (
    added_before_assessment,
    stage_presumed,
    mindedness_presumed,
    reactivity_caution,
)
