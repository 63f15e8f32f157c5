"""The worked trauma case: stabilize, then process, then make meaning."""

from __future__ import annotations

from datetime import date

from application.cases import CaseManagement
from application.demo import CLINICIAN, SETTLED, DemoCase, assessment, severities
from domain.commands import (
    AdvancePhase,
    ChangeGoalStatus,
    DiscontinueTechnique,
    MeasureOutcome,
)
from domain.vocabulary import GoalStatus, Instrument, Level, Phase, Risk, Strategy


def trauma_case(app: CaseManagement) -> DemoCase:
    """The seeds' worked example: stabilize, then process, then make meaning."""
    case = DemoCase(app, CLINICIAN, "demo-trauma").open(Strategy.TECHNICAL_ECLECTICISM)
    case.assess(
        assessment(
            severities(
                affect=4,
                sensation=3,
                imagery=3,
                cognition=2,
                interpersonal=2,
                behavior=2,
            ),
            emotional_reactivity=Level.HIGH,
            risk=Risk.MODERATE,
            notes="Intrusive memories and nightmares after an assault; dissociates.",
        ),
    )
    case.goal(
        "g-safety",
        "Tolerate distress and feel safe in the body",
        ["affect", "sensation"],
    )
    case.goal(
        "g-memories",
        "Process the assault memories so they lose their charge",
        ["imagery", "affect", "cognition"],
    )
    case.goal(
        "g-meaning",
        "Rebuild a sense of meaning and direction",
        ["cognition", "interpersonal"],
    )
    case.rationale(
        "strategy",
        "technical_eclecticism",
        ["g-safety", "g-memories", "g-meaning"],
        "Each technique is chosen for the modalities the BASIC I.D. profile flags.",
    )
    case.technique(
        "dbt_distress_tolerance",
        ["g-safety"],
        "Skills to ride out surges of distress before any memory work.",
    )
    case.technique(
        "grounding",
        ["g-safety"],
        "Grounding interrupts dissociation and anchors sessions in the present.",
    )
    case.sessions(SETTLED, ["dbt_distress_tolerance", "grounding"], srs=37)
    case.sessions(["2026-01-26", "2026-02-02"], ["dbt_distress_tolerance"], srs=38)
    case.assess(
        assessment(
            severities(
                affect=3,
                sensation=2,
                imagery=3,
                cognition=2,
                interpersonal=2,
                behavior=1,
            ),
            notes="Uses skills between sessions; no self-harm urges.",
        ),
    )
    case.do(CaseManagement.advance_phase, AdvancePhase(Phase.PROCESSING))
    case.rationale(
        "phase",
        "processing",
        ["g-memories"],
        "Stable for four weeks, risk low, skills in place: ready to process.",
    )
    case.technique(
        "emdr_reprocessing",
        ["g-memories"],
        "Reprocess the assault memories with bilateral stimulation.",
    )
    case.sessions(
        ["2026-02-09", "2026-02-16"], ["emdr_reprocessing", "grounding"], srs=38
    )
    case.approve()
    case.do(
        CaseManagement.discontinue_technique,
        DiscontinueTechnique("emdr_reprocessing", "Target memories now rated SUD 0-1."),
    )
    case.do(
        CaseManagement.change_goal_status,
        ChangeGoalStatus("g-memories", GoalStatus.ACHIEVED),
    )
    case.do(CaseManagement.advance_phase, AdvancePhase(Phase.INTEGRATION))
    case.rationale(
        "phase",
        "integration",
        ["g-meaning"],
        "Memories processed; the work now turns to meaning and the future.",
    )
    case.technique(
        "existential_meaning_making",
        ["g-meaning"],
        "Make sense of what happened and choose what to live for now.",
    )
    case.sessions(["2026-03-02", "2026-03-09"], ["existential_meaning_making"], srs=39)
    case.do(
        CaseManagement.measure_outcome,
        MeasureOutcome(Instrument.ORS, 31, date(2026, 3, 9)),
    )
    return case.approve()
