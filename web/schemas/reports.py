"""Response bodies: recorded versions, plans with their coherence, pages of rows."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from marshmallow import Schema, fields, validate

from domain.vocabulary import (
    CoherenceStatus,
    FindingSeverity,
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


class RecordedSchema(Schema):
    case_id = fields.UUID(required=True)
    version = fields.Integer(required=True)
    notification_id = fields.Integer(required=True)


class FindingSchema(Schema):
    rule = fields.String(required=True)
    severity = one_of(FindingSeverity, required=True)
    message = fields.String(required=True)
    subject = fields.String(required=True)
    cites = fields.List(fields.Integer(), required=True)


class CoherenceSchema(Schema):
    status = one_of(CoherenceStatus, required=True)
    policy_version = fields.String(required=True)
    findings = fields.List(fields.Nested(FindingSchema), required=True)


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


class CaseReportSchema(Schema):
    plan = fields.Nested(PlanSchema, required=True)
    coherence = fields.Nested(CoherenceSchema, required=True)


class PageSchema(Schema):
    total = fields.Integer(required=True)
    limit = fields.Integer(required=True)
    offset = fields.Integer(required=True)


class CaseloadRowSchema(Schema):
    case_id = fields.UUID(required=True)
    clinician_id = fields.String(required=True)
    client_ref = fields.String(required=True)
    status = fields.String(required=True)
    coherence_status = fields.String(required=True)
    strategy = fields.String(required=True)
    phase = fields.String(required=True)
    version = fields.Integer(required=True)
    last_activity = fields.AwareDateTime(required=True)


class CaseloadPageSchema(PageSchema):
    items = fields.List(fields.Nested(CaseloadRowSchema), required=True)


class SupervisionRowSchema(Schema):
    supervisor_id = fields.String(required=True)
    case_id = fields.UUID(required=True)
    client_ref = fields.String(required=True)
    clinician_id = fields.String(required=True)
    case_status = fields.String(required=True)
    version = fields.Integer(required=True)
    pending_reviews = fields.List(fields.Integer(), required=True)
    pending_signatures = fields.Integer(required=True)
    sup_pending = fields.Boolean(required=True)
    needs_attention = fields.Boolean(required=True)
    coherence_status = fields.String(required=True)
    last_activity = fields.AwareDateTime(required=True)


class SupervisionPageSchema(PageSchema):
    items = fields.List(fields.Nested(SupervisionRowSchema), required=True)


class AuditRowSchema(Schema):
    case_id = fields.UUID(required=True)
    version = fields.Integer(required=True)
    notification_id = fields.Integer(required=True)
    event_type = fields.String(required=True)
    actor_id = fields.String(required=True)
    actor_role = fields.String(required=True)
    timestamp = fields.AwareDateTime(required=True)
    correlation_id = fields.String(required=True)
    chain = fields.String(required=True)
    summary = fields.String(required=True)


class AuditPageSchema(PageSchema):
    items = fields.List(fields.Nested(AuditRowSchema), required=True)


class AccessRowSchema(Schema):
    id = fields.Integer(required=True)
    case_id = fields.UUID(allow_none=True)
    version = fields.Integer(allow_none=True)
    actor_id = fields.String(required=True)
    actor_role = fields.String(required=True)
    what = fields.String(required=True)
    correlation_id = fields.String(required=True)
    at = fields.AwareDateTime(required=True)


class AccessPageSchema(PageSchema):
    items = fields.List(fields.Nested(AccessRowSchema), required=True)


class EventLineSchema(Schema):
    """One event as every review read names it: which, who, when, for which
    request, and its one-line summary (never clinical free text)."""

    version = fields.Integer(required=True)
    event_type = fields.String(required=True)
    timestamp = fields.AwareDateTime(required=True)
    actor_id = fields.String(required=True)
    actor_role = fields.String(required=True)
    correlation_id = fields.String(required=True)
    summary = fields.String(required=True)


class HistoryEntrySchema(EventLineSchema):
    chain = fields.String(required=True)
    fields_ = fields.Dict(data_key="fields", attribute="fields", allow_none=True)


class HistorySchema(Schema):
    case_id = fields.UUID(required=True)
    events = fields.List(fields.Nested(HistoryEntrySchema), required=True)


class VerificationSchema(Schema):
    case_id = fields.UUID(required=True)
    intact = fields.Boolean(required=True)
    events_checked = fields.Integer(required=True)
    first_broken_version = fields.Integer(allow_none=True)
    reason = fields.String(required=True)


class UserSchema(Schema):
    user_id = fields.String(required=True)
    display_name = fields.String(required=True)
    role = fields.String(required=True)
    has_live_token = fields.Boolean(required=True)
    has_signing_secret = fields.Boolean(required=True)
    version = fields.Integer(required=True)


class IssuedTokenSchema(Schema):
    user_id = fields.String(required=True)
    token = fields.String(required=True, metadata={"description": "shown only once"})


class ProblemSchema(Schema):
    type = fields.String(required=True)
    title = fields.String(required=True)
    status = fields.Integer(required=True)
    detail = fields.String(required=True)
    request_id = fields.String()
    errors = fields.Dict()
    rule = fields.String()
    current_version = fields.Integer()
