"""The supervision queue: reviews to sign and deep work awaiting approval."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView

from domain.vocabulary import Role
from web.access import require_role
from web.blueprints import Blueprint
from web.requests import actor
from web.resources.common import document_problems, services
from web.schemas.queries import QueueQuerySchema
from web.schemas.reports import SupervisionPageSchema

blp = Blueprint(
    "supervision", __name__, url_prefix="/api/supervision-queue",
    description="What waits for the acting supervisor",
)  # fmt: skip


@blp.route("/")
class SupervisionQueue(MethodView):
    @blp.arguments(QueueQuerySchema, location="query")
    @blp.response(200, SupervisionPageSchema)
    @document_problems(blp, "401", "403", "422")
    def get(self, query: dict[str, Any]) -> Any:
        """The acting supervisor's cases, those needing attention first."""
        user = actor()
        require_role(user, Role.SUPERVISOR)
        return services().read_models.supervision_queue(user.actor_id, **query)
