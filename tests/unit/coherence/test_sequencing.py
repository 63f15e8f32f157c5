"""Sequencing rules: stabilization before processing, safety before deep work."""

from __future__ import annotations

from dataclasses import replace

from domain.plan import Plan
from domain.vocabulary import FindingSeverity, Phase, Risk
from tests.unit.coherence.builders import (
    adding,
    assessment,
    found,
    phase_change,
    plan,
    use,
)


class TestPhasePresumed:
    def test_exposure_during_stabilization_is_an_error(self) -> None:
        (finding,) = found(adding(plan(), "prolonged_exposure", 6), "SEQ-PHASE")

        assert finding.severity is FindingSeverity.ERROR
        assert finding.subject == "technique:prolonged_exposure"
        assert finding.cites == (1, 6)
        assert finding.message == (
            "Prolonged exposure (exposure) is active during stabilization; "
            "it presumes processing."
        )

    def test_the_phase_change_that_led_back_to_stabilization_is_cited(self) -> None:
        returned = replace(
            adding(plan(), "prolonged_exposure", 6),
            phase_changes=(phase_change(9, Phase.STABILIZATION, advanced=False),),
        )

        (finding,) = found(returned, "SEQ-PHASE")

        assert finding.cites == (6, 9)

    def test_exposure_during_processing_is_quiet(self) -> None:
        processing = replace(
            adding(plan(), "prolonged_exposure", 6), phase=Phase.PROCESSING
        )

        assert found(processing, "SEQ-PHASE") == ()

    def test_a_discontinued_technique_is_quiet(self) -> None:
        stopped = plan(
            techniques=(use("grounding", 4), use("prolonged_exposure", 6, 7))
        )

        assert found(stopped, "SEQ-PHASE") == ()


class TestDeepWorkAtRisk:
    def processing(self, risk: Risk) -> Plan:
        return replace(
            adding(plan(), "prolonged_exposure", 6),
            phase=Phase.PROCESSING,
            assessments=(assessment(2, risk=risk, corrected_by=(8,)),),
        )

    def test_exposure_at_high_risk_is_an_error_citing_the_assessment(self) -> None:
        (finding,) = found(self.processing(Risk.HIGH), "SEQ-RISK")

        assert finding.severity is FindingSeverity.ERROR
        assert finding.subject == "technique:prolonged_exposure"
        assert finding.cites == (2, 6, 8)
        assert "latest assessed risk is high" in finding.message

    def test_exposure_at_moderate_risk_is_quiet(self) -> None:
        assert found(self.processing(Risk.MODERATE), "SEQ-RISK") == ()

    def test_stabilization_work_at_imminent_risk_is_quiet(self) -> None:
        at_risk = plan(assessments=(assessment(2, risk=Risk.IMMINENT),))

        assert found(at_risk, "SEQ-RISK") == ()


class TestPrematureAdvance:
    def advanced(self, **changes: object) -> Plan:
        return plan(
            phase=Phase.PROCESSING,
            phase_changes=(phase_change(7, Phase.PROCESSING),),
            **changes,
        )

    def test_advancing_at_high_risk_is_a_warning(self) -> None:
        risky = self.advanced(
            assessments=(assessment(2, risk=Risk.HIGH), assessment(9))
        )

        (finding,) = found(risky, "SEQ-ADVANCE")

        assert finding.severity is FindingSeverity.WARNING
        assert finding.subject == "phase:processing"
        assert finding.cites == (2, 7)
        assert "risk was high" in finding.message

    def test_advancing_without_groundwork_is_a_warning(self) -> None:
        unprepared = self.advanced(techniques=(use("empathic_reflection", 4),))

        (finding,) = found(unprepared, "SEQ-ADVANCE")

        assert finding.cites == (7,)
        assert "no stabilization or skills technique" in finding.message

    def test_groundwork_counts_even_once_discontinued(self) -> None:
        prepared = self.advanced(techniques=(use("grounding", 4, discontinued=6),))

        assert found(prepared, "SEQ-ADVANCE") == ()

    def test_advancing_after_stabilization_at_low_risk_is_quiet(self) -> None:
        assert found(self.advanced(), "SEQ-ADVANCE") == ()

    def test_risk_assessed_after_the_advance_does_not_count(self) -> None:
        later = self.advanced(
            assessments=(assessment(2), assessment(9, risk=Risk.HIGH))
        )

        assert found(later, "SEQ-ADVANCE") == ()

    def test_only_the_latest_phase_change_is_judged(self) -> None:
        risky = self.advanced(assessments=(assessment(2, risk=Risk.HIGH),))
        moved_on = replace(
            risky,
            phase=Phase.INTEGRATION,
            phase_changes=(*risky.phase_changes, phase_change(12, Phase.INTEGRATION)),
        )

        assert found(moved_on, "SEQ-ADVANCE") == ()
