"""Per-request context: correlation id, authenticated actor and If-Match versions."""

from __future__ import annotations

import logging
import re
import uuid

from flask import Flask, Response, current_app, g, request

from application.accounts import Unauthenticated
from domain.envelope import Actor
from web.problems import BadRequestField, PreconditionRequired

REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")
ETAG = re.compile(r'^(?:W/)?"(\d{1,12})"$')
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
    if request.path.startswith(PUBLIC_PREFIXES) or request.method == "OPTIONS":
        return
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthenticated("send an Authorization: Bearer <token> header")
    g.actor = current_app.extensions["casebook"].accounts.authenticate(token.strip())


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
