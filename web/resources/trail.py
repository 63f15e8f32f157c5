"""What compliance reads: history, audit trail, access log and chain verification."""

from __future__ import annotations

import dataclasses
from typing import Any
from uuid import UUID

from flask.views import MethodView

from domain.vocabulary import Role
from web.access import Need, require_role
from web.blueprints import Blueprint
from web.requests import etag
from web.resources.common import (
    ETAG_HEADER,
    authorized,
    document_problems,
    log_access,
    services,
)
from web.schemas.queries import AuditQuerySchema, PagingSchema
from web.schemas.reports import (
    AccessPageSchema,
    AuditPageSchema,
    HistorySchema,
    VerificationSchema,
)

blp = Blueprint(
    "trail", __name__, url_prefix="/api/cases/<uuid:case_id>",
    description="History, audit trail, access log and verification of a case",
)  # fmt: skip


@blp.route("/history")
class History(MethodView):
    @blp.response(200, HistorySchema, headers=ETAG_HEADER)
    @document_problems(blp, "401", "403", "404")
    def get(self, case_id: UUID) -> Any:
        """Every event in order; auditors see who, what and when, not clinical text."""
        user = authorized(case_id, Need.AUDIT)
        entries = services().cases.history(case_id)
        clinical = user.role in (Role.CLINICIAN, Role.SUPERVISOR)
        events = [
            {**dataclasses.asdict(e), "fields": e.fields if clinical else None}
            for e in entries
        ]
        version = entries[-1].version
        log_access(case_id, version, "history")
        return {"case_id": case_id, "events": events}, 200, etag(version)


@blp.route("/audit-trail")
class AuditTrail(MethodView):
    @blp.arguments(AuditQuerySchema, location="query")
    @blp.response(200, AuditPageSchema)
    @document_problems(blp, "401", "403", "404", "422")
    def get(self, query: dict[str, Any], case_id: UUID) -> Any:
        """Who did what, when and for which request: one row per event."""
        authorized(case_id, Need.AUDIT)
        page = services().read_models.audit_trail(case_id=case_id, **query)
        log_access(case_id, None, "audit-trail")
        return page


@blp.route("/access-log")
class AccessLogView(MethodView):
    @blp.arguments(PagingSchema, location="query")
    @blp.response(200, AccessPageSchema)
    @document_problems(blp, "401", "403", "404", "422")
    def get(self, query: dict[str, Any], case_id: UUID) -> Any:
        """Who read this case, at which version, when (auditors only)."""
        user = authorized(case_id, Need.AUDIT)
        require_role(user, Role.AUDITOR)
        log_access(case_id, None, "access-log")
        return services().access_log.entries(case_id=case_id, **query)


@blp.route("/verify")
class Verification(MethodView):
    @blp.response(200, VerificationSchema)
    @document_problems(blp, "401", "403", "404")
    def get(self, case_id: UUID) -> Any:
        """Recompute the hash chain: intact, or the first version that was altered."""
        authorized(case_id, Need.AUDIT)
        report = services().cases.verify(case_id)
        return {"case_id": case_id, **dataclasses.asdict(report)}
