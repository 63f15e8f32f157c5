"""The auditor's review of the record: changes (the audit trail) and reads
(the access log) across every case, filtered, sorted and paged. Only
structure is shown (who, role, when, type, case, version, correlation id),
never clinical text; every view of it is itself a read in the access log."""

from __future__ import annotations

from datetime import UTC
from typing import Any

from flask import render_template, request, url_for
from flask_wtf import FlaskForm
from wtforms import DateTimeLocalField, SelectField, StringField
from wtforms.validators import Optional, ValidationError

from domain.vocabulary import Role
from web.pages import audit_verify  # noqa: F401  (its routes)
from web.pages.audit_query import VIEWS, Filters, View, case_by_reference, kinds
from web.pages.audit_query import listing as query_listing
from web.pages.auth import page
from web.pages.blueprint import pages
from web.pages.checks import identifier, whole_number
from web.resources.common import log_access, services

PER_PAGE = 50
WHEN_FORMAT = "%Y-%m-%dT%H:%M"


class FilterForm(FlaskForm):  # type: ignore[misc]
    """The filters, read from the query string (a GET form needs no CSRF token)."""

    class Meta:
        csrf = False

    since = DateTimeLocalField("From (UTC)", [Optional()], format=WHEN_FORMAT)
    until = DateTimeLocalField("Until (UTC)", [Optional()], format=WHEN_FORMAT)
    actor = StringField("Actor (user id)", [Optional(), identifier])
    role = SelectField("Role", [Optional()], validate_choice=True)
    kind = SelectField("Type", [Optional()], validate_choice=True)
    case = StringField("Case (client reference or id)", [Optional(), identifier])

    def validate_until(self, field: Any) -> None:
        if self.since.data and field.data and field.data <= self.since.data:
            raise ValidationError("must be later than From")


def _view_key() -> str:
    key = request.args.get("view", "changes")
    return key if key in VIEWS else "changes"


def _sorting(view: View) -> tuple[str, bool, list[str]]:
    """The sort column and direction asked for, and what was wrong with them."""
    problems = []
    sort = request.args.get("sort", view.default_sort)
    if sort not in {c.key for c in view.columns}:
        problems.append(f"Sort: there is no column {sort[:40]!r}")
        sort = view.default_sort
    direction = request.args.get("dir", "asc")
    if direction not in ("asc", "desc"):
        problems.append("Direction: must be asc or desc")
        direction = "asc"
    return sort, direction == "desc", problems


def _page_number() -> tuple[int, list[str]]:
    number = whole_number(request.args.get("page", "1"), 1, 1_000_000)
    if number is None:
        return 1, ["Page: must be a whole number from 1"]
    return number, []


@pages.route("/audit")
@page(Role.AUDITOR)
def audit() -> Any:
    view = VIEWS[_view_key()]
    engine = services().read_models.engine
    form = FilterForm(formdata=request.args)
    form.role.choices = [("", "Any role")] + [(r.value, r.value) for r in Role]
    form.kind.choices = [("", "Any type")] + [(k, k) for k in kinds(engine, view)]
    form.kind.label.text = "Event type" if view.key == "changes" else "Kind of read"
    sort, descending, problems = _sorting(view)
    number, wrong_page = _page_number()
    problems += wrong_page
    valid = form.validate()
    case_id = None
    reference = (form.case.data or "").strip()
    if reference and not form.case.errors:
        case_id = case_by_reference(engine, reference)
        if case_id is None:
            form.case.errors = [f"no case with client reference {reference[:64]!r}"]
            valid = False
    result = None
    if valid and not problems:
        filters = Filters(
            since=_utc(form.since.data), until=_utc(form.until.data),
            actor_id=(form.actor.data or "").strip() or None,
            role=form.role.data or None, kind=form.kind.data or None,
            case_id=case_id,
        )  # fmt: skip
        offset = (number - 1) * PER_PAGE
        result = query_listing(engine, view, filters, sort, descending,
                               PER_PAGE, offset)  # fmt: skip
        log_access(case_id, None, f"audit-{view.key}")
    status = 200 if result is not None else 422
    return render_template(
        "pages/audit.html", view=view, views=VIEWS, form=form, result=result,
        problems=problems, sort=sort, descending=descending, number=number,
        per_page=PER_PAGE, link=_link,
    ), status  # fmt: skip


def _utc(value: Any) -> Any:
    return value.replace(tzinfo=UTC) if value is not None else None


def _link(**changes: Any) -> str:
    """This page's address with some query parameters changed (None drops one)."""
    args = {k: v for k, v in request.args.items() if v != ""}
    args.update(changes)
    kept = {k: v for k, v in args.items() if v is not None}
    return url_for("pages.audit", **kept)
