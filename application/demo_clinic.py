"""The four demo cases, recorded through the same use cases a clinician calls."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date

from application.cases import CaseManagement
from application.demo import (
    CLINICIAN,
    COUPLES_CLINICIAN,
    DemoCase,
    _assessment,
    _severities,
)
from domain.commands import (
    AdvancePhase,
    ChangeGoalStatus,
    DiscontinueTechnique,
    MeasureOutcome,
)
from domain.vocabulary import (
    GoalStatus,
    Instrument,
    LearningStyle,
    Level,
    Phase,
    Risk,
    School,
    StageOfChange,
    Strategy,
)

SETTLED = ["2026-01-12", "2026-01-19"]


def trauma_case(app: CaseManagement) -> DemoCase:
    """The seeds' worked example: stabilize, then process, then make meaning."""
    case = DemoCase(app, CLINICIAN, "demo-trauma").open(Strategy.TECHNICAL_ECLECTICISM)
    case.assess(
        _assessment(
            _severities(
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
        _assessment(
            _severities(
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


def assimilative_case(app: CaseManagement) -> DemoCase:
    """A psychodynamic home that assimilates thought records as ego strengthening."""
    case = DemoCase(app, CLINICIAN, "demo-assimilative").open(
        Strategy.ASSIMILATIVE_INTEGRATION, home_orientation=School.PSYCHODYNAMIC
    )
    case.assess(
        _assessment(
            _severities(affect=3, cognition=3, interpersonal=3),
            psychological_mindedness=Level.HIGH,
            notes="Harsh self-criticism; keeps choosing dismissive partners.",
        ),
    )
    case.goal(
        "g-critic", "Loosen the grip of the inner critic", ["cognition", "affect"]
    )
    case.goal(
        "g-patterns",
        "Understand and change repeating relationship patterns",
        ["interpersonal"],
    )
    case.technique(
        "empathic_reflection",
        ["g-critic", "g-patterns"],
        "A reliable, attuned relationship is the ground of the work.",
    )
    case.technique(
        "thought_record",
        ["g-critic"],
        "Framed as ego strengthening: noticing the critic's thoughts builds the "
        "observing ego the psychodynamic work relies on.",
    )
    case.sessions(SETTLED, ["empathic_reflection", "thought_record"], srs=38)
    case.do(CaseManagement.advance_phase, AdvancePhase(Phase.PROCESSING))
    case.rationale(
        "phase",
        "processing",
        ["g-patterns"],
        "The critic is quieter; the patterns can now be explored.",
    )
    case.technique(
        "mentalization",
        ["g-patterns"],
        "Understand partners' and own states of mind behind the repeating pattern.",
    )
    case.sessions(
        ["2026-01-26", "2026-02-02"], ["mentalization", "empathic_reflection"], srs=37
    )
    return case.approve()


def sequencing_case(app: CaseManagement) -> DemoCase:
    """Exposure during stabilization at high risk: what principled work forbids."""
    case = DemoCase(app, CLINICIAN, "demo-sequencing").open(
        Strategy.TECHNICAL_ECLECTICISM
    )
    case.assess(
        _assessment(
            _severities(affect=4, sensation=3, imagery=3, behavior=3),
            emotional_reactivity=Level.HIGH,
            risk=Risk.HIGH,
            notes="Recent suicidal ideation; flashbacks several times a day.",
        ),
    )
    case.goal("g-flashbacks", "Fewer and weaker flashbacks", ["imagery", "affect"])
    return case.technique(
        "prolonged_exposure",
        ["g-flashbacks"],
        "Exposure is the most effective treatment for PTSD.",
    )


def couple_case(app: CaseManagement) -> DemoCase:
    """Integrative behavioral couple therapy: change and acceptance in one theory."""
    case = DemoCase(app, COUPLES_CLINICIAN, "demo-couple").open(
        Strategy.THEORETICAL_INTEGRATION,
        integrated_schools=(School.BEHAVIORAL, School.HUMANISTIC),
    )
    case.assess(
        _assessment(
            _severities(behavior=3, affect=3, interpersonal=4),
            stage_of_change=StageOfChange.ACTION,
            learning_style=LearningStyle.BEHAVIORAL,
            notes="Demand-withdraw cycle over money and household work.",
        ),
    )
    case.goal(
        "g-cycle", "Break the demand-withdraw cycle", ["interpersonal", "behavior"]
    )
    case.goal(
        "g-acceptance",
        "Accept differences that will not change",
        ["affect", "interpersonal"],
    )
    case.rationale(
        "strategy",
        "theoretical_integration",
        ["g-cycle", "g-acceptance"],
        "IBCT merges behavioral change with acceptance of each partner's "
        "differences in one theory of change.",
    )
    case.technique(
        "ibct_behaviour_exchange",
        ["g-cycle"],
        "Small caring behaviours each week rebuild goodwill.",
    )
    case.technique(
        "communication_training",
        ["g-cycle"],
        "Speaker-listener skills replace attack and withdrawal.",
    )
    case.technique(
        "ibct_empathic_joining",
        ["g-acceptance"],
        "Recast each partner's hurt as understandable, so they can turn "
        "toward each other instead of blaming.",
    )
    case.sessions(
        SETTLED, ["ibct_behaviour_exchange", "communication_training"], srs=38
    )
    case.sessions(["2026-01-26"], ["ibct_empathic_joining"], srs=38)
    return case.approve()


DEMO_CASES: dict[str, Callable[[CaseManagement], DemoCase]] = {
    "demo-trauma": trauma_case,
    "demo-assimilative": assimilative_case,
    "demo-sequencing": sequencing_case,
    "demo-couple": couple_case,
}


def create_demo_clinic(
    app: CaseManagement, progress: Callable[[str], None] = lambda _: None
) -> Iterator[str]:
    """Record every demo case not recorded yet; yield one line per case."""
    existing = app.directory()
    for number, (reference, build) in enumerate(DEMO_CASES.items(), start=1):
        progress(f"[{number}/{len(DEMO_CASES)}] {reference}")
        case_id = existing.get(reference) or build(app).case_id
        assert case_id is not None
        report = app.report(case_id)
        yield (
            f"{reference}: {report['coherence']['status']} at version "
            f"{report['plan']['version']} ({case_id})"
        )
