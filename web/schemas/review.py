"""Queries and answers of the review reads: replay, diff and export."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields, validate

from web.schemas.queries import PagingSchema
from web.schemas.reports import (
    CoherenceSchema,
    EventLineSchema,
    FindingSchema,
    PageSchema,
    PlanSchema,
)

VERSION = validate.Range(min=1, max=10**9)
EXPORT_FORMATS = ("jsonl", "fhir")


class ReplayQuerySchema(PagingSchema):
    pass


class DiffQuerySchema(Schema):
    from_ = fields.Integer(
        data_key="from", attribute="from_version", required=True, validate=VERSION
    )
    to = fields.Integer(attribute="to_version", required=True, validate=VERSION)


class ExportQuerySchema(Schema):
    format = fields.String(
        load_default="jsonl",
        validate=validate.OneOf(EXPORT_FORMATS),
        metadata={"description": "jsonl (JSON Lines) or fhir (a FHIR R4 Bundle)"},
    )


class ReplayStepSchema(EventLineSchema):
    plan = fields.Nested(PlanSchema, required=True)
    coherence = fields.Nested(CoherenceSchema, required=True)
    appeared = fields.List(fields.Nested(FindingSchema), required=True)
    resolved = fields.List(fields.Nested(FindingSchema), required=True)


class ReplayPageSchema(PageSchema):
    case_id = fields.UUID(required=True)
    items = fields.List(fields.Nested(ReplayStepSchema), required=True)


class ChangeSchema(Schema):
    from_ = fields.Raw(data_key="from", attribute="from", allow_none=True)
    to = fields.Raw(allow_none=True)


def changes(**kwargs: Any) -> fields.Dict:
    """Changed values by field (or BASIC I.D. modality)."""
    return fields.Dict(
        keys=fields.String(),
        values=fields.Nested(ChangeSchema),
        required=True,
        **kwargs,
    )


class TechniqueChangesSchema(Schema):
    added = fields.List(fields.String(), required=True)
    removed = fields.List(fields.String(), required=True)


class GoalChangeSchema(Schema):
    goal_id = fields.String(required=True)
    changes = changes()


class GoalChangesSchema(Schema):
    added = fields.List(fields.Dict(), required=True)
    removed = fields.List(fields.Dict(), required=True)
    changed = fields.List(fields.Nested(GoalChangeSchema), required=True)


class AssessmentChangesSchema(Schema):
    from_version = fields.Integer(required=True, allow_none=True)
    to_version = fields.Integer(required=True, allow_none=True)
    fields_ = changes(data_key="fields", attribute="fields")
    basic_id = changes()
    basic_id_notes = changes()


class CoherenceChangesSchema(Schema):
    status = fields.Nested(ChangeSchema, required=True)
    appeared = fields.List(fields.Nested(FindingSchema), required=True)
    resolved = fields.List(fields.Nested(FindingSchema), required=True)


class DiffSchema(Schema):
    case_id = fields.UUID(required=True)
    from_version = fields.Integer(required=True)
    to_version = fields.Integer(required=True)
    phase = fields.Nested(ChangeSchema, required=True)
    case_status = fields.Nested(ChangeSchema, required=True)
    techniques = fields.Nested(TechniqueChangesSchema, required=True)
    goals = fields.Nested(GoalChangesSchema, required=True)
    assessment = fields.Nested(AssessmentChangesSchema, required=True)
    coherence = fields.Nested(CoherenceChangesSchema, required=True)
    events = fields.List(
        fields.Nested(EventLineSchema),
        required=True,
        metadata={"description": "every event after `from` up to `to`, in order"},
    )


class FhirEntrySchema(Schema):
    fullUrl = fields.String(required=True)  # FHIR's spelling
    resource = fields.Dict(required=True)


class FhirBundleSchema(Schema):
    """The outline of the exported FHIR R4 Bundle (see hl7.org/fhir/R4/bundle)."""

    resourceType = fields.String(  # FHIR's spelling
        required=True, validate=validate.Equal("Bundle")
    )
    id = fields.String(required=True)
    meta = fields.Dict(required=True)
    type = fields.String(required=True, validate=validate.Equal("collection"))
    timestamp = fields.String(required=True)
    entry = fields.List(fields.Nested(FhirEntrySchema), required=True)
