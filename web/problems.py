"""The one place that maps exceptions to RFC 9457 problem+json responses."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from flask import Response, g, json, request
from werkzeug.exceptions import HTTPException

from application.accounts import Unauthenticated
from domain.accounts import UnknownUser
from domain.exceptions import (
    CasebookError,
    CaseNotFound,
    InvalidValue,
    InvariantViolated,
    VersionConflict,
)

PROBLEM_TYPES = "https://casebook.example/problems/"
log = logging.getLogger("casebook.web")


class PreconditionRequired(CasebookError):
    rule = "if-match-required"


class Forbidden(CasebookError):
    rule = "forbidden"


class BadRequestField(InvalidValue):
    """A query or header value that does not parse."""


def problem(status: int, kind: str, title: str, detail: str, **extra: Any) -> Response:
    body = {"type": PROBLEM_TYPES + kind, "title": title, "status": status,
            "detail": detail, **extra}  # fmt: skip
    request_id = getattr(g, "request_id", None)
    if request_id:
        body["request_id"] = request_id
    return Response(json.dumps(body), status, mimetype="application/problem+json")


def from_domain(error: CasebookError) -> Response:
    if isinstance(error, InvalidValue):
        return problem(422, "validation", "Invalid value", error.message,
                       errors={error.field: [error.reason]})  # fmt: skip
    if isinstance(error, VersionConflict):
        return problem(412, "version-conflict", "Stale version", error.message,
                       current_version=error.current)  # fmt: skip
    if isinstance(error, PreconditionRequired):
        return problem(428, "if-match-required", "If-Match required", error.message)
    if isinstance(error, InvariantViolated):
        return problem(409, f"invariant/{error.rule}", "Invariant violated",
                       error.message, rule=error.rule)  # fmt: skip
    if isinstance(error, (CaseNotFound, UnknownUser)):
        return problem(404, "not-found", "Not found", error.message)
    if isinstance(error, Unauthenticated):
        response = problem(401, "unauthenticated", "Unauthenticated", error.message)
        response.headers["WWW-Authenticate"] = 'Bearer realm="casebook"'
        return response
    if isinstance(error, Forbidden):
        return problem(403, "forbidden", "Forbidden", error.message)
    return problem(400, error.rule, "Refused", error.message)


def from_http(error: HTTPException) -> Response:
    """Werkzeug and webargs errors (404 routes, 405, 413, 415, schema failures)."""
    status = error.code or 500
    data = getattr(error, "data", None) or {}
    if status == 422 and "messages" in data:
        fields = {
            ".".join(str(p) for p in path) or location: messages
            for location, by_field in data["messages"].items()
            for path, messages in _flatten(by_field)
        }
        detail = "; ".join(f"{k}: {' '.join(map(str, v))}" for k, v in fields.items())
        return problem(422, "validation", "Invalid request", detail, errors=fields)
    if status == 500:
        return internal_error(error)
    if status == 400 and request.is_json:
        return problem(
            400, "malformed-json", "Malformed JSON", "the body is not valid JSON"
        )
    response = problem(status, (error.name or "error").lower().replace(" ", "-"),
                       error.name or "Error", error.description or "")  # fmt: skip
    for name, value in error.get_headers():  # e.g. Allow on a 405
        if name.lower() != "content-type":
            response.headers[name] = value
    return response


def _flatten(
    messages: Any, path: tuple[str, ...] = ()
) -> list[tuple[tuple[str, ...], list[str]]]:
    if isinstance(messages, dict):
        found = []
        for key, value in messages.items():
            found += _flatten(value, (*path, str(key)))
        return found
    return [(path, messages if isinstance(messages, list) else [str(messages)])]


def internal_error(error: BaseException) -> Response:
    log.exception("unexpected error", exc_info=error)
    return problem(
        500, "internal", "Internal error",
        "The server could not complete the request; it has been logged.",
    )  # fmt: skip


def is_api_request() -> bool:
    return request.path == "/api" or request.path.startswith("/api/")


def register(app: Any, page_error: Callable[[BaseException], Any]) -> None:
    """problem+json for the API; `page_error` answers everything else."""

    def answer(api: Callable[[Any], Response]) -> Callable[[Any], Any]:
        return lambda error: api(error) if is_api_request() else page_error(error)

    app.register_error_handler(CasebookError, answer(from_domain))
    app.register_error_handler(HTTPException, answer(from_http))
    app.register_error_handler(Exception, answer(internal_error))
