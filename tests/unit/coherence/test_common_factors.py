"""Common-factor rules: the alliance is measured, and strong enough for deep work."""

from __future__ import annotations

from domain.plan import Plan
from domain.vocabulary import FindingSeverity, Instrument, Phase, Strategy
from tests.unit.coherence.builders import adding, alliance, found, plan, session


class TestAllianceUnmeasured:
    def test_three_sessions_since_the_case_opened_without_a_measure_warn(self) -> None:
        (finding,) = found(
            plan(sessions=(session(6), session(7), session(8))), "CF-UNMEASURED"
        )

        assert finding.severity is FindingSeverity.WARNING
        assert finding.subject == "case"
        assert finding.cites == (1, 6, 7, 8)
        assert finding.message == (
            "3 sessions have been recorded since the case opened, with no alliance "
            "measure yet."
        )

    def test_two_sessions_are_quiet(self) -> None:
        assert found(plan(sessions=(session(6), session(7))), "CF-UNMEASURED") == ()

    def test_sessions_are_counted_from_the_latest_alliance_measure(self) -> None:
        measured = plan(
            sessions=(session(6), session(7), session(9), session(10), session(11)),
            alliance=(alliance(8),),
        )

        (finding,) = found(measured, "CF-UNMEASURED")

        assert finding.cites == (8, 9, 10, 11)

    def test_a_recent_measure_keeps_it_quiet(self) -> None:
        measured = plan(
            sessions=(session(6), session(7), session(8)), alliance=(alliance(8),)
        )

        assert found(measured, "CF-UNMEASURED") == ()

    def test_under_common_factors_it_is_an_error(self) -> None:
        unmeasured = plan(
            strategy=Strategy.COMMON_FACTORS,
            sessions=(session(6), session(7), session(8)),
        )

        (finding,) = found(unmeasured, "CF-UNMEASURED")

        assert finding.severity is FindingSeverity.ERROR


def deep_work(score: int, instrument: Instrument = Instrument.SRS) -> Plan:
    processing = plan(
        phase=Phase.PROCESSING, alliance=(alliance(5, score, instrument),)
    )
    return adding(processing, "prolonged_exposure", 6)


class TestLowAllianceDeepWork:
    def test_a_low_srs_during_exposure_is_a_warning(self) -> None:
        (finding,) = found(deep_work(36), "CF-LOW-ALLIANCE")

        assert finding.severity is FindingSeverity.WARNING
        assert finding.subject == "case"
        assert finding.cites == (5, 6)
        assert finding.message == (
            "The latest alliance measure (SRS 36) is low while insight or exposure "
            "work is active: Prolonged exposure."
        )

    def test_an_srs_above_the_line_is_quiet(self) -> None:
        assert found(deep_work(37), "CF-LOW-ALLIANCE") == ()

    def test_a_wai_sr_below_the_line_is_a_warning(self) -> None:
        assert len(found(deep_work(35, Instrument.WAI_SR), "CF-LOW-ALLIANCE")) == 1

    def test_a_wai_sr_at_the_line_is_quiet(self) -> None:
        assert found(deep_work(36, Instrument.WAI_SR), "CF-LOW-ALLIANCE") == ()

    def test_a_low_alliance_during_stabilization_work_is_quiet(self) -> None:
        assert found(plan(alliance=(alliance(5, 20),)), "CF-LOW-ALLIANCE") == ()
