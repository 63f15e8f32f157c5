"""Answers kept as their schema dumped them, by what they were made from."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from marshmallow import Schema, fields

from web.answers import Answers


class PointSchema(Schema):
    x = fields.Integer(required=True)
    label = fields.String(required=True)


@pytest.fixture
def context() -> Iterator[None]:
    app = Flask("answers")
    app.json.sort_keys = False  # type: ignore[attr-defined]
    with app.app_context():
        yield


def made(log: list[str], x: int) -> Any:
    def data() -> dict[str, Any]:
        log.append(f"made {x}")
        return {"x": x, "label": f"point {x}", "ignored": True}

    return data


@pytest.mark.usefixtures("context")
class TestAnswers:
    def test_an_answer_is_the_schemas_dump_as_json(self) -> None:
        response = Answers(PointSchema()).response("a", made([], 1))
        assert response.mimetype == "application/json"
        assert response.get_json() == {"x": 1, "label": "point 1"}

    def test_the_same_key_is_answered_again_without_dumping_anew(self) -> None:
        answers, log = Answers(PointSchema()), []
        first = answers.response("a", made(log, 1)).get_data()
        again = answers.response("a", made(log, 2)).get_data()
        assert again == first
        assert log == ["made 1"]

    def test_another_key_is_dumped_anew(self) -> None:
        answers, log = Answers(PointSchema()), []
        answers.response("a", made(log, 1))
        assert answers.response("b", made(log, 2)).get_json()["x"] == 2
        assert log == ["made 1", "made 2"]

    def test_the_oldest_answer_goes_first_when_as_many_as_kept_are_held(self) -> None:
        answers, log = Answers(PointSchema(), kept=2), []
        for key, x in (("a", 1), ("b", 2), ("c", 3), ("b", 4), ("a", 5)):
            answers.response(key, made(log, x))
        assert log == ["made 1", "made 2", "made 3", "made 5"]
