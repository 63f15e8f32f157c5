"""The Case's assessment and goals: what the client brings and agrees to work on."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from eventsourcing.domain import event

from domain import entries, payloads, values
from domain.case_state import CaseEvent, CaseState, refuse
from domain.commands import AgreeGoal, RecordAssessment
from domain.plan import Goal
from domain.vocabulary import GoalStatus, Modality, member


class AssessmentAndGoals(CaseState):
    """Recording the multimodal assessment, agreeing goals and their status."""

    def record_assessment(self, command: RecordAssessment) -> None:
        self._check_open()
        self._record_assessment(**payloads.assessment(payloads.fields_of(command)))

    class AssessmentRecorded(CaseEvent):
        basic_id: dict[str, Any]
        stage_of_change: str
        relational_style: str
        learning_style: str
        psychological_mindedness: str
        emotional_reactivity: str
        risk: str
        notes: str
        FREE_TEXT = ("notes", "basic_id.*.note")

    @event(AssessmentRecorded)
    def _record_assessment(
        self,
        basic_id: dict[str, Any],
        stage_of_change: str,
        relational_style: str,
        learning_style: str,
        psychological_mindedness: str,
        emotional_reactivity: str,
        risk: str,
        notes: str,
    ) -> None:
        payload = {
            "basic_id": basic_id,
            "stage_of_change": stage_of_change,
            "relational_style": relational_style,
            "learning_style": learning_style,
            "psychological_mindedness": psychological_mindedness,
            "emotional_reactivity": emotional_reactivity,
            "risk": risk,
            "notes": notes,
        }
        self.assessments.append(entries.assessment(payload, self._next_version(), ()))

    def agree_goal(self, command: AgreeGoal) -> None:
        self._check_open()
        payload = payloads.goal(payloads.fields_of(command))
        if any(g.goal_id == payload["goal_id"] for g in self.goals):
            raise refuse("goal-id-new", f"goal {payload['goal_id']!r} already exists")
        self._agree_goal(**payload)

    class GoalAgreed(CaseEvent):
        goal_id: str
        description: str
        FREE_TEXT = ("description",)
        modalities: list[str]
        agreed_with_client: bool

    @event(GoalAgreed)
    def _agree_goal(
        self,
        goal_id: str,
        description: str,
        modalities: list[str],
        agreed_with_client: bool,
    ) -> None:
        self.goals.append(
            Goal(
                goal_id=goal_id,
                description=description,
                modalities=tuple(member(Modality, m) for m in modalities),
                agreed_with_client=agreed_with_client,
                status=GoalStatus.IN_PROGRESS,
                version=self._next_version(),
            )
        )

    def change_goal_status(self, goal_id: str, status: str, note: str = "") -> None:
        self._check_goals_exist([goal_id])
        self._change_goal_status(
            goal_id=goal_id,
            status=values.parse(GoalStatus, status, "status").value,
            note=values.text(note, "note"),
        )

    class GoalStatusChanged(CaseEvent):
        goal_id: str
        status: str
        note: str
        FREE_TEXT = ("note",)

    @event(GoalStatusChanged)
    def _change_goal_status(self, goal_id: str, status: str, note: str) -> None:
        changed = member(GoalStatus, status)
        self.goals = [
            replace(g, status=changed, status_version=self._next_version())
            if g.goal_id == goal_id
            else g
            for g in self.goals
        ]
