"""The sequencing case: exposure during stabilization at high risk."""

from __future__ import annotations

from application.cases import CaseManagement
from application.demo import CLINICIAN, DemoCase, assessment, severities
from domain.vocabulary import Level, Risk, Strategy


def sequencing_case(app: CaseManagement) -> DemoCase:
    """Exposure during stabilization at high risk: what principled work forbids."""
    case = DemoCase(app, CLINICIAN, "demo-sequencing").open(
        Strategy.TECHNICAL_ECLECTICISM
    )
    case.assess(
        assessment(
            severities(affect=4, sensation=3, imagery=3, behavior=3),
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
