"""Schemathesis against the OpenAPI document the app serves, in-process over WSGI.

Each operation gets generated requests, valid and invalid, sent with the bearer
token of the user with most rights over it and the case's current If-Match, so
that they reach past authentication and concurrency into validation and the
domain. Path parameters mostly name things the `case_id` fixture's clinic has
(see `aimed_parameters`), and sometimes random ones, which must answer 404.

Every answer must be: no 5xx; a status the operation documents explicitly; the
documented content type; a body and headers that match the documented schemas;
and a refusal of every request the schema says is invalid.

Checks left out, and why:
- status_code_conformance: every operation documents a `default` problem+json
  response, which makes that check accept any status; `_validate` requires an
  explicitly documented status instead.
- positive_data_acceptance: a schema-valid request is rightly refused by domain
  invariants (409), authorization (403/404) and stale versions (412), which no
  schema can express.
- max_response_time: no timing assertions in this suite.
- ignored_auth, unsupported_method and the stateful checks: they replay
  requests outside the generated ones; test_http.py covers 401 on every
  operation and 405.
"""

from __future__ import annotations

import re
from typing import Any
from uuid import UUID

import pytest
import schemathesis
from flask import Flask
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import Case, GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
)

from bootstrap import Services
from tests.api.driver import PROBLEM, Api
from tests.api.operations import OPERATIONS, aimed_parameters
from web.blueprints import Blueprint
from web.requests import ETAG
from web.resources.common import document_problems

CONFIG = schemathesis.Config.from_dict(
    # The test sets Authorization itself; generated (or negated) security
    # parameters would be overwritten, making "invalid" requests valid ones.
    {"generation": {"with-security-parameters": False}}
)
CHECKS = [
    not_a_server_error,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
    negative_data_rejection,
]
FUZZING = settings(
    max_examples=25,
    deadline=None,
    database=None,
    derandomize=True,  # the same requests on every run: no flaky failures
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
        HealthCheck.data_too_large,
    ],
)
# Answers any operation with a body can give, whatever its schema.
GENERIC_BODY_ERRORS = {400, 413, 415}


class UndocumentedStatus(AssertionError):
    """An answer with a status the operation does not document."""


def _requests(operation: Any, case_id: UUID) -> st.SearchStrategy[Case]:
    names = re.findall(r"{(\w+)}", operation.path)
    aimed = {name: aimed_parameters(case_id)[name] for name in names}
    strategies = [
        operation.as_strategy(mode, path_parameters=aimed) for mode in GenerationMode
    ]
    if aimed:
        strategies.append(operation.as_strategy(GenerationMode.POSITIVE))
    return st.one_of(strategies)


def _validate(case: Case, response: Any, headers: dict[str, str]) -> None:
    status = response.status_code
    if str(status) not in case.operation.responses.status_codes:
        raise UndocumentedStatus(
            f"{case.operation.label} answered {status}, which it does not "
            f"document: {response.text[:300]}"
        )
    try:
        case.validate_response(response, checks=CHECKS, headers=headers)
    except FailureGroup as failures:
        raise AssertionError(str(failures)) from None


@pytest.mark.slow
class TestEveryOperationConforms:
    @pytest.mark.parametrize("label", OPERATIONS)
    def test_every_answer_conforms_to_the_openapi_document(
        self, label: str, app: Flask, api: Api, case_id: UUID, services: Services
    ) -> None:
        schema = schemathesis.openapi.from_wsgi("/api/openapi.json", app, config=CONFIG)
        operation = schema.find_operation_by_label(label)
        assert operation is not None
        caller = api.as_(OPERATIONS[label])

        @given(case=_requests(operation, case_id))
        @FUZZING
        def answers_conform(case: Case) -> None:
            # The read model, not a GET: a fuzzed request may revoke a token.
            plan = services.read_models.plan(case_id)
            assert plan is not None
            headers = caller.headers(if_match=plan["version"])
            # A well-formed If-Match made current; a negated one (malformed or
            # left out) stays as generated, to be refused (422, 428).
            generated = (case.headers or {}).get("If-Match")
            if generated is None or not ETAG.match(generated.strip()):
                del headers["If-Match"]
            _validate(case, case.call(headers=headers), headers)

        answers_conform()


class TestTheDocumentedErrors:
    def test_every_body_error_is_documented_as_problem_json(self, api: Api) -> None:
        document = api.get("/api/openapi.json").get_json()
        undocumented = [
            f"{status} {label}"
            for label, operation in _operations(document)
            if "requestBody" in operation
            for status in sorted(GENERIC_BODY_ERRORS)
            if not _is_problem(document, operation["responses"].get(str(status)))
        ]
        assert undocumented == []

    def test_every_other_error_is_documented_as_problem_json(self, api: Api) -> None:
        document = api.get("/api/openapi.json").get_json()
        undocumented = [
            label
            for label, operation in _operations(document)
            if not _is_problem(document, operation["responses"].get("default"))
        ]
        assert undocumented == []
        assert "Error" not in document["components"]["schemas"]

    def test_the_problems_a_view_gives_are_documented(
        self, api: Api
    ) -> None:
        blueprint = Blueprint("problems", __name__)

        def view() -> None:
            """A view."""

        documented_view = document_problems(blueprint, "404", "409")(view)
        documented = documented_view._apidoc["response"]["responses"]
        assert sorted(documented) == [404, 409]
        plan = api.get("/api/openapi.json").get_json()["paths"]["/api/cases/{case_id}"]
        assert {"401", "403", "404", "409", "422"} <= set(plan["get"]["responses"])


def _operations(document: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    return [
        (f"{method.upper()} {path}", operation)
        for path, item in document["paths"].items()
        for method, operation in item.items()
        if method != "parameters"
    ]


def _is_problem(document: dict[str, Any], answer: dict[str, Any] | None) -> bool:
    found = _resolved(document, answer)
    return found is not None and PROBLEM in found.get("content", {})


def _resolved(
    document: dict[str, Any], found: dict[str, Any] | None
) -> dict[str, Any] | None:
    """A documented response object, its $ref resolved."""
    if found is None or "$ref" not in found:
        return found
    resolved: dict[str, Any] = document["components"]["responses"][
        found["$ref"].rsplit("/", 1)[-1]
    ]
    return resolved
