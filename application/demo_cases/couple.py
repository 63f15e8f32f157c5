"""The couple case: behavioral change and acceptance in one theory."""

from __future__ import annotations

from application.cases import CaseManagement
from application.demo import (
    COUPLES_CLINICIAN,
    SETTLED,
    DemoCase,
    assessment,
    severities,
)
from domain.vocabulary import LearningStyle, School, StageOfChange, Strategy


def couple_case(app: CaseManagement) -> DemoCase:
    """Integrative behavioral couple therapy: change and acceptance in one theory."""
    case = DemoCase(app, COUPLES_CLINICIAN, "demo-couple").open(
        Strategy.THEORETICAL_INTEGRATION,
        integrated_schools=(School.BEHAVIORAL, School.HUMANISTIC),
    )
    case.assess(
        assessment(
            severities(behavior=3, affect=3, interpersonal=4),
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
