"""Who is signed in to the review room, and what every page answer carries."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import Response, current_app, g, redirect, request, url_for

from domain.envelope import Actor
from domain.vocabulary import Role
from web.access import require_role
from web.pages.blueprint import pages
from web.pages.sessions import Resumed, Sessions
from web.resources.common import services

SESSION_COOKIE = "casebook_session"
SECURITY_HEADERS = {
    # Every page may show clinical content or the audit record: none is kept
    # by the browser or a proxy.
    "Cache-Control": "no-store",
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; "
        "form-action 'self'; base-uri 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}
ENDED = {
    "idle": "You were signed out after a period without activity.",
    "signed out": "You are signed out.",
    "revoked": "Your sign-in was revoked: ask an admin for a new enrollment code.",
}

View = TypeVar("View", bound=Callable[..., Any])


def sessions() -> Sessions:
    found: Sessions = current_app.extensions["casebook_sessions"]
    return found


@pages.before_request
def _check_form() -> None:
    """Every form carries its CSRF token (Flask-WTF); a POST without it is refused."""
    if request.method == "POST":
        from web.pages import csrf

        csrf.protect()


@pages.after_request
def _secure(response: Response) -> Response:
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response


def signed_in() -> Actor | None:
    """The user this browser's session stands for, its idle clock restarted;
    None without a live one. A session found idle, or whose user was
    re-enrolled since, ends here, on the record."""
    if "actor" in g:
        found: Actor | None = g.actor
        return found
    token = request.cookies.get(SESSION_COOKIE, "")
    resumed = sessions().resume(token) if token else None
    user = None
    if resumed is not None and resumed.live:
        assert resumed.user_id is not None
        user = services().accounts.signed_in_actor(resumed.user_id)
        if user is None:
            sessions().end(token, "revoked")
            resumed = Resumed(resumed.user_id, "revoked", just_ended=True)
    if resumed is not None and resumed.just_ended:
        g.ended = resumed.ended
        assert resumed.user_id is not None
        record_session(resumed.user_id, None, f"signed out ({resumed.ended})")
    g.actor = user
    return user


def record_session(user_id: str, role: Role | None, what: str) -> None:
    """A sign-in, refusal or sign-out, in the access log beside every read."""
    services().access_log.record(
        case_id=None, version=None, actor_id=user_id[:64],
        actor_role=role.value if role else "-", what=what,
        correlation_id=g.request_id,
    )  # fmt: skip


def page(*roles: Role) -> Callable[[View], View]:
    """A page for signed-in users in one of `roles` (any role if none given);
    others are sent to sign in, or refused with 403."""

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            user = signed_in()
            if user is None:
                return _to_sign_in(g.get("ended"))
            if roles:
                require_role(user, *roles)
            return view(*args, **kwargs)

        return wrapper  # type: ignore[return-value]

    return decorate


def _to_sign_in(ended: str | None) -> Response:
    """To the sign-in page, back here afterwards; saying why, if a session ended."""
    target = url_for("pages.sign_in", next=request.path, ended=ended)
    response = redirect(target)
    if ended:
        response.delete_cookie(SESSION_COOKIE)
    return response
