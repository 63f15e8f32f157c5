"""Query-string parameters of the reads."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from domain import limits
from domain.vocabulary import CoherenceStatus
from web.schemas.vocab import case_version, identifier, integer, one_of, string


class PagingSchema(Schema):
    limit = integer(1, limits.MAX_PAGE, load_default=50)
    offset = integer(0, limits.MAX_OFFSET, load_default=0)


class CaseListQuerySchema(PagingSchema):
    status = string(validate=validate.OneOf(["open", "closed"]))
    coherence_status = one_of(CoherenceStatus)
    client_ref = identifier(metadata={"description": "only the case(s) of this client"})


class PlanQuerySchema(Schema):
    version = case_version()
    as_of = fields.AwareDateTime()

    @validates_schema
    def _one_selector(self, data: dict[str, Any], **_: Any) -> None:
        if "version" in data and "as_of" in data:
            message = "give version or as_of, not both"
            raise ValidationError({"version": [message], "as_of": [message]})


class AuditQuerySchema(PagingSchema):
    actor_id = identifier()
    since = fields.AwareDateTime()
    until = fields.AwareDateTime()


class QueueQuerySchema(PagingSchema):
    waiting_only = fields.Boolean(load_default=True)
