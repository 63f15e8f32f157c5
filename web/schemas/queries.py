"""Query-string parameters of the reads."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from domain.vocabulary import CoherenceStatus
from web.schemas.vocab import identifier, one_of


class PagingSchema(Schema):
    limit = fields.Integer(load_default=50, validate=validate.Range(min=1, max=500))
    offset = fields.Integer(load_default=0, validate=validate.Range(min=0, max=10**9))


class CaseListQuerySchema(PagingSchema):
    status = fields.String(validate=validate.OneOf(["open", "closed"]))
    coherence_status = one_of(CoherenceStatus)


class PlanQuerySchema(Schema):
    version = fields.Integer(validate=validate.Range(min=1, max=10**9))
    as_of = fields.AwareDateTime()


class AuditQuerySchema(PagingSchema):
    actor_id = identifier()
    since = fields.AwareDateTime()
    until = fields.AwareDateTime()


class QueueQuerySchema(PagingSchema):
    waiting_only = fields.Boolean(load_default=True)
