"""Diffing two plans: techniques, phase, goals, assessment and coherence."""

from __future__ import annotations

from dataclasses import replace

from domain.coherence import Coherence, assess
from domain.plan import Plan
from domain.plan_diff import Change, PlanDiff, diff_plans, finding_changes
from domain.vocabulary import (
    CoherenceStatus,
    GoalStatus,
    Level,
    Modality,
    Phase,
    Risk,
)
from tests.unit.coherence.builders import (
    assessment,
    goal,
    phase_change,
    plan,
    rationale,
    use,
)
from tests.unit.coherence.local_catalogue import CATALOGUE


def coherence(subject: Plan) -> Coherence:
    return assess(subject, CATALOGUE)


def diff(before: Plan, after: Plan) -> PlanDiff:
    return diff_plans(before, after, coherence(before), coherence(after))


def with_technique(base: Plan, technique: str, version: int) -> Plan:
    """`base` with `technique` added at `version`, and no rationale for it yet."""
    return replace(
        base, version=version, techniques=(*base.techniques, use(technique, version))
    )


class TestTechniques:
    def test_a_technique_added_since_shows_as_added(self) -> None:
        before = plan()
        changed = diff(before, with_technique(before, "thought_record", 6))
        assert changed.techniques_added == ("thought_record",)
        assert changed.techniques_removed == ()

    def test_a_discontinued_technique_shows_as_removed(self) -> None:
        before = plan()
        after = replace(before, version=6, techniques=(use("grounding", 4, 6),))
        changed = diff(before, after)
        assert changed.techniques_removed == ("grounding",)
        assert changed.techniques_added == ()

    def test_a_technique_stopped_and_added_again_is_both_removed_and_added(
        self,
    ) -> None:
        before = plan()
        after = replace(
            before, version=7, techniques=(use("grounding", 4, 6), use("grounding", 7))
        )
        changed = diff(before, after)
        assert changed.techniques_added == ("grounding",)
        assert changed.techniques_removed == ("grounding",)

    def test_the_same_plan_has_no_changes(self) -> None:
        changed = diff(plan(), plan())
        assert changed.techniques_added == changed.techniques_removed == ()
        assert changed.goals_added == changed.goals_removed == ()
        assert changed.goals_changed == ()
        assert changed.assessment.fields == {}
        assert changed.findings.appeared == changed.findings.resolved == ()
        assert changed.phase == Change(Phase.STABILIZATION, Phase.STABILIZATION)


class TestPhaseAndStatus:
    def test_the_phase_and_case_status_read_from_and_to(self) -> None:
        before = plan()
        after = replace(
            before,
            version=8,
            phase=Phase.PROCESSING,
            phase_changes=(phase_change(6, Phase.PROCESSING),),
            is_open=False,
        )
        changed = diff(before, after)
        assert changed.phase == Change(Phase.STABILIZATION, Phase.PROCESSING)
        assert changed.case_status == Change("open", "closed")
        assert (changed.from_version, changed.to_version) == (5, 8)


class TestGoals:
    def test_a_new_goal_is_added_and_a_status_change_is_listed_per_goal(
        self,
    ) -> None:
        before = plan()
        after = replace(
            before,
            version=7,
            goals=(goal("g1", 3, status=GoalStatus.ACHIEVED), goal("g2", 6)),
        )
        changed = diff(before, after)
        assert [g.goal_id for g in changed.goals_added] == ["g2"]
        assert changed.goals_removed == ()
        [g1] = changed.goals_changed
        assert g1.goal_id == "g1"
        assert g1.changes == {
            "status": Change(GoalStatus.IN_PROGRESS, GoalStatus.ACHIEVED)
        }

    def test_a_corrected_description_is_a_change_of_that_field(self) -> None:
        before = plan()
        after = replace(before, goals=(goal("g1", 3, description="Sleep again"),))
        [g1] = diff(before, after).goals_changed
        assert g1.changes == {"description": Change("Feel safe at home", "Sleep again")}

    def test_reading_backwards_shows_later_goals_as_removed(self) -> None:
        later = replace(plan(), goals=(goal("g1", 3), goal("g2", 6)))
        changed = diff(later, plan())
        assert [g.goal_id for g in changed.goals_removed] == ["g2"]


class TestAssessment:
    def test_changed_fields_and_modalities_are_listed_one_by_one(self) -> None:
        first = assessment(2)
        second = assessment(
            9,
            risk=Risk.HIGH,
            emotional_reactivity=Level.HIGH,
            basic_id={**first.basic_id, Modality.AFFECT: 4},
            basic_id_notes={Modality.AFFECT: "panic at night"},
        )
        before = plan()
        after = replace(before, version=9, assessments=(first, second))
        change = diff(before, after).assessment
        assert (change.from_version, change.to_version) == (2, 9)
        assert change.fields == {
            "risk": Change(Risk.LOW, Risk.HIGH),
            "emotional_reactivity": Change(Level.MODERATE, Level.HIGH),
        }
        assert change.basic_id == {Modality.AFFECT: Change(2, 4)}
        assert change.basic_id_notes == {
            Modality.AFFECT: Change(None, "panic at night")
        }

    def test_a_first_assessment_changes_every_field_from_nothing(self) -> None:
        before = replace(plan(), assessments=())
        change = diff(before, plan()).assessment
        assert change.from_version is None and change.to_version == 2
        assert change.fields["risk"] == Change(None, Risk.LOW)
        assert set(change.basic_id) == set(Modality)


class TestCoherence:
    def test_a_finding_appears_when_a_technique_lacks_its_rationale(self) -> None:
        before = plan()
        changed = diff(before, with_technique(before, "thought_record", 6))
        assert changed.coherence_status == Change(
            CoherenceStatus.COHERENT, CoherenceStatus.ATTENTION
        )
        assert [(f.rule, f.subject) for f in changed.findings.appeared] == [
            ("RAT-MISSING", "technique:thought_record")
        ]
        assert changed.findings.resolved == ()

    def test_the_rationale_resolves_it(self) -> None:
        missing = with_technique(plan(), "thought_record", 6)
        given = replace(
            missing,
            version=7,
            rationales=(*missing.rationales, rationale("thought_record", 7)),
        )
        changed = diff(missing, given)
        assert [f.rule for f in changed.findings.resolved] == ["RAT-MISSING"]
        assert changed.coherence_status.after is CoherenceStatus.COHERENT

    def test_findings_are_matched_by_rule_and_subject_not_by_message(self) -> None:
        [finding] = coherence(replace(plan(), rationales=())).findings
        reworded = replace(finding, message="said differently", cites=(99,))
        changes = finding_changes([finding], [reworded])
        assert changes.appeared == changes.resolved == ()
