"""Fit rules: each technique suits the client as assessed."""

from __future__ import annotations

from dataclasses import replace

from domain.plan import Plan
from domain.vocabulary import FindingSeverity, Level, Phase, StageOfChange
from tests.unit.coherence.builders import adding, assessment, found, plan


class TestAddedBeforeAssessment:
    def test_a_technique_added_before_the_first_assessment_is_a_warning(self) -> None:
        (finding,) = found(plan(assessments=(assessment(6),)), "FIT-NO-ASSESSMENT")

        assert finding.severity is FindingSeverity.WARNING
        assert finding.subject == "technique:grounding"
        assert finding.cites == (4,)
        assert finding.message == (
            "Grounding (stabilization) was added before any assessment of the client."
        )

    def test_a_technique_added_after_an_assessment_is_quiet(self) -> None:
        assert found(plan(), "FIT-NO-ASSESSMENT") == ()

    def test_a_never_assessed_client_is_flagged_too(self) -> None:
        assert len(found(plan(assessments=()), "FIT-NO-ASSESSMENT")) == 1


def homework_for(stage: StageOfChange) -> Plan:
    assessed = plan(assessments=(assessment(2, stage_of_change=stage),))
    return adding(assessed, "structured_homework", 6)


class TestStagePresumed:
    def test_homework_for_a_precontemplator_is_a_warning(self) -> None:
        (finding,) = found(homework_for(StageOfChange.PRECONTEMPLATION), "FIT-STAGE")

        assert finding.severity is FindingSeverity.WARNING
        assert finding.subject == "technique:structured_homework"
        assert finding.cites == (2, 6)
        assert "presumes the preparation stage" in finding.message
        assert "assessed at precontemplation" in finding.message

    def test_homework_for_a_client_preparing_to_change_is_quiet(self) -> None:
        assert found(homework_for(StageOfChange.PREPARATION), "FIT-STAGE") == ()

    def test_without_an_assessment_it_is_quiet(self) -> None:
        unassessed = replace(
            homework_for(StageOfChange.PRECONTEMPLATION), assessments=()
        )

        assert found(unassessed, "FIT-STAGE") == ()


def thought_record_for(mindedness: Level) -> Plan:
    assessed = plan(assessments=(assessment(2, psychological_mindedness=mindedness),))
    return adding(assessed, "thought_record", 6)


class TestMindednessPresumed:
    def test_a_technique_needing_more_mindedness_is_a_warning(self) -> None:
        (finding,) = found(thought_record_for(Level.LOW), "FIT-MINDEDNESS")

        assert finding.severity is FindingSeverity.WARNING
        assert finding.subject == "technique:thought_record"
        assert finding.cites == (2, 6)
        assert finding.message == (
            "Thought record (skills) needs moderate psychological mindedness; "
            "the client was assessed as low."
        )

    def test_enough_mindedness_is_quiet(self) -> None:
        assert found(thought_record_for(Level.MODERATE), "FIT-MINDEDNESS") == ()


def exposure_for(reactivity: Level) -> Plan:
    assessed = plan(
        phase=Phase.PROCESSING,
        assessments=(assessment(2, emotional_reactivity=reactivity),),
    )
    return adding(assessed, "prolonged_exposure", 6)


class TestReactivityCaution:
    def test_a_cautioned_technique_for_a_highly_reactive_client_is_a_warning(
        self,
    ) -> None:
        (finding,) = found(exposure_for(Level.HIGH), "FIT-REACTIVITY")

        assert finding.severity is FindingSeverity.WARNING
        assert finding.subject == "technique:prolonged_exposure"
        assert finding.cites == (2, 6)

    def test_moderate_reactivity_is_quiet(self) -> None:
        assert found(exposure_for(Level.MODERATE), "FIT-REACTIVITY") == ()

    def test_an_uncautioned_technique_is_quiet_at_high_reactivity(self) -> None:
        reactive = plan(assessments=(assessment(2, emotional_reactivity=Level.HIGH),))

        assert found(reactive, "FIT-REACTIVITY") == ()
