"""Casebook's thin HTTP layer: Flask, flask-smorest schemas and problem+json errors."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from flask import Flask, Response, request
from werkzeug.exceptions import UnsupportedMediaType
from werkzeug.routing import RequestRedirect

from bootstrap import Services, build_services
from web import pages, problems, requests
from web.openapi import CasebookApi
from web.pages.errors import error_page

DEFAULTS: dict[str, Any] = {
    "API_TITLE": "Casebook",
    "API_VERSION": "1",
    "OPENAPI_VERSION": "3.0.3",
    "OPENAPI_URL_PREFIX": "/api",
    "OPENAPI_JSON_PATH": "openapi.json",
    "OPENAPI_SWAGGER_UI_PATH": "/docs",
    "OPENAPI_SWAGGER_UI_URL": "/api/docs-assets/",
    "MAX_CONTENT_LENGTH": 1024 * 1024,
    "API_SPEC_OPTIONS": {
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}
        },
        "security": [{"bearer": []}],
    },
}
WRITES = ("POST", "PUT", "PATCH")
LOG_FORMAT = "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"


def _require_json() -> None:
    # Only a body must be JSON: a POST that takes none (issuing a token) may
    # come without a content type, and a missing body fails its schema (422).
    if _api_write() and _has_body() and not request.is_json:
        raise UnsupportedMediaType("send the body as application/json")


def _check_body() -> None:
    # Before any schema parses it: nesting and numbers no schema should meet.
    if _api_write() and _has_body() and request.is_json:
        requests.check_body(request.get_data(cache=True))


def _redirect() -> Response | None:
    """A redirect routing still asks for (e.g. "//" merged), as problem+json:
    Flask answers routing redirects without any error handler."""
    found = request.routing_exception
    if not isinstance(found, RequestRedirect):
        return None
    response = problems.problem(
        found.code, "moved", "Moved", f"the resource is at {found.new_url}"
    )
    response.headers["Location"] = found.new_url
    return response


def _api_write() -> bool:
    """The review room's pages post forms; the API takes JSON."""
    return request.method in WRITES and problems.is_api_request()


def _has_body() -> bool:
    chunked = "chunked" in request.headers.get("Transfer-Encoding", "").lower()
    return bool(request.content_length) or chunked


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """The Flask application; pass CASEBOOK_SERVICES to reuse wired services."""
    # The review room serves its assets from its blueprint (pages.static): an
    # app-wide /static route would shadow it.
    app = Flask("casebook", static_folder=None)
    # "/api/cases" is "/api/cases/": a 308 to it would be an HTML page.
    app.url_map.strict_slashes = False
    # Keys in the order the schemas declare them: sorting them cost a plan
    # read a third of its JSON encoding.
    app.json.sort_keys = False  # type: ignore[attr-defined]
    app.config.update(DEFAULTS)
    app.config.update(config or {})
    services: Services = app.config.get("CASEBOOK_SERVICES") or build_services(
        app.config.get("CASEBOOK_SETTINGS")
    )
    app.extensions["casebook"] = services
    api = CasebookApi(app)
    from web.resources import BLUEPRINTS, docs_assets

    for blueprint in BLUEPRINTS:
        api.register_blueprint(blueprint)
    app.register_blueprint(docs_assets)
    app.before_request(_redirect)
    requests.install(app)
    app.before_request(_require_json)
    app.before_request(_check_body)
    pages.install(app, services)
    problems.register(app, page_error=error_page)
    _configure_logging()
    return app


def _configure_logging() -> None:
    logger = logging.getLogger("casebook")
    if logger.handlers:
        return
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    handler.addFilter(requests.RequestIdFilter())
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
