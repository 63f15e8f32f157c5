"""Rationale rules: every choice explained and tied to a goal agreed with the client."""

from __future__ import annotations

from dataclasses import replace

from domain.plan import Plan, Rationale
from domain.vocabulary import FindingSeverity, GoalStatus, Phase, RationaleSubject
from tests.unit.coherence.builders import found, goal, phase_change, plan, rationale

PROCESSING = rationale("processing", 8, kind=RationaleSubject.PHASE)


def advanced(*rationales: Rationale) -> Plan:
    return plan(
        phase=Phase.PROCESSING,
        phase_changes=(phase_change(7, Phase.PROCESSING),),
        rationales=(rationale("grounding", 5), *rationales),
    )


class TestRationaleMissing:
    def test_an_active_technique_without_rationale_is_a_warning(self) -> None:
        (finding,) = found(plan(rationales=()), "RAT-MISSING")

        assert finding.severity is FindingSeverity.WARNING
        assert finding.subject == "technique:grounding"
        assert finding.cites == (4,)
        assert (
            finding.message
            == "Grounding (stabilization) is active without a rationale."
        )

    def test_an_explained_technique_is_quiet(self) -> None:
        assert found(plan(), "RAT-MISSING") == ()

    def test_a_rationale_given_before_the_technique_was_added_does_not_count(
        self,
    ) -> None:
        assert (
            len(found(plan(rationales=(rationale("grounding", 3),)), "RAT-MISSING"))
            == 1
        )

    def test_the_latest_phase_change_without_rationale_is_a_warning(self) -> None:
        (finding,) = found(advanced(), "RAT-MISSING")

        assert finding.subject == "phase:processing"
        assert finding.cites == (7,)

    def test_an_explained_phase_change_is_quiet(self) -> None:
        assert found(advanced(PROCESSING), "RAT-MISSING") == ()

    def test_a_strategy_without_rationale_is_quiet(self) -> None:
        assert found(plan(), "RAT-MISSING") == ()


class TestRationaleWithoutGoal:
    def test_a_rationale_linked_to_no_agreed_goal_is_a_warning(self) -> None:
        unlinked = plan(rationales=(rationale("grounding", 5, goal_ids=("g9",)),))

        (finding,) = found(unlinked, "RAT-NO-GOAL")

        assert finding.severity is FindingSeverity.WARNING
        assert finding.subject == "rationale:5"
        assert finding.cites == (5,)
        assert finding.message == (
            "The rationale for Grounding links to no goal agreed with the client."
        )

    def test_a_goal_not_agreed_with_the_client_does_not_count(self) -> None:
        unagreed = plan(goals=(goal("g1", 3, agreed_with_client=False),))

        assert [f.subject for f in found(unagreed, "RAT-NO-GOAL")] == ["rationale:5"]

    def test_a_dropped_goal_does_not_count(self) -> None:
        dropped = plan(goals=(goal("g1", 3, status=GoalStatus.DROPPED),))

        assert len(found(dropped, "RAT-NO-GOAL")) == 1

    def test_a_rationale_linked_to_an_agreed_goal_is_quiet(self) -> None:
        assert found(plan(), "RAT-NO-GOAL") == ()

    def test_a_phase_rationale_is_judged_too(self) -> None:
        unlinked = rationale("processing", 8, RationaleSubject.PHASE, goal_ids=())

        (finding,) = found(advanced(unlinked), "RAT-NO-GOAL")

        assert finding.subject == "rationale:8"
        assert finding.message.startswith("The rationale for the processing phase")


class TestRationaleNotExplained:
    def test_a_rationale_not_explained_to_the_client_is_info(self) -> None:
        unexplained = plan(rationales=(rationale("grounding", 5, explained=False),))

        (finding,) = found(unexplained, "RAT-NOT-EXPLAINED")

        assert finding.severity is FindingSeverity.INFO
        assert finding.subject == "rationale:5"
        assert finding.cites == (5,)

    def test_an_explained_rationale_is_quiet(self) -> None:
        assert found(plan(), "RAT-NOT-EXPLAINED") == ()

    def test_a_superseded_rationale_is_quiet(self) -> None:
        resolved = plan(
            rationales=(
                rationale("grounding", 5, explained=False),
                rationale("grounding", 6),
            )
        )

        assert found(resolved, "RAT-NOT-EXPLAINED") == ()


class TestNoAgreedGoal:
    def test_active_techniques_without_an_agreed_goal_are_a_warning(self) -> None:
        (finding,) = found(plan(goals=()), "GOAL-NONE")

        assert finding.severity is FindingSeverity.WARNING
        assert finding.subject == "case"
        assert finding.cites == (4,)

    def test_dropped_goals_are_not_agreed_goals(self) -> None:
        dropped = plan(goals=(goal("g1", 3, status=GoalStatus.DROPPED),))

        assert len(found(dropped, "GOAL-NONE")) == 1

    def test_an_agreed_goal_keeps_it_quiet(self) -> None:
        assert found(plan(), "GOAL-NONE") == ()

    def test_no_active_technique_keeps_it_quiet(self) -> None:
        assert found(plan(goals=(), techniques=(), rationales=()), "GOAL-NONE") == ()

    def test_an_achieved_goal_is_still_agreed(self) -> None:
        achieved = replace(plan(), goals=(goal("g1", 3, status=GoalStatus.ACHIEVED),))

        assert found(achieved, "GOAL-NONE") == ()
