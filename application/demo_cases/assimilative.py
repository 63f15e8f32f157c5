"""The assimilative case: a psychodynamic home that imports thought records."""

from __future__ import annotations

from application.cases import CaseManagement
from application.demo import CLINICIAN, SETTLED, DemoCase, assessment, severities
from domain.commands import AdvancePhase
from domain.vocabulary import Level, Phase, School, Strategy


def assimilative_case(app: CaseManagement) -> DemoCase:
    """A psychodynamic home that assimilates thought records as ego strengthening."""
    case = DemoCase(app, CLINICIAN, "demo-assimilative").open(
        Strategy.ASSIMILATIVE_INTEGRATION, home_orientation=School.PSYCHODYNAMIC
    )
    case.assess(
        assessment(
            severities(affect=3, cognition=3, interpersonal=3),
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
