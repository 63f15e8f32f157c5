"""A small helper that performs common clinical actions for tests."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from application.cases import CaseManagement, Recorded
from domain.envelope import Actor, acting
from domain.vocabulary import Role
from tests.factories import assessment

CLINICIAN = Actor("dr-rivera", Role.CLINICIAN)
SUPERVISOR = Actor("dr-okafor", Role.SUPERVISOR)


class Clinic:
    """Drives one application as a clinician (or another actor) would."""

    def __init__(self, app: CaseManagement) -> None:
        self.app = app
        self.actor = CLINICIAN
        self.requests = 0

    def act(
        self, use_case: str, case_id: UUID | None = None, **fields: Any
    ) -> Recorded:
        """Call one command at the case's current version, as self.actor."""
        self.requests += 1
        with acting(self.actor, f"req-{self.requests}"):
            method = getattr(self.app, use_case)
            if case_id is None:
                return method(**fields)  # type: ignore[no-any-return]
            version = self.app.plan(case_id).version
            return method(case_id, version, **fields)  # type: ignore[no-any-return]

    def as_(self, actor: Actor) -> Clinic:
        other = Clinic(self.app)
        other.actor = actor
        other.requests = self.requests + 1000
        return other

    def open(self, strategy: str = "technical_eclecticism", **fields: Any) -> UUID:
        fields.setdefault("client_ref", "client-1")
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
