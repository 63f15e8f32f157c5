"""The health check: is the event store reachable, and how far do read models lag."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView

from web.blueprints import Blueprint
from web.resources.common import services
from web.schemas.health import HealthSchema

blp = Blueprint("health", __name__, url_prefix="/api", description="Health check")


@blp.route("/health")
class HealthCheck(MethodView):
    @blp.doc(security=[])
    @blp.response(200, HealthSchema)
    @blp.alt_response(503, schema=HealthSchema, description="Degraded or unavailable")
    def get(self) -> Any:
        """Whether the service can record and how far its read models lag
        (no token needed; it shows no case)."""
        health = services().health()
        return health, 200 if health.status == "ok" else 503
