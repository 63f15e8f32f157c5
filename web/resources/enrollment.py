"""Enrollment: a user exchanges the code an admin gave them for their own token."""

from __future__ import annotations

from typing import Any

from flask import g
from flask.views import MethodView

from web.blueprints import Blueprint
from web.openapi import PROBLEM
from web.resources.common import document_problems, services
from web.schemas.accounts import EnrollmentSchema
from web.schemas.reports import IssuedTokenSchema, ProblemSchema

blp = Blueprint(
    "enrollment", __name__, url_prefix="/api", description="Enrolling with a code"
)


@blp.route("/enrollment")
class Enrollment(MethodView):
    @blp.doc(security=[])
    @blp.arguments(EnrollmentSchema)
    @blp.response(201, IssuedTokenSchema)
    @blp.alt_response(
        401, schema=ProblemSchema, content_type=PROBLEM,
        description="Unknown user; wrong, used, superseded or expired code; "
        "or wrong signing secret",
    )  # fmt: skip
    @document_problems(blp, "422")
    def post(self, fields: dict[str, Any]) -> Any:
        """Exchange an enrollment code for one's own API token, shown only once
        (no token needed: the code, and the signing secret if one has one, are
        the proof; a code works once)."""
        token = services().accounts.enroll(
            fields["user_id"], fields["code"], fields["signing_secret"],
            correlation_id=g.request_id,
        )  # fmt: skip
        return {"user_id": fields["user_id"], "token": token}, 201
