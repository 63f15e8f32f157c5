"""Supervision rules: deep work awaiting a supervisor's approval."""

from __future__ import annotations

from dataclasses import replace

from domain.plan import Plan, Signature
from domain.vocabulary import FindingSeverity, Phase, SignatureOutcome
from tests.unit.coherence.builders import adding, approval, found, plan


def exposure(*signatures: Signature) -> Plan:
    processing = plan(phase=Phase.PROCESSING, signatures=signatures)
    return adding(processing, "prolonged_exposure", 6)


class TestDeepWorkUnapproved:
    def test_exposure_never_approved_is_info(self) -> None:
        (finding,) = found(exposure(), "SUP-PENDING")

        assert finding.severity is FindingSeverity.INFO
        assert finding.subject == "technique:prolonged_exposure"
        assert finding.cites == (6,)
        assert finding.message == (
            "Prolonged exposure (exposure) was added before any approval; it awaits "
            "a supervisor's approval."
        )

    def test_exposure_covered_by_an_approval_is_quiet(self) -> None:
        assert found(exposure(approval(9, signed_version=7)), "SUP-PENDING") == ()

    def test_an_approval_of_history_before_the_addition_does_not_cover_it(
        self,
    ) -> None:
        (finding,) = found(exposure(approval(9, signed_version=5)), "SUP-PENDING")

        assert finding.cites == (6, 9)

    def test_a_request_for_edits_is_not_an_approval(self) -> None:
        edits = replace(approval(9, 7), outcome=SignatureOutcome.EDITS_REQUESTED)

        assert len(found(exposure(edits), "SUP-PENDING")) == 1

    def test_stabilization_work_is_quiet(self) -> None:
        assert found(plan(), "SUP-PENDING") == ()
