"""Query-string parameters of the reads."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from domain import limits
from domain.vocabulary import CoherenceStatus
from web.schemas.vocab import VERSION, identifier, integer, one_of, string


class PagingSchema(Schema):
    limit = integer(1, limits.MAX_PAGE, load_default=50)
    offset = integer(0, limits.MAX_OFFSET, load_default=0)


class CaseListQuerySchema(PagingSchema):
    status = string(validate=validate.OneOf(["open", "closed"]))
    coherence_status = one_of(CoherenceStatus)


class PlanQuerySchema(Schema):
    version = fields.Integer(validate=VERSION)
    as_of = fields.AwareDateTime()


class AuditQuerySchema(PagingSchema):
    actor_id = identifier()
    since = fields.AwareDateTime()
    until = fields.AwareDateTime()


class QueueQuerySchema(PagingSchema):
    waiting_only = fields.Boolean(load_default=True)
