"""The review room: server-rendered pages where supervisors replay and sign
cases, clinicians follow their caseload, auditors review the record and admins
keep the users. The API stays under /api; these pages live under /."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask, Request
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface
from flask_wtf.csrf import CSRFProtect

from adapters.keys import session_keys
from bootstrap import Services
from web.pages.blueprint import pages
from web.pages.sessions import Sessions
from web.problems import is_api_request

csrf = CSRFProtect()


class FormCookie(SecureCookieSessionInterface):
    """Flask's signed session cookie, which only the pages' forms use (for
    their CSRF token): an API request, which carries a bearer token instead,
    does not open it."""

    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        if is_api_request():
            return None  # Flask then gives the request its null session
        return super().open_session(app, request)


def install(app: Flask, services: Services) -> None:
    """Register the pages, their cookies' settings, CSRF protection and the
    session store on `app`."""
    settings = services.settings
    keys = session_keys(settings.keys)
    app.config.update(
        SECRET_KEY=keys.current,
        SECRET_KEY_FALLBACKS=[
            v for k, v in keys.secrets.items() if k != keys.current_id
        ],
        SESSION_COOKIE_NAME="casebook_form",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Strict",
        SESSION_COOKIE_SECURE=settings.tls,
        # Forms are checked by the pages' own hook; the API takes bearer
        # tokens, which a browser never sends by itself.
        WTF_CSRF_CHECK_DEFAULT=False,
        WTF_CSRF_TIME_LIMIT=None,  # the session's idle timeout bounds it
    )
    app.session_interface = FormCookie()
    csrf.init_app(app)
    app.extensions["casebook_sessions"] = Sessions(
        services.read_models.engine, timedelta(minutes=settings.idle_minutes)
    )
    from web.pages import admin, audit, cases, signin, supervision  # noqa: F401

    app.register_blueprint(pages)
