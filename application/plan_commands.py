"""CaseManagement's commands that record the plan, from assessment to measures."""

from __future__ import annotations

from uuid import UUID

from application.case_store import CaseStore, Recorded
from domain.catalogue import Catalogue
from domain.commands import (
    AddTechnique,
    AdvancePhase,
    AgreeGoal,
    ChangeGoalStatus,
    DiscontinueTechnique,
    GiveRationale,
    MeasureAlliance,
    MeasureOutcome,
    RecordAssessment,
    RecordSession,
    ReturnPhase,
)


class PlanCommands(CaseStore):
    """One method per use case that changes the plan, each at an expected version."""

    catalogue: Catalogue

    def record_assessment(
        self, case_id: UUID, expected_version: int, command: RecordAssessment
    ) -> Recorded:
        """Record a multimodal (BASIC I.D.) assessment with stage, style and risk."""
        return self._change(
            case_id, expected_version, lambda c: c.record_assessment(command)
        )

    def agree_goal(
        self, case_id: UUID, expected_version: int, command: AgreeGoal
    ) -> Recorded:
        """Record a goal and whether it was agreed with the client."""
        return self._change(case_id, expected_version, lambda c: c.agree_goal(command))

    def change_goal_status(
        self, case_id: UUID, expected_version: int, command: ChangeGoalStatus
    ) -> Recorded:
        """Mark a goal in progress, achieved, revised or dropped."""
        return self._change(
            case_id,
            expected_version,
            lambda c: c.change_goal_status(
                command.goal_id, command.status, command.note
            ),
        )

    def add_technique(
        self, case_id: UUID, expected_version: int, command: AddTechnique
    ) -> Recorded:
        """Add a catalogue technique to the plan, linked to goals."""
        return self._change(
            case_id,
            expected_version,
            lambda c: c.add_technique(
                command.technique,
                list(command.goal_ids),
                command.note,
                catalogue=self.catalogue,
            ),
        )

    def discontinue_technique(
        self, case_id: UUID, expected_version: int, command: DiscontinueTechnique
    ) -> Recorded:
        """Stop an active technique, saying why."""
        return self._change(
            case_id,
            expected_version,
            lambda c: c.discontinue_technique(command.technique, command.reason),
        )

    def advance_phase(
        self, case_id: UUID, expected_version: int, command: AdvancePhase
    ) -> Recorded:
        """Move to the next treatment phase."""
        return self._change(
            case_id, expected_version, lambda c: c.advance_phase(command.to_phase)
        )

    def return_phase(
        self, case_id: UUID, expected_version: int, command: ReturnPhase
    ) -> Recorded:
        """Go back to an earlier phase, e.g. to stabilization in a crisis."""
        return self._change(
            case_id,
            expected_version,
            lambda c: c.return_phase(command.to_phase, command.reason),
        )

    def give_rationale(
        self, case_id: UUID, expected_version: int, command: GiveRationale
    ) -> Recorded:
        """Justify a technique, phase or the strategy by the goals it serves."""
        return self._change(
            case_id, expected_version, lambda c: c.give_rationale(command)
        )

    def record_session(
        self, case_id: UUID, expected_version: int, command: RecordSession
    ) -> Recorded:
        """Record a session and the active techniques it used."""
        return self._change(
            case_id, expected_version, lambda c: c.record_session(command)
        )

    def measure_alliance(
        self, case_id: UUID, expected_version: int, command: MeasureAlliance
    ) -> Recorded:
        """Record a WAI-SR or SRS alliance score."""
        return self._change(
            case_id,
            expected_version,
            lambda c: c.measure_alliance(
                command.instrument, command.score, command.session_date
            ),
        )

    def measure_outcome(
        self, case_id: UUID, expected_version: int, command: MeasureOutcome
    ) -> Recorded:
        """Record an ORS outcome score."""
        return self._change(
            case_id,
            expected_version,
            lambda c: c.measure_outcome(
                command.instrument, command.score, command.session_date
            ),
        )
