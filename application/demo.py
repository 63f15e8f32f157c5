"""How a demo case is recorded: step by step, through the use cases clinicians call."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TypeVar
from uuid import UUID

from application.cases import CaseManagement, Recorded
from domain.commands import (
    AddTechnique,
    AgreeGoal,
    ApplySignature,
    GiveRationale,
    MeasureAlliance,
    OpenCase,
    Rating,
    RecordAssessment,
    RecordSession,
    RequestReview,
    Subject,
)
from domain.envelope import Actor, acting
from domain.vocabulary import (
    Instrument,
    LearningStyle,
    Level,
    Modality,
    RationaleSubject,
    RelationalStyle,
    Risk,
    Role,
    School,
    SignatureMeaning,
    SignatureOutcome,
    StageOfChange,
    Strategy,
)

CLINICIAN = Actor("dr-rivera", Role.CLINICIAN)
COUPLES_CLINICIAN = Actor("dr-chen", Role.CLINICIAN)
SUPERVISOR = Actor("dr-okafor", Role.SUPERVISOR)
SETTLED = ["2026-01-12", "2026-01-19"]
"""The first two sessions' dates in every case that settles into the work."""


def severities(**overrides: int) -> dict[Modality, Rating | int]:
    """A BASIC I.D. profile: mild everywhere but the modalities given."""
    base = {"behavior": 1, "affect": 1, "sensation": 1, "imagery": 1,
            "cognition": 1, "interpersonal": 1, "drugs_biology": 0}  # fmt: skip
    base.update(overrides)
    return {Modality(m): severity for m, severity in base.items()}


def assessment(
    basic_id: dict[Modality, Rating | int],
    *,
    notes: str,
    stage_of_change: StageOfChange = StageOfChange.PREPARATION,
    learning_style: LearningStyle = LearningStyle.EXPERIENTIAL,
    psychological_mindedness: Level = Level.MODERATE,
    emotional_reactivity: Level = Level.MODERATE,
    risk: Risk = Risk.LOW,
) -> RecordAssessment:
    """An assessment with the demo's usual client, but for what is given."""
    return RecordAssessment(
        basic_id=basic_id,
        stage_of_change=stage_of_change,
        relational_style=RelationalStyle.ANXIOUS,
        learning_style=learning_style,
        psychological_mindedness=psychological_mindedness,
        emotional_reactivity=emotional_reactivity,
        risk=risk,
        notes=notes,
    )


C = TypeVar("C")
UseCase = Callable[[CaseManagement, UUID, int, C], Recorded]
"""A use case as its unbound method, e.g. `CaseManagement.agree_goal`."""


class DemoCase:
    """Records one demo case step by step, each step as its own request."""

    def __init__(self, app: CaseManagement, actor: Actor, reference: str) -> None:
        self.app, self.actor, self.reference = app, actor, reference
        self.case_id: UUID | None = None
        self.steps = 0

    def open(
        self,
        strategy: Strategy,
        home_orientation: School | None = None,
        integrated_schools: tuple[School, ...] = (),
    ) -> DemoCase:
        command = OpenCase(
            client_ref=self.reference,
            strategy=strategy,
            supervisor_ids=(SUPERVISOR.actor_id,),
            home_orientation=home_orientation,
            integrated_schools=integrated_schools,
        )
        with acting(self.actor, f"demo-{self.reference}-open"):
            self.case_id = self.app.open_case(self.actor.actor_id, command).case_id
        return self

    def do(
        self, use_case: UseCase[C], command: C, actor: Actor | None = None
    ) -> DemoCase:
        assert self.case_id is not None
        self.steps += 1
        version = self.app.plan(self.case_id).version
        with acting(actor or self.actor, f"demo-{self.reference}-{self.steps}"):
            use_case(self.app, self.case_id, version, command)
        return self

    def assess(self, assessment: RecordAssessment) -> DemoCase:
        return self.do(CaseManagement.record_assessment, assessment)

    def technique(self, technique: str, goals: list[str], why: str) -> DemoCase:
        self.do(CaseManagement.add_technique, AddTechnique(technique, tuple(goals)))
        return self.rationale("technique", technique, goals, why)

    def rationale(self, kind: str, ref: str, goals: list[str], why: str) -> DemoCase:
        return self.do(
            CaseManagement.give_rationale,
            GiveRationale(
                subject=Subject(RationaleSubject(kind), ref),
                goal_ids=tuple(goals),
                text=why,
                explained_to_client=True,
            ),
        )

    def goal(self, goal_id: str, description: str, modalities: list[str]) -> DemoCase:
        return self.do(
            CaseManagement.agree_goal,
            AgreeGoal(
                goal_id=goal_id,
                description=description,
                modalities=tuple(Modality(m) for m in modalities),
                agreed_with_client=True,
            ),
        )

    def sessions(self, dates: list[str], techniques: list[str], srs: int) -> DemoCase:
        for day in dates:
            self.do(
                CaseManagement.record_session,
                RecordSession(date.fromisoformat(day), tuple(techniques)),
            )
        return self.do(
            CaseManagement.measure_alliance,
            MeasureAlliance(Instrument.SRS, srs, date.fromisoformat(dates[-1])),
        )

    def approve(self) -> DemoCase:
        assert self.case_id is not None
        history = self.app.history(self.case_id)
        self.do(CaseManagement.request_review, RequestReview(history[-1].version))
        head = self.app.history(self.case_id)[-1]
        return self.do(
            CaseManagement.apply_signature,
            ApplySignature(
                meaning=SignatureMeaning.APPROVED,
                signed_version=head.version,
                signed_chain_value=head.chain,
                outcome=SignatureOutcome.APPROVED,
                comment="Plan reviewed in supervision.",
            ),
            actor=SUPERVISOR,
        )
