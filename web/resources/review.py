"""Review of a case for supervision and compliance: replay, diff and export."""

from __future__ import annotations

import json
from typing import Any
from uuid import UUID

from flask import Response
from flask.views import MethodView

from application.export import export_records, jsonl
from application.fhir import fhir_bundle
from application.replay import diff, replay
from application.walk import last_version
from domain.vocabulary import Role
from web.access import Need
from web.blueprints import Blueprint
from web.requests import etag
from web.resources.common import (
    ETAG_HEADER,
    authorized,
    document_problems,
    log_access,
    services,
)
from web.schemas.review import (
    DiffQuerySchema,
    DiffSchema,
    ExportQuerySchema,
    FhirBundleSchema,
    ReplayPageSchema,
    ReplayQuerySchema,
)

JSONL = "application/x-ndjson"
FHIR = "application/fhir+json"
EXPORTED = {
    "200": {
        "description": "JSON Lines (one event per line, then a verification "
        "manifest) or a FHIR R4 Bundle of type collection",
        "content": {
            JSONL: {"schema": {"type": "string"}},
            FHIR: {"schema": FhirBundleSchema},
        },
        "headers": ETAG_HEADER,
    }
}

blp = Blueprint(
    "review", __name__, url_prefix="/api/cases/<uuid:case_id>",
    description="Replay, diff and export of a case for supervision and compliance",
)  # fmt: skip


@blp.route("/replay")
class Replay(MethodView):
    @blp.arguments(ReplayQuerySchema, location="query")
    @blp.response(200, ReplayPageSchema, headers=ETAG_HEADER)
    @document_problems(blp, "401", "403", "404", "409", "422")
    def get(self, query: dict[str, Any], case_id: UUID) -> Any:
        """Each event in order, with the plan, status and findings it left."""
        authorized(case_id, Need.READ)
        page = replay(services().cases, case_id, **query)
        log_access(case_id, page.total, "replay")
        return page, 200, etag(page.total)


@blp.route("/diff")
class Diff(MethodView):
    @blp.arguments(DiffQuerySchema, location="query")
    @blp.response(200, DiffSchema)
    @document_problems(blp, "401", "403", "404", "409", "422")
    def get(self, query: dict[str, Any], case_id: UUID) -> Any:
        """The plan at version `from` against the plan at version `to` (from ≤ to)."""
        authorized(case_id, Need.READ)
        changed = diff(services().cases, case_id, **query)
        log_access(case_id, query["to_version"], "diff")
        return changed


@blp.route("/export")
class Export(MethodView):
    @blp.arguments(ExportQuerySchema, location="query")
    @blp.doc(responses=EXPORTED)
    @document_problems(blp, "401", "403", "404", "409", "422")
    def get(self, query: dict[str, Any], case_id: UUID) -> Any:
        """The whole case for review; auditors get it without clinical free text."""
        user = authorized(case_id, Need.AUDIT)
        clinical = user.role in (Role.CLINICIAN, Role.SUPERVISOR)
        cases = services().cases
        version = last_version(cases, case_id)
        if query["format"] == "fhir":
            # Only auditors read the access log (see the access-log view).
            access = (
                services().access_log.every_entry(case_id)
                if user.role is Role.AUDITOR
                else []
            )
            bundle = fhir_bundle(cases, case_id, access, clinical=clinical)
            body, mimetype = json.dumps(bundle), FHIR
        else:
            body = jsonl(export_records(cases, case_id, clinical=clinical))
            mimetype = JSONL
        log_access(case_id, version, f"export-{query['format']}")
        return Response(body, 200, mimetype=mimetype, headers=etag(version))
