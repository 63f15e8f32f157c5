"""Per-request context: correlation id, authenticated actor, If-Match versions,
and what every request must be before any schema reads it (its identifiers in
the path, its body's JSON nesting and numbers)."""

from __future__ import annotations

import json
import logging
import re
import sys
import uuid
from typing import Any

from flask import Flask, Response, current_app, g, request

from application.accounts import Unauthenticated
from domain import limits, values
from domain.envelope import Actor
from web.problems import BadRequestField, PreconditionRequired, is_api_request

REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")
ETAG_PATTERN = r'^(?:W/)?"(\d{1,12})"$'
ETAG = re.compile(ETAG_PATTERN)
IF_MATCH: dict[str, Any] = {
    "in": "header",
    "name": "If-Match",
    "required": True,
    "description": "The case's current ETag, as its last read or write gave it "
    '(e.g. "7"): a write without it answers 428, with a stale one 412',
    "schema": {"type": "string", "pattern": ETAG_PATTERN},
}
"""The OpenAPI parameter of every write that `expected_version` guards."""
PATH_IDENTIFIERS = frozenset({"goal_id", "technique", "supervisor_id", "user_id"})
"""Path parameters that name something by its identifier (limits.IDENTIFIER_PATTERN);
`case_id` is a UUID, which its route's converter checks."""
PUBLIC_PREFIXES = ("/api/openapi.json", "/api/docs", "/api/health", "/api/enrollment")


class RequestIdFilter(logging.Filter):
    """Puts the request's correlation id on every log record made while serving it."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            record.request_id = g.get("request_id", "-")
        except RuntimeError:  # outside a request
            record.request_id = "-"
        return True


def start_request() -> None:
    offered = request.headers.get("X-Request-ID", "")
    g.request_id = offered if REQUEST_ID.match(offered) else uuid.uuid4().hex
    if not is_api_request():  # the review room's pages sign in their own way
        return
    if request.path.startswith(PUBLIC_PREFIXES) or request.method == "OPTIONS":
        return
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthenticated("send an Authorization: Bearer <token> header")
    g.actor = current_app.extensions["casebook"].accounts.authenticate(token.strip())
    check_path()


def check_path() -> None:
    """Refuse (422, naming it) a path parameter that no identifier could be."""
    for name, value in (request.view_args or {}).items():
        if name in PATH_IDENTIFIERS:
            reason = values.unfit_identifier(value)
            if reason is not None:
                raise BadRequestField(name, reason)


def check_body(data: bytes) -> None:
    """Refuse (422 naming the body) JSON no schema should ever see: nested
    deeper than limits.MAX_JSON_DEPTH, holding an integer Python will not read
    (over 4,300 digits) or NaN and Infinity, which are not JSON. Other integers
    reach the schemas, whose ranges name their fields. Malformed JSON is left
    to the schema's parser, which answers 400."""
    try:
        parsed = json.loads(
            data.decode("utf-8"), parse_int=_integer, parse_constant=_not_json
        )
    except RecursionError:
        raise _too_deep() from None
    except Refused as refused:
        raise BadRequestField("body", str(refused)) from None
    except (json.JSONDecodeError, UnicodeDecodeError):
        return
    _check_depth(parsed)


class Refused(ValueError):
    """A JSON value Casebook will not parse."""


def _integer(digits: str) -> int:
    most = sys.get_int_max_str_digits() or 4300  # 0: unlimited; keep the default
    if len(digits.lstrip("-")) > most:
        raise Refused(f"must not hold an integer of over {most} digits")
    return int(digits)


def _not_json(constant: str) -> Any:
    raise Refused(f"must not hold {constant}, which is not a JSON number")


def _too_deep() -> BadRequestField:
    deepest = limits.MAX_JSON_DEPTH
    return BadRequestField(
        "body", f"must not nest arrays and objects over {deepest} deep"
    )


def _check_depth(parsed: Any) -> None:
    """Without recursion: a body as deep as the parser allows must not take
    the stack that a recursive walk would."""
    level = [parsed]
    for _ in range(limits.MAX_JSON_DEPTH):
        level = [
            child
            for item in level
            if isinstance(item, (dict, list))
            for child in (item.values() if isinstance(item, dict) else item)
        ]
        if not level:
            return
    if any(isinstance(item, (dict, list)) for item in level):
        raise _too_deep()


def finish_request(response: Response) -> Response:
    response.headers["X-Request-ID"] = g.get("request_id", "")
    return response


def actor() -> Actor:
    found: Actor = g.actor
    return found


def expected_version() -> int:
    """The version named by If-Match; a write without one is refused with 428."""
    header = request.headers.get("If-Match")
    if not header:
        raise PreconditionRequired(
            "send If-Match with the case's current ETag (read it with GET first)"
        )
    match = ETAG.match(header.strip())
    if not match:
        raise BadRequestField("If-Match", 'must be an ETag such as "7"')
    return int(match.group(1))


def etag(version: int) -> dict[str, str]:
    return {"ETag": f'"{version}"'}


def install(app: Flask) -> None:
    app.before_request(start_request)
    app.after_request(finish_request)
