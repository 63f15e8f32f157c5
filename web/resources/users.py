"""User administration (admins) and a user's own signing secret; all audited.

An admin hands out enrollment codes, never tokens: only the user, exchanging
the code at /api/enrollment, ever holds a token that acts as them."""

from __future__ import annotations

from typing import Any

from flask import g
from flask.views import MethodView

from domain.envelope import acting
from domain.vocabulary import Role
from web.access import require_role
from web.blueprints import Blueprint
from web.problems import Forbidden
from web.requests import actor
from web.resources.common import document_problems, services
from web.schemas.accounts import (
    EnrollmentCodeSchema,
    NewUserSchema,
    RoleSchema,
    SigningSecretSchema,
)
from web.schemas.reports import UserSchema

blp = Blueprint("users", __name__, url_prefix="/api", description="Users and roles")


def _admin() -> Any:
    user = actor()
    require_role(user, Role.ADMIN)
    return acting(user, g.request_id)


@blp.route("/users")
class Users(MethodView):
    @blp.response(200, UserSchema(many=True))
    @document_problems(blp, "401", "403")
    def get(self) -> Any:
        """Every user with their role (admins only)."""
        require_role(actor(), Role.ADMIN)
        return services().accounts.users()

    @blp.arguments(NewUserSchema)
    @blp.response(201, EnrollmentCodeSchema)
    @document_problems(blp, "401", "403", "422")
    def post(self, fields: dict[str, Any]) -> Any:
        """Create a user; the answer holds their enrollment code, shown only once."""
        with _admin():
            return services().accounts.add_user(**fields), 201


@blp.route("/users/<user_id>/role")
class UserRole(MethodView):
    @blp.arguments(RoleSchema)
    @blp.response(200, UserSchema)
    @document_problems(blp, "401", "403", "404", "409", "422")
    def put(self, fields: dict[str, Any], user_id: str) -> Any:
        """Give a user another role."""
        with _admin():
            services().accounts.change_role(user_id, fields["role"])
        return services().accounts.user(user_id)


@blp.route("/users/<user_id>/enrollment-codes")
class UserEnrollmentCodes(MethodView):
    @blp.response(201, EnrollmentCodeSchema)
    @document_problems(blp, "401", "403", "404")
    def post(self, user_id: str) -> Any:
        """Re-enroll a user: a new enrollment code (shown only once), which
        revokes their tokens and any earlier code."""
        with _admin():
            return services().accounts.reenroll(user_id), 201


@blp.route("/users/<user_id>/tokens")
class UserTokens(MethodView):
    @blp.response(204)
    @document_problems(blp, "401", "403", "404", "409")
    def delete(self, user_id: str) -> Any:
        """Revoke every token of a user and any unused enrollment code,
        effective on their next request."""
        with _admin():
            services().accounts.revoke_tokens(user_id)
        return None


@blp.route("/me/signing-secret")
class OwnSigningSecret(MethodView):
    @blp.arguments(SigningSecretSchema)
    @blp.response(204)
    @document_problems(blp, "401", "403", "422")
    def put(self, fields: dict[str, Any]) -> Any:
        """Set (or, with the current one, change) the acting user's signing secret."""
        user = actor()
        accounts = services().accounts
        if accounts.user(user.actor_id).has_signing_secret and not (
            fields["current_secret"]
            and accounts.check_signing_secret(user.actor_id, fields["current_secret"])
        ):
            raise Forbidden("changing the signing secret needs the current one")
        with acting(user, g.request_id):
            accounts.set_signing_secret(user.actor_id, fields["secret"])
        return None
