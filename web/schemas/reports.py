"""Response bodies: recorded versions, reports with their coherence, pages of rows."""

from __future__ import annotations

from marshmallow import Schema, fields

from domain.vocabulary import CoherenceStatus, FindingSeverity
from web.schemas.plan import PlanSchema
from web.schemas.vocab import one_of


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
