"""Errors met on a page answer as a page (the API keeps problem+json)."""

from __future__ import annotations

import logging

from flask import g, render_template
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from domain.exceptions import CasebookError
from web.problems import from_domain

log = logging.getLogger("casebook.web")

TITLES = {400: "Refused", 403: "Not allowed", 404: "Not found", 405: "Not allowed",
          409: "Cannot show this", 412: "Changed meanwhile", 413: "Too large",
          422: "Not valid"}  # fmt: skip
CSRF_REFUSED = (
    "The form was not sent from this page, or the page had been open too long. "
    "Go back, reload the page and try again."
)


def error_page(error: BaseException) -> tuple[str, int]:
    if isinstance(error, CSRFError):
        return _render(400, "Form refused", CSRF_REFUSED)
    if isinstance(error, CasebookError):
        status = from_domain(error).status_code  # the API's one mapping
        return _render(status, TITLES.get(status, "Refused"), error.message)
    if isinstance(error, HTTPException) and error.code and error.code < 500:
        return _render(error.code, TITLES.get(error.code, error.name),
                       error.description or "")  # fmt: skip
    log.exception("unexpected error on a page", exc_info=error)
    return _render(
        500,
        "Something went wrong",
        "The page could not be shown; the error has been logged.",
    )


def _render(status: int, title: str, detail: str) -> tuple[str, int]:
    page = render_template("pages/error.html", title=title, detail=detail,
                           request_id=g.get("request_id"))  # fmt: skip
    return page, status
