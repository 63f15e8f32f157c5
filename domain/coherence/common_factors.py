"""Common-factor rules: the alliance is measured, and strong enough for deep work."""

from __future__ import annotations

from collections.abc import Iterator

from domain.catalogue import Catalogue
from domain.coherence.base import active_entries, is_deep, rule
from domain.coherence.findings import Observation
from domain.coherence.policy import Policy
from domain.plan import Measure, Plan
from domain.vocabulary import Instrument


def is_low(measure: Measure, policy: Policy) -> bool:
    """Whether an alliance score falls at or under the policy's line for its scale."""
    if measure.instrument is Instrument.SRS:
        return measure.score <= policy.srs_low_at_most
    if measure.instrument is Instrument.WAI_SR:
        return measure.score < policy.wai_sr_low_below
    return False


@rule("CF-UNMEASURED")
def alliance_unmeasured(
    plan: Plan, catalogue: Catalogue, policy: Policy
) -> Iterator[Observation]:
    """Several sessions have been recorded since the alliance was last measured."""
    latest = plan.latest_alliance
    since = latest.version if latest is not None else plan.opened_version
    sessions = [s.version for s in plan.sessions if s.version > since]
    if len(sessions) >= policy.unmeasured_sessions:
        when = (
            f"the latest alliance measure ({latest.session_date})"
            if latest is not None
            else "the case opened, with no alliance measure yet"
        )
        yield Observation(
            f"{len(sessions)} sessions have been recorded since {when}.",
            "case",
            # The latest measure, or else the opening it counts from.
            (*sessions, latest.version if latest is not None else plan.opened_version),
        )


@rule("CF-LOW-ALLIANCE")
def low_alliance_deep_work(
    plan: Plan, catalogue: Catalogue, policy: Policy
) -> Iterator[Observation]:
    """The latest alliance is low while insight or exposure work is active."""
    latest = plan.latest_alliance
    if latest is None or not is_low(latest, policy):
        return
    deep = [(u, t) for u, t in active_entries(plan, catalogue) if is_deep(t)]
    if deep:
        names = ", ".join(technique.name for _, technique in deep)
        yield Observation(
            f"The latest alliance measure ({latest.instrument.name} {latest.score}) "
            f"is low while insight or exposure work is active: {names}.",
            "case",
            (latest.version, *(use.added_version for use, _ in deep)),
        )


RULES = (alliance_unmeasured, low_alliance_deep_work)
