"""Queries and answers of the review reads: replay, diff and export."""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from typing import Any

from marshmallow import Schema, fields, validate

from domain.vocabulary import (
    CoherenceStatus,
    GoalStatus,
    LearningStyle,
    Level,
    Modality,
    Phase,
    RelationalStyle,
    Risk,
    StageOfChange,
)
from web.schemas.plan import (
    CASE_STATUSES,
    SEVERITY,
    PlanGoalSchema,
    PlanSchema,
    by_modality,
)
from web.schemas.queries import PagingSchema
from web.schemas.reports import (
    CoherenceSchema,
    EventLineSchema,
    FindingSchema,
    PageSchema,
)
from web.schemas.vocab import case_version, one_of, string

EXPORT_FORMATS = ("jsonl", "fhir")


class ReplayQuerySchema(PagingSchema):
    pass


class DiffQuerySchema(Schema):
    from_ = case_version(data_key="from", attribute="from_version", required=True)
    to = case_version(attribute="to_version", required=True)


class ExportQuerySchema(Schema):
    format = string(
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


def change_of(name: str, value: Callable[[], fields.Field[Any]]) -> type[Schema]:
    """One value as it was ("from") and as it became ("to")."""
    return Schema.from_dict({"from": value(), "to": value()}, name=name)


def _changed(schema: type[Schema]) -> fields.Nested:
    # Present only when the value changed.
    return fields.Nested(schema)


PhaseChangeSchema = change_of("PhaseChangeSchema", lambda: one_of(Phase, required=True))
CaseStatusChangeSchema = change_of(
    "CaseStatusChangeSchema",
    lambda: fields.String(required=True, validate=validate.OneOf(CASE_STATUSES)),
)
CoherenceStatusChangeSchema = change_of(
    "CoherenceStatusChangeSchema", lambda: one_of(CoherenceStatus, required=True)
)


class TechniqueChangesSchema(Schema):
    added = fields.List(fields.String(), required=True)
    removed = fields.List(fields.String(), required=True)


class GoalFieldChangesSchema(Schema):
    """The fields of a goal that changed, in domain/plan_diff.py's GOAL_FIELDS
    order; a goal's changes are read only while it exists, so none is null."""

    description = _changed(
        change_of("TextChangeSchema", lambda: fields.String(required=True))
    )
    modalities = _changed(
        change_of(
            "ModalitiesChangeSchema",
            lambda: fields.List(one_of(Modality), required=True),
        )
    )
    agreed_with_client = _changed(
        change_of("FlagChangeSchema", lambda: fields.Boolean(required=True))
    )
    status = _changed(
        change_of("GoalStatusChangeSchema", lambda: one_of(GoalStatus, required=True))
    )


class GoalChangeSchema(Schema):
    goal_id = fields.String(required=True)
    changes = fields.Nested(GoalFieldChangesSchema, required=True)


class GoalChangesSchema(Schema):
    added = fields.List(fields.Nested(PlanGoalSchema), required=True)
    removed = fields.List(fields.Nested(PlanGoalSchema), required=True)
    changed = fields.List(fields.Nested(GoalChangeSchema), required=True)


def _vocabulary_change(name: str, vocabulary: type[Enum]) -> type[Schema]:
    # Null on the side that had no assessment yet.
    return change_of(name, lambda: one_of(vocabulary, required=True, allow_none=True))


LevelChangeSchema = _vocabulary_change("LevelChangeSchema", Level)
NoteChangeSchema = change_of(
    "NoteChangeSchema", lambda: fields.String(required=True, allow_none=True)
)


class AssessmentFieldChangesSchema(Schema):
    """The latest assessment's fields that changed, in domain/plan_diff.py's
    ASSESSMENT_FIELDS order; the side with no assessment yet is null."""

    stage_of_change = _changed(
        _vocabulary_change("StageOfChangeChangeSchema", StageOfChange)
    )
    relational_style = _changed(
        _vocabulary_change("RelationalStyleChangeSchema", RelationalStyle)
    )
    learning_style = _changed(
        _vocabulary_change("LearningStyleChangeSchema", LearningStyle)
    )
    psychological_mindedness = _changed(LevelChangeSchema)
    emotional_reactivity = _changed(LevelChangeSchema)
    risk = _changed(_vocabulary_change("RiskChangeSchema", Risk))
    notes = _changed(NoteChangeSchema)


SeverityChangeSchema = change_of(
    "SeverityChangeSchema",
    lambda: fields.Integer(required=True, allow_none=True, validate=SEVERITY),
)
BasicIdChangesSchema = by_modality(
    "BasicIdChangesSchema", lambda: _changed(SeverityChangeSchema)
)
BasicIdNoteChangesSchema = by_modality(
    "BasicIdNoteChangesSchema", lambda: _changed(NoteChangeSchema)
)


class AssessmentChangesSchema(Schema):
    from_version = fields.Integer(required=True, allow_none=True)
    to_version = fields.Integer(required=True, allow_none=True)
    fields_ = fields.Nested(
        AssessmentFieldChangesSchema,
        data_key="fields",
        attribute="fields",
        required=True,
    )
    basic_id = fields.Nested(BasicIdChangesSchema, required=True)
    basic_id_notes = fields.Nested(BasicIdNoteChangesSchema, required=True)


class CoherenceChangesSchema(Schema):
    status = fields.Nested(CoherenceStatusChangeSchema, required=True)
    appeared = fields.List(fields.Nested(FindingSchema), required=True)
    resolved = fields.List(fields.Nested(FindingSchema), required=True)


class DiffSchema(Schema):
    case_id = fields.UUID(required=True)
    from_version = fields.Integer(required=True)
    to_version = fields.Integer(required=True)
    phase = fields.Nested(PhaseChangeSchema, required=True)
    case_status = fields.Nested(CaseStatusChangeSchema, required=True)
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
