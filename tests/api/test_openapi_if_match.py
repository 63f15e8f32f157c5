"""Every write that needs If-Match says so in the OpenAPI document, so that the
docs page and generated clients can write (without it: 428)."""

from __future__ import annotations

import re

from tests.api.driver import Api
from web.requests import ETAG_PATTERN
from web.resources.records import WRITES


def _path(write_path: str) -> str:
    return "/api/cases/{case_id}/" + re.sub(r"<(\w+)>", r"{\1}", write_path)


def _if_match(operation: dict[str, object]) -> list[dict[str, object]]:
    parameters = operation.get("parameters") or []
    assert isinstance(parameters, list)
    return [p for p in parameters if p.get("name") == "If-Match"]


def test_every_write_on_a_case_requires_if_match(api: Api) -> None:
    document = api.get("/api/openapi.json").get_json()
    for write in WRITES:
        operation = document["paths"][_path(write.path)][write.method.lower()]
        [declared] = _if_match(operation)
        assert declared["in"] == "header", write.path
        assert declared["required"] is True, write.path
        assert declared["schema"] == {"type": "string", "pattern": ETAG_PATTERN}
        assert "428" in operation["responses"] and "412" in operation["responses"]


def test_nothing_else_declares_it(api: Api) -> None:
    document = api.get("/api/openapi.json").get_json()
    writes = {(_path(w.path), w.method.lower()) for w in WRITES}
    others = [
        f"{method} {path}"
        for path, item in document["paths"].items()
        for method, operation in item.items()
        if method != "parameters" and (path, method) not in writes
        and _if_match(operation)
    ]  # fmt: skip
    assert others == []


def test_the_etag_a_write_answers_is_what_the_pattern_takes(api: Api) -> None:
    opened = api.send(
        "POST", "/api/cases/",
        {"client_ref": "client-if-match", "strategy": "common_factors"},
    )  # fmt: skip
    assert opened.status_code == 201, opened.get_json()
    assert re.fullmatch(ETAG_PATTERN, opened.headers["ETag"])
