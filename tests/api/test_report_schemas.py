"""The plan, replay and diff schemas describe every key, and dump answers unchanged."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from marshmallow import Schema, fields

from application.demo_clinic import create_demo_clinic
from application.replay import diff, replay
from bootstrap import Services
from domain.plan_diff import ASSESSMENT_FIELDS, GOAL_FIELDS
from domain.vocabulary import Modality
from web.schemas.plan import BasicIdSchema
from web.schemas.reports import CaseReportSchema
from web.schemas.review import (
    AssessmentFieldChangesSchema,
    BasicIdChangesSchema,
    DiffSchema,
    GoalFieldChangesSchema,
    ReplayPageSchema,
)

ANSWERS = (CaseReportSchema, ReplayPageSchema, DiffSchema)


def nested_fields(schema: Schema, path: str = "") -> Iterator[tuple[str, Any]]:
    """Every field under `schema`, through nested schemas, lists and dicts."""
    for name, field in schema.fields.items():
        yield from _within(field, f"{path}.{name}")


def _within(field: Any, path: str) -> Iterator[tuple[str, Any]]:
    yield path, field
    if isinstance(field, fields.Nested):
        yield from nested_fields(field.schema, path)
    elif isinstance(field, fields.List):
        yield from _within(field.inner, f"{path}[]")
    elif isinstance(field, fields.Dict) and field.value_field is not None:
        yield from _within(field.value_field, f"{path}{{}}")


def same_json(dumped: Any, answer: Any) -> bool:
    return json.dumps(dumped) == json.dumps(answer)


class TestTheSchemasDescribeEveryKey:
    @pytest.mark.parametrize("answer", ANSWERS)
    def test_no_answer_nests_an_undescribed_object_or_value(
        self, answer: type[Schema]
    ) -> None:
        bare = [
            path
            for path, field in nested_fields(answer())
            if type(field) is fields.Raw
            or (isinstance(field, fields.Mapping) and field.value_field is None)
        ]

        assert bare == []

    @pytest.mark.parametrize(
        ("schema", "order"),
        [
            (BasicIdSchema, [m.value for m in Modality]),
            (BasicIdChangesSchema, [m.value for m in Modality]),
            (GoalFieldChangesSchema, list(GOAL_FIELDS)),
            (AssessmentFieldChangesSchema, list(ASSESSMENT_FIELDS)),
        ],
    )
    def test_keys_are_declared_in_the_order_the_domain_gives_them(
        self, schema: type[Schema], order: list[str]
    ) -> None:
        assert list(schema().fields) == order


class TestDumpingChangesNothing:
    """Each answer as the application gives it, dumped, is the same JSON text:
    the same keys, in the same order, with the same values."""

    def test_every_plan_of_every_demo_case(self, services: Services) -> None:
        list(create_demo_clinic(services.cases))
        schema = CaseReportSchema()
        for case_id in services.cases.directory().values():
            last = services.cases.plan(case_id).version
            for version in range(1, last + 1):
                report = services.cases.report(case_id, version=version)
                assert same_json(schema.dump(report), report), (case_id, version)

    def test_every_replay_step_of_every_demo_case(self, services: Services) -> None:
        list(create_demo_clinic(services.cases))
        for case_id in services.cases.directory().values():
            page = replay(services.cases, case_id, limit=500)
            dumped = ReplayPageSchema().dump(page)
            for step, got in zip(page.items, dumped["items"], strict=True):
                for key in ("plan", "coherence", "appeared", "resolved"):
                    assert same_json(got[key], getattr(step, key)), (step, key)

    def test_diffs_of_every_demo_case(self, services: Services) -> None:
        list(create_demo_clinic(services.cases))
        schema = DiffSchema()
        for case_id in services.cases.directory().values():
            last = services.cases.plan(case_id).version
            ranges = [(1, last), *((v, v + 1) for v in range(1, last))]
            for first, second in ranges:
                changed = diff(services.cases, case_id, first, second)
                dumped = schema.dump(changed)
                assert list(dumped) == list(changed)
                for key in list(changed)[1:-1]:  # all but case_id and events
                    assert same_json(dumped[key], changed[key]), (first, second)
