"""A small helper that performs common clinical actions for tests."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import count
from typing import Any
from uuid import UUID
from weakref import WeakKeyDictionary

from application.cases import CaseManagement, Recorded
from domain import commands
from domain.envelope import Actor, acting
from domain.vocabulary import Role
from tests.factories import assessment

COMMANDS: dict[str, type[Any]] = {
    "open_case": commands.OpenCase,
    "record_assessment": commands.RecordAssessment,
    "agree_goal": commands.AgreeGoal,
    "change_goal_status": commands.ChangeGoalStatus,
    "add_technique": commands.AddTechnique,
    "discontinue_technique": commands.DiscontinueTechnique,
    "advance_phase": commands.AdvancePhase,
    "return_phase": commands.ReturnPhase,
    "give_rationale": commands.GiveRationale,
    "record_session": commands.RecordSession,
    "measure_alliance": commands.MeasureAlliance,
    "measure_outcome": commands.MeasureOutcome,
    "record_supervision_note": commands.RecordSupervisionNote,
    "request_review": commands.RequestReview,
    "apply_signature": commands.ApplySignature,
    "correct_entry": commands.CorrectEntry,
    "assign_supervisor": commands.AssignSupervisor,
    "remove_supervisor": commands.RemoveSupervisor,
    "close_case": commands.CloseCase,
    "reopen_case": commands.ReopenCase,
}
"""Each use case's command: tests name the use case and give its fields raw, as
a client would send them; the domain validates them as it validates any."""


def command(use_case: str, **fields: Any) -> Any:
    """The command of `use_case` built from raw fields."""
    return COMMANDS[use_case](**fields)


_references: WeakKeyDictionary[CaseManagement, Iterator[int]] = WeakKeyDictionary()
"""Per application, the numbers of the client references its cases get."""

CLINICIAN = Actor("dr-rivera", Role.CLINICIAN)
SUPERVISOR = Actor("dr-okafor", Role.SUPERVISOR)


class Clinic:
    """Drives one application as a clinician (or another actor) would."""

    def __init__(self, app: CaseManagement) -> None:
        self.app = app
        self.actor = CLINICIAN
        self.requests = 0
        self.references = _references.setdefault(app, count(1))

    def act(
        self, use_case: str, case_id: UUID | None = None, **fields: Any
    ) -> Recorded:
        """Call one command at the case's current version, as self.actor."""
        self.requests += 1
        with acting(self.actor, f"req-{self.requests}"):
            if case_id is None:
                clinician_id = fields.pop("clinician_id")
                return self.app.open_case(clinician_id, command(use_case, **fields))
            version = self.app.plan(case_id).version
            method = getattr(self.app, use_case)
            return method(  # type: ignore[no-any-return]
                case_id, version, command(use_case, **fields)
            )

    def as_(self, actor: Actor) -> Clinic:
        other = Clinic(self.app)
        other.actor = actor
        other.requests = self.requests + 1000
        return other

    def open(self, strategy: str = "technical_eclecticism", **fields: Any) -> UUID:
        # A client reference belongs to one case: each case opened gets its own.
        fields.setdefault("client_ref", f"client-{next(self.references)}")
        fields.setdefault("clinician_id", CLINICIAN.actor_id)
        fields.setdefault("supervisor_ids", [SUPERVISOR.actor_id])
        return self.act("open_case", strategy=strategy, **fields).case_id

    def assessed_case_with_goal(self, **assessment_overrides: Any) -> UUID:
        case_id = self.open()
        self.act("record_assessment", case_id, **assessment(**assessment_overrides))
        self.act(
            "agree_goal", case_id, goal_id="g-safety", description="Feel safe",
            modalities=["affect"], agreed_with_client=True,
        )  # fmt: skip
        return case_id
