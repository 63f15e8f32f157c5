"""Builders for the plans the coherence rules read, with sound defaults."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from domain.coherence import DEFAULT_POLICY, Coherence, Finding, Policy, assess
from domain.plan import (
    Assessment,
    Goal,
    Measure,
    PhaseChange,
    Plan,
    Rationale,
    SessionRecord,
    Signature,
    TechniqueUse,
)
from domain.vocabulary import (
    GoalStatus,
    Instrument,
    LearningStyle,
    Level,
    Modality,
    Phase,
    RationaleSubject,
    RelationalStyle,
    Risk,
    School,
    SignatureMeaning,
    SignatureOutcome,
    StageOfChange,
    Strategy,
)
from tests.unit.coherence.local_catalogue import CATALOGUE


def assessment(version: int = 2, **changes: Any) -> Assessment:
    """A client fit for any technique in the test catalogue, unless changed."""
    base = Assessment(
        version=version,
        basic_id={modality: 2 for modality in Modality},
        basic_id_notes={},
        stage_of_change=StageOfChange.ACTION,
        relational_style=RelationalStyle.SECURE,
        learning_style=LearningStyle.EXPERIENTIAL,
        psychological_mindedness=Level.HIGH,
        emotional_reactivity=Level.MODERATE,
        risk=Risk.LOW,
        notes="",
    )
    return replace(base, **changes)


def goal(goal_id: str = "g1", version: int = 3, **changes: Any) -> Goal:
    base = Goal(
        goal_id=goal_id,
        description="Feel safe at home",
        modalities=(Modality.AFFECT,),
        agreed_with_client=True,
        status=GoalStatus.IN_PROGRESS,
        version=version,
    )
    return replace(base, **changes)


def use(technique: str, added: int, discontinued: int | None = None) -> TechniqueUse:
    return TechniqueUse(technique, ("g1",), "", added, discontinued)


def rationale(
    ref: str,
    version: int,
    kind: RationaleSubject = RationaleSubject.TECHNIQUE,
    goal_ids: tuple[str, ...] = ("g1",),
    explained: bool = True,
) -> Rationale:
    return Rationale(version, kind, ref, goal_ids, "Because.", explained)


def phase_change(version: int, to: Phase, advanced: bool = True) -> PhaseChange:
    earlier = list(Phase)[to.rank - 1] if advanced else Phase.PROCESSING
    return PhaseChange(version, earlier, to, advanced)


def session(version: int) -> SessionRecord:
    return SessionRecord(version, "2026-01-05", (), "")


def alliance(
    version: int, score: int = 38, instrument: Instrument = Instrument.SRS
) -> Measure:
    return Measure(version, instrument, score, "2026-01-05")


def approval(version: int, signed_version: int | None = None) -> Signature:
    return Signature(
        version=version,
        signed_at=datetime(2026, 1, 5, 10, 0, tzinfo=UTC),
        signer_id="sup-1",
        meaning=SignatureMeaning.APPROVED,
        signed_version=signed_version if signed_version is not None else version - 1,
        signed_chain_value="chain",
        outcome=SignatureOutcome.APPROVED,
        comment="",
    )


def plan(**changes: Any) -> Plan:
    """A sound case in stabilization: assessed, goal agreed, grounding explained."""
    base = Plan(
        case_id="case-1",
        version=5,
        client_ref="client-1",
        clinician_id="clin-1",
        supervisor_ids=("sup-1",),
        strategy=Strategy.TECHNICAL_ECLECTICISM,
        home_orientation=None,
        integrated_schools=(),
        is_open=True,
        phase=Phase.STABILIZATION,
        assessments=(assessment(2),),
        goals=(goal("g1", 3),),
        techniques=(use("grounding", 4),),
        rationales=(rationale("grounding", 5),),
    )
    return replace(base, **changes)


def adding(base: Plan, technique: str, version: int, *, explained: bool = True) -> Plan:
    """`base` with `technique` added at `version` and its rationale given just after."""
    return replace(
        base,
        version=version + 1,
        techniques=(*base.techniques, use(technique, version)),
        rationales=(
            *base.rationales,
            rationale(technique, version + 1, explained=explained),
        ),
    )


def found(
    subject_plan: Plan, rule: str, policy: Policy = DEFAULT_POLICY
) -> tuple[Finding, ...]:
    """The findings `rule` contributes when the plan is assessed."""
    return of_rule(assess(subject_plan, CATALOGUE, policy), rule)


def of_rule(coherence: Coherence, rule: str) -> tuple[Finding, ...]:
    return tuple(f for f in coherence.findings if f.rule == rule)


def assimilative(home: School, *techniques: str, framed: bool = False) -> Plan:
    base = plan(
        strategy=Strategy.ASSIMILATIVE_INTEGRATION,
        home_orientation=home,
        phase=Phase.PROCESSING,
    )
    uses = tuple(use(t, 6 + 2 * i) for i, t in enumerate(techniques))
    framing = tuple(rationale(u.technique, u.added_version + 1) for u in uses)
    return replace(
        base,
        techniques=(*base.techniques, *uses),
        rationales=(*base.rationales, *(framing if framed else ())),
    )
