"""The plan as answers show it: assessment, goals, techniques, rationales, measures."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from marshmallow import Schema, fields, validate

from domain.vocabulary import (
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
    SignatureMeaning,
    SignatureOutcome,
    StageOfChange,
    Strategy,
    Tier,
)
from web.schemas.vocab import one_of

CASE_STATUSES = ("open", "closed")


def by_modality(name: str, value: Callable[[], fields.Field[Any]]) -> type[Schema]:
    """One field per BASIC I.D. modality, in the vocabulary's order: the order
    the domain records an assessment's modalities in (domain/payloads.py)."""
    return Schema.from_dict({m.value: value() for m in Modality}, name=name)


SEVERITY = validate.Range(int(min(Severity)), int(max(Severity)))
BasicIdSchema = by_modality(
    "BasicIdSchema", lambda: fields.Integer(required=True, validate=SEVERITY)
)
BasicIdNotesSchema = by_modality(
    "BasicIdNotesSchema", lambda: fields.String(required=True)
)


class PlanAssessmentSchema(Schema):
    """The latest assessment, its fields in the order domain/plan.py gives them."""

    version = fields.Integer(required=True)
    basic_id = fields.Nested(BasicIdSchema, required=True)
    basic_id_notes = fields.Nested(BasicIdNotesSchema, required=True)
    stage_of_change = one_of(StageOfChange, required=True)
    relational_style = one_of(RelationalStyle, required=True)
    learning_style = one_of(LearningStyle, required=True)
    psychological_mindedness = one_of(Level, required=True)
    emotional_reactivity = one_of(Level, required=True)
    risk = one_of(Risk, required=True)
    notes = fields.String(required=True)
    corrected_by = fields.List(
        fields.Integer(),
        required=True,
        metadata={"description": "the versions of the corrections made to it"},
    )


class PlanGoalSchema(Schema):
    goal_id = fields.String(required=True)
    description = fields.String(required=True)
    modalities = fields.List(one_of(Modality), required=True)
    agreed_with_client = fields.Boolean(required=True)
    status = one_of(GoalStatus, required=True)
    version = fields.Integer(required=True)
    status_version = fields.Integer(
        required=True,
        allow_none=True,
        metadata={"description": "the version of its latest status change, if any"},
    )
    corrected_by = fields.List(fields.Integer(), required=True)


class PlanRationaleSchema(Schema):
    version = fields.Integer(required=True)
    subject_kind = one_of(RationaleSubject, required=True)
    subject_ref = fields.String(required=True)
    goal_ids = fields.List(fields.String(), required=True)
    text = fields.String(required=True)
    explained_to_client = fields.Boolean(required=True)
    corrected_by = fields.List(fields.Integer(), required=True)


class PlanMeasureSchema(Schema):
    version = fields.Integer(required=True)
    instrument = one_of(Instrument, required=True)
    score = fields.Integer(required=True)
    session_date = fields.String(required=True, metadata={"format": "date"})


class ActiveTechniqueSchema(Schema):
    technique = fields.String(required=True)
    name = fields.String(required=True)
    school = one_of(
        School,
        required=True,
        allow_none=True,
        metadata={"description": "none if the technique left the catalogue"},
    )
    tier = one_of(Tier, required=True, allow_none=True)
    goal_ids = fields.List(fields.String(), required=True)
    added_version = fields.Integer(required=True)
    rationale = fields.Nested(PlanRationaleSchema, required=True, allow_none=True)


class AppliedSignatureSchema(Schema):
    version = fields.Integer(required=True, metadata={"description": "its own version"})
    signed_at = fields.String(required=True, metadata={"format": "date-time"})
    signer_id = fields.String(required=True)
    signer_name = fields.String(
        metadata={"description": "the signer's display name (their id if none)"}
    )
    meaning = one_of(SignatureMeaning, required=True)
    signed_version = fields.Integer(required=True)
    signed_chain_value = fields.String(required=True)
    outcome = one_of(SignatureOutcome, required=True)
    comment = fields.String(required=True)
    superseded_by = fields.Integer(
        allow_none=True,
        metadata={"description": "the first later version that changed the record"},
    )


class PlanSchema(Schema):
    case_id = fields.UUID(required=True)
    version = fields.Integer(required=True)
    client_ref = fields.String(required=True)
    clinician_id = fields.String(required=True)
    supervisor_ids = fields.List(fields.String(), required=True)
    status = fields.String(required=True, validate=validate.OneOf(CASE_STATUSES))
    strategy = one_of(Strategy, required=True)
    home_orientation = one_of(School, required=True, allow_none=True)
    integrated_schools = fields.List(one_of(School), required=True)
    phase = one_of(Phase, required=True)
    assessment = fields.Nested(PlanAssessmentSchema, required=True, allow_none=True)
    goals = fields.List(fields.Nested(PlanGoalSchema), required=True)
    techniques = fields.List(fields.Nested(ActiveTechniqueSchema), required=True)
    phase_rationale = fields.Nested(PlanRationaleSchema, required=True, allow_none=True)
    strategy_rationale = fields.Nested(
        PlanRationaleSchema, required=True, allow_none=True
    )
    latest_alliance = fields.Nested(PlanMeasureSchema, required=True, allow_none=True)
    latest_outcome = fields.Nested(PlanMeasureSchema, required=True, allow_none=True)
    sessions_recorded = fields.Integer(required=True)
    review_requests = fields.List(fields.Integer(), required=True)
    signatures = fields.List(fields.Nested(AppliedSignatureSchema), required=True)
