"""The demo clinic: four cases that show principled integration and its failures."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from application.cases import CaseManagement
from domain.envelope import Actor, acting
from domain.vocabulary import Role

CLINICIAN = Actor("dr-rivera", Role.CLINICIAN)
COUPLES_CLINICIAN = Actor("dr-chen", Role.CLINICIAN)
SUPERVISOR = Actor("dr-okafor", Role.SUPERVISOR)


def _severities(**overrides: int) -> dict[str, int]:
    base = {"behavior": 1, "affect": 1, "sensation": 1, "imagery": 1,
            "cognition": 1, "interpersonal": 1, "drugs_biology": 0}  # fmt: skip
    base.update(overrides)
    return base


def _assessment(basic_id: dict[str, int], **fields: str) -> dict[str, Any]:
    values: dict[str, Any] = {
        "basic_id": basic_id,
        "stage_of_change": "preparation",
        "relational_style": "anxious",
        "learning_style": "experiential",
        "psychological_mindedness": "moderate",
        "emotional_reactivity": "moderate",
        "risk": "low",
        "notes": "",
    }
    values.update(fields)
    return values


class DemoCase:
    """Records one demo case step by step, each step as its own request."""

    def __init__(self, app: CaseManagement, actor: Actor, reference: str) -> None:
        self.app, self.actor, self.reference = app, actor, reference
        self.case_id: UUID | None = None
        self.steps = 0

    def open(self, **fields: Any) -> DemoCase:
        with acting(self.actor, f"demo-{self.reference}-open"):
            fields.setdefault("supervisor_ids", [SUPERVISOR.actor_id])
            self.case_id = self.app.open_case(
                client_ref=self.reference, clinician_id=self.actor.actor_id, **fields
            ).case_id
        return self

    def do(self, use_case: str, actor: Actor | None = None, **fields: Any) -> DemoCase:
        assert self.case_id is not None
        self.steps += 1
        version = self.app.plan(self.case_id).version
        with acting(actor or self.actor, f"demo-{self.reference}-{self.steps}"):
            getattr(self.app, use_case)(self.case_id, version, **fields)
        return self

    def technique(self, technique: str, goals: list[str], why: str) -> DemoCase:
        self.do("add_technique", technique=technique, goal_ids=goals)
        return self.rationale("technique", technique, goals, why)

    def rationale(self, kind: str, ref: str, goals: list[str], why: str) -> DemoCase:
        return self.do(
            "give_rationale",
            subject={"kind": kind, "ref": ref},
            goal_ids=goals,
            text=why,
            explained_to_client=True,
        )

    def goal(self, goal_id: str, description: str, modalities: list[str]) -> DemoCase:
        return self.do(
            "agree_goal",
            goal_id=goal_id,
            description=description,
            modalities=modalities,
            agreed_with_client=True,
        )

    def sessions(self, dates: list[str], techniques: list[str], srs: int) -> DemoCase:
        for day in dates:
            self.do("record_session", session_date=day, techniques_used=techniques)
        return self.do(
            "measure_alliance", instrument="srs", score=srs, session_date=dates[-1]
        )

    def approve(self) -> DemoCase:
        assert self.case_id is not None
        history = self.app.history(self.case_id)
        self.do("request_review", up_to_version=history[-1].version)
        head = self.app.history(self.case_id)[-1]
        return self.do(
            "apply_signature",
            actor=SUPERVISOR,
            meaning="approved",
            signed_version=head.version,
            signed_chain_value=head.chain,
            outcome="approved",
            comment="Plan reviewed in supervision.",
        )
