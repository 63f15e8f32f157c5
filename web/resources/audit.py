"""What auditors ask across every case: who changed what, and who read what."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView

from domain.vocabulary import Role
from web.access import require_role
from web.blueprints import Blueprint
from web.requests import actor
from web.resources.common import document_problems, log_access, services
from web.schemas.audit import ChangesQuerySchema, ReadsQuerySchema
from web.schemas.reports import AccessPageSchema, AuditPageSchema

blp = Blueprint(
    "audit", __name__, url_prefix="/api/audit",
    description="Auditors' queries across every case",
)  # fmt: skip


@blp.route("/changes")
class Changes(MethodView):
    @blp.arguments(ChangesQuerySchema, location="query")
    @blp.response(200, AuditPageSchema)
    @document_problems(blp, "401", "403", "422")
    def get(self, query: dict[str, Any]) -> Any:
        """Recorded events in a time range, by actor and event type, in time order."""
        require_role(actor(), Role.AUDITOR)
        log_access(None, None, "audit-changes")
        return services().read_models.audit_trail(**query)


@blp.route("/reads")
class Reads(MethodView):
    @blp.arguments(ReadsQuerySchema, location="query")
    @blp.response(200, AccessPageSchema)
    @document_problems(blp, "401", "403", "422")
    def get(self, query: dict[str, Any]) -> Any:
        """Who read which case, at which version and when; this read is logged too."""
        require_role(actor(), Role.AUDITOR)
        log_access(query.get("case_id"), None, "audit-reads")
        return services().access_log.entries(**query)
