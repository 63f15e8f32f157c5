"""How the OpenAPI document describes Casebook's errors: always as problem+json."""

from __future__ import annotations

from typing import Any

from apispec import APISpec, BasePlugin
from flask import Flask
from flask_smorest import Api

from domain import limits
from web.requests import PATH_IDENTIFIERS
from web.schemas.reports import ProblemSchema

PROBLEM = "application/problem+json"
ANY_OTHER_PROBLEM = "PROBLEM"
# Answers any operation that takes a body can give, whatever its schema.
BODY_PROBLEMS = {
    "400": "The body is not valid JSON",
    "413": "The body is over one mebibyte",
    "415": "The body was not sent as application/json",
}


def problem_response(description: str) -> dict[str, Any]:
    """An OpenAPI response object for a problem+json answer."""
    return {"description": description, "content": {PROBLEM: {"schema": ProblemSchema}}}


def _body_problem(code: str) -> str:
    return f"{ANY_OTHER_PROBLEM}_{code}"


PATH_PROBLEM = _body_problem("422")
"""A path parameter that is no identifier; a body or query that is invalid."""


class ProblemResponses(BasePlugin):
    """Registers the problem responses and documents them on every body operation,
    and the identifiers a path names as identifiers: any other answers 422."""

    def init_spec(self, spec: APISpec) -> None:
        spec.components.response(
            ANY_OTHER_PROBLEM, problem_response("Any other error, as problem+json")
        )
        for code, description in BODY_PROBLEMS.items():
            spec.components.response(_body_problem(code), problem_response(description))
        spec.components.response(
            PATH_PROBLEM,
            problem_response("Invalid request: the problem names each field and why"),
        )

    def path_helper(
        self, path: str | None = None, operations: Any = None,
        parameters: list[dict[str, Any]] | None = None, **kwargs: Any,
    ) -> None:  # fmt: skip
        named = [p for p in parameters or [] if _names_an_identifier(p)]
        for parameter in named:
            parameter["schema"] = {
                "type": "string", "minLength": 1, "maxLength": limits.IDENTIFIER,
                "pattern": limits.IDENTIFIER_PATTERN,
            }  # fmt: skip
        if named:
            for operation in (operations or {}).values():
                responses = operation.setdefault("responses", {})
                if not {422, "422"} & set(responses):
                    responses["422"] = PATH_PROBLEM

    def operation_helper(
        self, path: str | None = None, operations: Any = None, **kwargs: Any
    ) -> None:
        for operation in (operations or {}).values():
            if "requestBody" in operation:
                responses = operation.setdefault("responses", {})
                for code in BODY_PROBLEMS:
                    responses.setdefault(code, _body_problem(code))


def _names_an_identifier(parameter: Any) -> bool:
    return (
        isinstance(parameter, dict)
        and parameter.get("in") == "path"
        and parameter.get("name") in PATH_IDENTIFIERS
    )


class CasebookApi(Api):
    """flask-smorest's Api, with its catch-all `default` error as problem+json.

    flask-smorest would document errors with its own JSON Error schema, which
    Casebook never sends: web/problems.py answers every error as problem+json.
    """

    ERROR_SCHEMA = ProblemSchema
    DEFAULT_ERROR_RESPONSE_NAME = ANY_OTHER_PROBLEM

    def __init__(self, app: Flask) -> None:
        super().__init__(app, spec_kwargs={"extra_plugins": [ProblemResponses()]})
