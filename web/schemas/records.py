"""Request bodies of the writes that record clinical events on a case."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from domain.vocabulary import (
    ClosingReason,
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
    SignatureMeaning,
    SignatureOutcome,
    StageOfChange,
    Strategy,
)
from web.schemas.vocab import identifier, identifiers, one_of, text

VERSION = validate.Range(min=1, max=10**9)


class OpenCaseSchema(Schema):
    client_ref = identifier(required=True, metadata={"description": "pseudonymous"})
    supervisor_ids = identifiers()
    strategy = one_of(Strategy, required=True)
    home_orientation = one_of(School, load_default=None, allow_none=True)
    integrated_schools = fields.List(one_of(School), load_default=list)


class ModalityRatingSchema(Schema):
    severity = fields.Integer(required=True, validate=validate.Range(min=0, max=4))
    note = text(load_default="")


class AssessmentSchema(Schema):
    basic_id = fields.Dict(
        keys=one_of(Modality), values=fields.Nested(ModalityRatingSchema), required=True
    )
    stage_of_change = one_of(StageOfChange, required=True)
    relational_style = one_of(RelationalStyle, required=True)
    learning_style = one_of(LearningStyle, required=True)
    psychological_mindedness = one_of(Level, required=True)
    emotional_reactivity = one_of(Level, required=True)
    risk = one_of(Risk, required=True)
    notes = text(load_default="")


class GoalSchema(Schema):
    goal_id = identifier(required=True)
    description = text(required=True)
    modalities = fields.List(one_of(Modality), load_default=list)
    agreed_with_client = fields.Boolean(required=True)


class GoalStatusSchema(Schema):
    status = one_of(GoalStatus, required=True)
    note = text(load_default="")


class TechniqueSchema(Schema):
    technique = identifier(required=True, metadata={"description": "catalogue id"})
    goal_ids = identifiers()
    note = text(load_default="")


class DiscontinuationSchema(Schema):
    reason = text(required=True)


class PhaseTransitionSchema(Schema):
    direction = fields.String(
        required=True, validate=validate.OneOf(["advance", "return"])
    )
    to_phase = one_of(Phase, required=True)
    reason = text(load_default="", metadata={"description": "required when returning"})


class SubjectSchema(Schema):
    kind = one_of(RationaleSubject, required=True)
    ref = identifier(required=True)


class RationaleSchema(Schema):
    subject = fields.Nested(SubjectSchema, required=True)
    goal_ids = identifiers()
    text = text(required=True)
    explained_to_client = fields.Boolean(required=True)


class SessionSchema(Schema):
    session_date = fields.Date(required=True)
    techniques_used = identifiers()
    note = text(load_default="")


class MeasureSchema(Schema):
    instrument = one_of(Instrument, required=True)
    score = fields.Integer(required=True, strict=True)
    session_date = fields.Date(required=True)


class SupervisionNoteSchema(Schema):
    text = text(required=True)
    refers_to = fields.List(fields.Integer(validate=VERSION), load_default=list)


class ReviewRequestSchema(Schema):
    up_to_version = fields.Integer(required=True, validate=VERSION)


class SignatureSchema(Schema):
    meaning = one_of(SignatureMeaning, required=True)
    signed_version = fields.Integer(required=True, validate=VERSION)
    signed_chain_value = fields.String(
        required=True, validate=validate.Length(equal=64)
    )
    outcome = one_of(SignatureOutcome, required=True)
    comment = text(load_default="")
    signing_secret = fields.String(
        required=True, load_only=True, validate=validate.Length(min=1, max=200)
    )


class CorrectionSchema(Schema):
    corrects = fields.Integer(required=True, validate=VERSION)
    reason = text(required=True)
    replacement = fields.Dict(
        required=True, metadata={"description": "same shape as the corrected entry"}
    )


class SupervisorSchema(Schema):
    supervisor_id = identifier(required=True)


class ClosureSchema(Schema):
    reason = one_of(ClosingReason, required=True)
    summary = text(load_default="")


class ReopeningSchema(Schema):
    reason = text(required=True)
    summary = text(load_default="")
