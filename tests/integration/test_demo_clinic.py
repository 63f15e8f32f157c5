"""The demo clinic's four cases end with the statuses and findings they illustrate."""

from __future__ import annotations

from typing import Any

import pytest

from application.cases import CaseManagement
from application.demo_clinic import create_demo_clinic


@pytest.fixture
def demo(app: CaseManagement) -> dict[str, dict[str, Any]]:
    list(create_demo_clinic(app))
    return {
        reference: app.report(case_id) for reference, case_id in app.directory().items()
    }


def rules(report: dict[str, Any]) -> set[tuple[str, str]]:
    return {(f["rule"], f["severity"]) for f in report["coherence"]["findings"]}


def test_the_worked_trauma_case_ends_coherent_in_integration(
    demo: dict[str, dict[str, Any]],
) -> None:
    trauma = demo["demo-trauma"]
    assert trauma["coherence"]["status"] == "coherent"
    assert rules(trauma) == set()
    assert trauma["plan"]["phase"] == "integration"
    techniques = {t["technique"] for t in trauma["plan"]["techniques"]}
    assert "existential_meaning_making" in techniques
    assert all(t["rationale"] for t in trauma["plan"]["techniques"])


def test_the_assimilative_case_imports_thought_records_with_a_framing_rationale(
    demo: dict[str, dict[str, Any]],
) -> None:
    case = demo["demo-assimilative"]
    assert case["plan"]["home_orientation"] == "psychodynamic"
    thought_record = next(
        t for t in case["plan"]["techniques"] if t["technique"] == "thought_record"
    )
    assert "ego" in thought_record["rationale"]["text"]
    assert case["coherence"]["status"] == "coherent"


def test_the_sequencing_case_is_incoherent_for_exposure_during_stabilization(
    demo: dict[str, dict[str, Any]],
) -> None:
    case = demo["demo-sequencing"]
    assert case["coherence"]["status"] == "incoherent"
    assert {("SEQ-PHASE", "error"), ("SEQ-RISK", "error")} <= rules(case)
    seq_phase = next(
        f for f in case["coherence"]["findings"] if f["rule"] == "SEQ-PHASE"
    )
    assert seq_phase["cites"] == [1, 4]  # the opening set the phase; 4 added it


def test_the_couple_case_integrates_behavioral_and_humanistic_theory(
    demo: dict[str, dict[str, Any]],
) -> None:
    case = demo["demo-couple"]
    assert case["plan"]["strategy"] == "theoretical_integration"
    assert case["coherence"]["status"] == "coherent"
    assert {t["technique"] for t in case["plan"]["techniques"]} >= {
        "ibct_behaviour_exchange",
        "ibct_empathic_joining",
    }


def test_creating_the_demo_twice_records_nothing_new(app: CaseManagement) -> None:
    first = list(create_demo_clinic(app))
    position = app.recorder.max_notification_id()
    assert list(create_demo_clinic(app)) == first
    assert app.recorder.max_notification_id() == position
