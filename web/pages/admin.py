"""The admin's review-room pages: users, their roles and enrollment. No
clinical content. Every change is made by the same application calls as the
API's, acting as the signed-in admin, and refused the same way."""

from __future__ import annotations

from typing import Any

from flask import g, render_template
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField
from wtforms.validators import InputRequired, Length

from application.accounts import EnrollmentCode, UserView
from domain.envelope import Actor, acting
from domain.exceptions import CasebookError, InvalidValue
from domain.vocabulary import Role
from web.pages import admin_assign  # noqa: F401  (its routes)
from web.pages.auth import page, signed_in
from web.pages.blueprint import pages
from web.problems import from_domain
from web.resources.common import services

ROLES = [(r.value, r.value) for r in Role]
LABELS = {"user_id": "User id", "display_name": "Name", "role": "Role"}


class NewUserForm(FlaskForm):  # type: ignore[misc]
    user_id = StringField("User id", [InputRequired(), Length(max=64)])
    display_name = StringField("Name (optional)", [Length(max=200)])
    role = SelectField("Role", [InputRequired()], choices=ROLES)


class RoleForm(FlaskForm):  # type: ignore[misc]
    role = SelectField("Role", [InputRequired()], choices=ROLES)


class ActionForm(FlaskForm):  # type: ignore[misc]
    """A button's form: only its CSRF token."""


def _admin() -> Actor:
    user = signed_in()
    assert user is not None
    return user


def _states(view: UserView) -> list[str]:
    """What a user can do now, as words: sign in, use the API, enroll."""
    states = []
    if services().accounts.signed_in_actor(view.user_id) is not None:
        states.append("signs in to the review room")
    if view.has_live_token:
        states.append("holds an API token")
    if view.enrollment_expires_at is not None:
        expires = view.enrollment_expires_at.strftime("%Y-%m-%d %H:%M")
        states.append(f"enrollment code waiting (until {expires} UTC)")
    if view.has_signing_secret:
        states.append("has a signing secret")
    return states or ["not enrolled"]


def _render(
    status: int = 200, *, form: NewUserForm | None = None,
    issued: EnrollmentCode | None = None, notice: str | None = None,
    refused: str | None = None,
) -> Any:  # fmt: skip
    users = services().accounts.users()
    rows = [
        {"user": u, "states": _states(u),
         "role_form": RoleForm(formdata=None, role=u.role)}
        for u in users
    ]  # fmt: skip
    return render_template(
        "pages/users.html", rows=rows, form=form or NewUserForm(formdata=None),
        action=ActionForm(formdata=None), issued=issued, notice=notice,
        refused=refused, me=_admin().actor_id,
    ), status  # fmt: skip


def _refusal(error: CasebookError, field_label: str | None = None) -> tuple[str, int]:
    """The application's own words, naming the field when it names one."""
    status = from_domain(error).status_code
    if isinstance(error, InvalidValue):
        field = LABELS.get(error.field, error.field.replace("_", " "))
        return f"{field}: {error.reason}", status
    prefix = f"{field_label}: " if field_label else ""
    return prefix + error.message, status


@pages.route("/users")
@page(Role.ADMIN)
def users() -> Any:
    return _render()


@pages.route("/users", methods=["POST"])
@page(Role.ADMIN)
def add_user() -> Any:
    form = NewUserForm()
    if not form.validate():
        return _render(422, form=form)
    try:
        with acting(_admin(), g.request_id):
            issued = services().accounts.add_user(
                (form.user_id.data or "").strip(), form.role.data,
                (form.display_name.data or "").strip(),
            )  # fmt: skip
    except CasebookError as error:
        refused, status = _refusal(error)
        if isinstance(error, InvalidValue) and error.field in LABELS:
            form[error.field].errors = [error.reason]  # shown by the field
            refused = None
        return _render(status, form=form, refused=refused)
    return _render(201, issued=issued, notice=f"{issued.user_id} was added.")


@pages.route("/users/<user_id>/role", methods=["POST"])
@page(Role.ADMIN)
def change_role(user_id: str) -> Any:
    form = RoleForm()
    if not form.validate():
        errors = "; ".join(form.role.errors or ["not valid"])
        return _render(422, refused=f"Role of {user_id}: {errors}")
    try:
        with acting(_admin(), g.request_id):
            services().accounts.change_role(user_id, form.role.data)
    except CasebookError as error:
        refused, status = _refusal(error, f"Role of {user_id}")
        return _render(status, refused=refused)
    return _render(notice=f"{user_id} is now {form.role.data}.")


@pages.route("/users/<user_id>/enrollment-code", methods=["POST"])
@page(Role.ADMIN)
def reenroll(user_id: str) -> Any:
    try:
        with acting(_admin(), g.request_id):
            issued = services().accounts.reenroll(user_id)
    except CasebookError as error:
        refused, status = _refusal(error, f"Re-enrolling {user_id}")
        return _render(status, refused=refused)
    notice = (
        f"{user_id} has a new enrollment code; their sign-in, sessions and "
        "tokens are revoked."
    )
    return _render(201, issued=issued, notice=notice)


@pages.route("/users/<user_id>/revocation", methods=["POST"])
@page(Role.ADMIN)
def revoke(user_id: str) -> Any:
    try:
        with acting(_admin(), g.request_id):
            services().accounts.revoke_tokens(user_id)
    except CasebookError as error:
        refused, status = _refusal(error, f"Revoking {user_id}")
        return _render(status, refused=refused)
    return _render(notice=f"{user_id}'s tokens and enrollment code are revoked.")
