"""Enrolling, signing in and out of the review room, and its front door."""

from __future__ import annotations

import re
from typing import Any

import segno
from flask import Response, g, redirect, render_template, request, url_for
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import EqualTo, InputRequired, Length

from application.accounts import Unauthenticated
from application.credentials import PASSWORD_LENGTH
from application.sign_in import SignInRefused
from domain.exceptions import InvalidValue
from domain.vocabulary import Role
from web.pages.auth import ENDED, SESSION_COOKIE, record_session, sessions, signed_in
from web.pages.blueprint import pages
from web.pages.checks import identifier
from web.resources.common import services

HOME_OF = {
    Role.CLINICIAN: "pages.caseload",
    Role.SUPERVISOR: "pages.queue",
    Role.AUDITOR: "pages.audit",
    Role.ADMIN: "pages.users",
}


class SignInForm(FlaskForm):  # type: ignore[misc]
    user_id = StringField("User id", [InputRequired(), identifier])
    password = PasswordField("Password", [InputRequired(), Length(max=256)])
    code = StringField("Code from your authenticator app",
                       [InputRequired(), Length(min=6, max=8)])  # fmt: skip


class EnrollForm(FlaskForm):  # type: ignore[misc]
    user_id = StringField("User id", [InputRequired(), identifier])
    code = PasswordField("Enrollment code", [InputRequired(), Length(max=64)])
    signing_secret = PasswordField(
        "Signing secret (yours if you have one; otherwise choose one of at least"
        " 8 characters)",
        [Length(max=256)],
    )
    password = PasswordField(
        f"New password ({PASSWORD_LENGTH[0]} characters or more)",
        [InputRequired(), Length(*PASSWORD_LENGTH)],
    )
    password_again = PasswordField(
        "New password again",
        [InputRequired(), EqualTo("password", "the two passwords differ")],
    )


class ConfirmForm(FlaskForm):  # type: ignore[misc]
    user_id = StringField("User id", [InputRequired(), identifier])
    code = StringField("Code from your authenticator app",
                       [InputRequired(), Length(min=6, max=8)])  # fmt: skip


class SignOutForm(FlaskForm):  # type: ignore[misc]
    pass


LOCAL_PATH = re.compile(r"/(?![/\\])[A-Za-z0-9._~!$&'()*+,;=:@%/-]*")
"""A path on this site, in the characters a URL path takes as they are: no
second slash or backslash after the first (another site), and no white space
or control character, which a browser drops (a tab between two slashes makes
them "//") or no header may hold (a newline)."""


def _local(target: str | None) -> str | None:
    """A path on this site to return to after signing in; never another site."""
    if target and LOCAL_PATH.fullmatch(target):
        return target
    return None


@pages.route("/")
def home() -> Response:
    user = signed_in()
    if user is None:
        return redirect(url_for("pages.sign_in"))
    return redirect(url_for(HOME_OF[user.role]))


@pages.route("/sign-in", methods=["GET", "POST"])
def sign_in() -> Any:
    form = SignInForm()
    notice = ENDED.get(request.args.get("ended", ""))
    refused = None
    if form.validate_on_submit():
        try:
            user = services().accounts.sign_in(
                form.user_id.data.strip(), form.password.data, form.code.data,
                correlation_id=g.request_id,
            )  # fmt: skip
        except SignInRefused as error:
            record_session(form.user_id.data.strip(), None, "sign-in refused")
            refused = error.message
        else:
            record_session(user.actor_id, user.role, "sign-in")
            target = _local(request.args.get("next")) or url_for(HOME_OF[user.role])
            response = redirect(target)
            _set_session_cookie(response, sessions().start(user.actor_id))
            return response
    status = 401 if refused or form.errors else 200
    return render_template("pages/sign_in.html", form=form, notice=notice,
                           refused=refused), status  # fmt: skip


@pages.route("/sign-out", methods=["POST"])
def sign_out() -> Response:
    token = request.cookies.get(SESSION_COOKIE, "")
    user = signed_in()
    if token:
        sessions().end(token, "signed out")
    if user is not None:
        record_session(user.actor_id, user.role, "sign-out")
    response = redirect(url_for("pages.sign_in", ended="signed out"))
    response.delete_cookie(SESSION_COOKIE)
    return response


@pages.route("/enroll", methods=["GET", "POST"])
def enroll() -> Any:
    form = EnrollForm()
    refused = None
    if form.validate_on_submit():
        try:
            enrolled = services().accounts.enroll_for_sign_in(
                form.user_id.data.strip(), form.code.data.strip(),
                form.signing_secret.data or None, form.password.data,
                correlation_id=g.request_id,
            )  # fmt: skip
        except Unauthenticated as error:
            refused = error.message
        except InvalidValue as error:
            refused = f"{error.field.replace('_', ' ')}: {error.reason}"
        else:
            qr = segno.make(enrolled.totp_uri, error="m")
            confirm = ConfirmForm(user_id=enrolled.user_id, formdata=None)
            return render_template(
                "pages/enrolled.html", enrolled=enrolled, form=confirm,
                qr=qr.svg_data_uri(scale=5, border=2),
            )  # fmt: skip
    status = 422 if refused or form.errors else 200
    return render_template("pages/enroll.html", form=form, refused=refused), status


@pages.route("/enroll/confirm", methods=["POST"])
def confirm_enrollment() -> Any:
    form = ConfirmForm()
    refused = None
    if form.validate_on_submit():
        try:
            services().accounts.confirm_second_factor(
                form.user_id.data.strip(), form.code.data, correlation_id=g.request_id
            )
        except SignInRefused as error:
            refused = error.message
        else:
            return render_template("pages/confirmed.html", user_id=form.user_id.data)
    return render_template("pages/confirm.html", form=form, refused=refused), 422


def _set_session_cookie(response: Response, token: str) -> None:
    response.set_cookie(
        SESSION_COOKIE, token, httponly=True, samesite="Strict",
        secure=services().settings.tls, path="/",
    )  # fmt: skip


def sign_out_form() -> SignOutForm:
    """The sign-out button's form, on every page (it needs the CSRF token)."""
    return SignOutForm()


@pages.app_context_processor
def _page_context() -> dict[str, Any]:
    return {"sign_out_form": sign_out_form, "user": g.get("actor")}
