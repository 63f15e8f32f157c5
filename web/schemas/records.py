"""Request bodies of the writes that record clinical events on a case.

Each body loads as the typed command of its use case (domain/commands.py),
except where the path or the acting user supplies part of the command: those
load as plain fields and their write builds the command (web/resources)."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields, post_load, validate

from domain import commands as c
from domain import limits
from domain.vocabulary import (
    ALLIANCE_INSTRUMENTS,
    OUTCOME_INSTRUMENTS,
    SCORE_RANGES,
    GoalStatus,
    Instrument,
    LearningStyle,
    Level,
    Modality,
    Phase,
    RationaleSubject,
    RelationalStyle,
    Risk,
    School,
    Severity,
    StageOfChange,
    Strategy,
)
from web.schemas.vocab import (
    Day,
    Flag,
    identifier,
    identifiers,
    integer,
    one_of,
    string,
    text,
    word,
)

Loaded = dict[str, Any]


class OpenCaseSchema(Schema):
    client_ref = identifier(required=True, metadata={"description": "pseudonymous"})
    supervisor_ids = identifiers()
    strategy = one_of(Strategy, required=True)
    home_orientation = one_of(School, load_default=None, allow_none=True)
    integrated_schools = fields.List(one_of(School), load_default=list)

    @post_load
    def command(self, data: Loaded, **_: Any) -> c.OpenCase:
        home = data["home_orientation"]
        return c.OpenCase(
            client_ref=data["client_ref"],
            strategy=Strategy(data["strategy"]),
            supervisor_ids=tuple(data["supervisor_ids"]),
            home_orientation=None if home is None else School(home),
            integrated_schools=tuple(School(s) for s in data["integrated_schools"]),
        )


class ModalityRatingSchema(Schema):
    severity = integer(int(min(Severity)), int(max(Severity)), required=True)
    note = text(load_default="", max_length=limits.MODALITY_NOTE)

    @post_load
    def rating(self, data: Loaded, **_: Any) -> c.Rating:
        return c.Rating(severity=data["severity"], note=data["note"])


BasicIdRatingsSchema = Schema.from_dict(
    {m.value: fields.Nested(ModalityRatingSchema, required=True) for m in Modality},
    name="BasicIdRatingsSchema",
)
"""Every BASIC I.D. modality rated, in the vocabulary's order."""


class AssessmentSchema(Schema):
    basic_id = fields.Nested(BasicIdRatingsSchema, required=True)
    stage_of_change = one_of(StageOfChange, required=True)
    relational_style = one_of(RelationalStyle, required=True)
    learning_style = one_of(LearningStyle, required=True)
    psychological_mindedness = one_of(Level, required=True)
    emotional_reactivity = one_of(Level, required=True)
    risk = one_of(Risk, required=True)
    notes = text(load_default="")

    @post_load
    def command(self, data: Loaded, **_: Any) -> c.RecordAssessment:
        return c.RecordAssessment(
            basic_id={Modality(m): r for m, r in data["basic_id"].items()},
            stage_of_change=StageOfChange(data["stage_of_change"]),
            relational_style=RelationalStyle(data["relational_style"]),
            learning_style=LearningStyle(data["learning_style"]),
            psychological_mindedness=Level(data["psychological_mindedness"]),
            emotional_reactivity=Level(data["emotional_reactivity"]),
            risk=Risk(data["risk"]),
            notes=data["notes"],
        )


class GoalSchema(Schema):
    goal_id = identifier(required=True)
    description = text(required=True, max_length=limits.GOAL_DESCRIPTION)
    modalities = fields.List(one_of(Modality), load_default=list)
    agreed_with_client = Flag(required=True)

    @post_load
    def command(self, data: Loaded, **_: Any) -> c.AgreeGoal:
        return c.AgreeGoal(
            goal_id=data["goal_id"],
            description=data["description"],
            modalities=tuple(Modality(m) for m in data["modalities"]),
            agreed_with_client=data["agreed_with_client"],
        )


class GoalStatusSchema(Schema):
    """The goal is the path's: its write builds the command."""

    status = one_of(GoalStatus, required=True)
    note = text(load_default="")


class TechniqueSchema(Schema):
    technique = identifier(required=True, metadata={"description": "catalogue id"})
    goal_ids = identifiers()
    note = text(load_default="")

    @post_load
    def command(self, data: Loaded, **_: Any) -> c.AddTechnique:
        return c.AddTechnique(
            technique=data["technique"],
            goal_ids=tuple(data["goal_ids"]),
            note=data["note"],
        )


class DiscontinuationSchema(Schema):
    """The technique is the path's: its write builds the command."""

    reason = text(required=True)


class PhaseTransitionSchema(Schema):
    direction = string(required=True, validate=validate.OneOf(["advance", "return"]))
    to_phase = one_of(Phase, required=True)
    reason = text(load_default="", metadata={"description": "required when returning"})

    @post_load
    def command(self, data: Loaded, **_: Any) -> c.AdvancePhase | c.ReturnPhase:
        to_phase = Phase(data["to_phase"])
        if data["direction"] == "advance":
            return c.AdvancePhase(to_phase=to_phase)
        return c.ReturnPhase(to_phase=to_phase, reason=data["reason"])


class SubjectSchema(Schema):
    kind = one_of(RationaleSubject, required=True)
    ref = identifier(required=True)

    @post_load
    def subject(self, data: Loaded, **_: Any) -> c.Subject:
        return c.Subject(kind=RationaleSubject(data["kind"]), ref=data["ref"])


class RationaleSchema(Schema):
    subject = fields.Nested(SubjectSchema, required=True)
    goal_ids = identifiers()
    text = text(required=True)
    explained_to_client = Flag(required=True)

    @post_load
    def command(self, data: Loaded, **_: Any) -> c.GiveRationale:
        return c.GiveRationale(
            subject=data["subject"],
            goal_ids=tuple(data["goal_ids"]),
            text=data["text"],
            explained_to_client=data["explained_to_client"],
        )


class SessionSchema(Schema):
    session_date = Day(required=True)
    techniques_used = identifiers()
    note = text(load_default="")

    @post_load
    def command(self, data: Loaded, **_: Any) -> c.RecordSession:
        return c.RecordSession(
            session_date=data["session_date"],
            techniques_used=tuple(data["techniques_used"]),
            note=data["note"],
        )


def _measure(name: str, instruments: frozenset[Instrument]) -> type[Schema]:
    """A measure by one of `instruments`: its write builds the command."""
    ordered = [i for i in Instrument if i in instruments]
    ranges = [SCORE_RANGES[i] for i in ordered]
    within = ", ".join(f"{i.value} {SCORE_RANGES[i][0]}-{SCORE_RANGES[i][1]}"
                       for i in ordered)  # fmt: skip
    return Schema.from_dict(
        {
            "instrument": word(ordered, required=True),
            "score": integer(
                min(low for low, _ in ranges),
                max(high for _, high in ranges),
                required=True,
                strict=True,
                metadata={"description": f"within the instrument's range: {within}"},
            ),
            "session_date": Day(required=True),
        },
        name=name,
    )


AllianceMeasureSchema = _measure("AllianceMeasureSchema", ALLIANCE_INSTRUMENTS)
OutcomeMeasureSchema = _measure("OutcomeMeasureSchema", OUTCOME_INSTRUMENTS)
