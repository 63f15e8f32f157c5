"""Query-string parameters of the auditors' reads across every case."""

from __future__ import annotations

from typing import Any

from marshmallow import ValidationError, fields, validate, validates_schema

from domain.summaries import SUMMARIES
from web.schemas.queries import PagingSchema
from web.schemas.vocab import identifier, string


class TimeRangeSchema(PagingSchema):
    actor_id = identifier(metadata={"description": "who acted or read"})
    since = fields.AwareDateTime(metadata={"description": "from this time, inclusive"})
    until = fields.AwareDateTime(metadata={"description": "to this time, exclusive"})

    @validates_schema
    def _since_before_until(self, data: dict[str, Any], **_: Any) -> None:
        since, until = data.get("since"), data.get("until")
        if since is not None and until is not None and since >= until:
            raise ValidationError("must be later than since", "until")


class ChangesQuerySchema(TimeRangeSchema):
    event_type = string(
        validate=validate.OneOf(sorted(SUMMARIES)),
        metadata={"description": "only events of this type, e.g. TechniqueAdded"},
    )


class ReadsQuerySchema(TimeRangeSchema):
    case_id = fields.UUID(metadata={"description": "only reads of this case"})
