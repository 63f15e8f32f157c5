"""The auditor's verification of the record and export downloads.

Verification makes the calls `casebook verify --all` and the API's verify
make: every opened case's chain, checked against the audit trail as witness,
and the access log's seals. Exports are the API's, without clinical free
text, served as attachments to a signed-in auditor."""

from __future__ import annotations

import json
from typing import Any
from uuid import UUID

from flask import Response, render_template, request

from application.export import export_records, jsonl
from application.fhir import fhir_bundle
from application.walk import last_version
from domain import values
from domain.exceptions import CaseNotFound
from domain.vocabulary import Role
from web.access import Need
from web.pages.audit_query import case_by_reference
from web.pages.auth import page
from web.pages.blueprint import pages
from web.resources.common import authorized, log_access, services

FORMATS = {
    "jsonl": ("application/x-ndjson", "jsonl"),
    "fhir": ("application/fhir+json", "fhir.json"),
}


@pages.route("/verification")
@page(Role.AUDITOR)
def verification() -> Any:
    cases = services().cases
    reference = request.args.get("case", "").strip()
    problem, targets = None, cases.opened_cases()
    if reference:
        unfit = values.unfit_identifier(reference)
        engine = services().read_models.engine
        case_id = None if unfit else case_by_reference(engine, reference)
        chosen = [(label, id_) for label, id_ in targets if id_ == case_id]
        if not chosen:
            wrong = unfit or f"no case with client reference or id {reference!r}"
            problem = f"Case: {wrong}"
        targets = chosen
    reports = []
    for label, case_id in targets:
        try:
            report = cases.verify(case_id)
        except CaseNotFound:  # opened, then its events were removed
            report = None
        reports.append({"label": label, "case_id": case_id, "report": report})
    access = services().access_log.verify() if not reference else None
    log_access(targets[0][1] if reference and targets else None, None,
               "verification")  # fmt: skip
    broken = sum(1 for r in reports if r["report"] is None or not r["report"].intact)
    return render_template(
        "pages/verification.html", reports=reports, access=access, broken=broken,
        reference=reference, problem=problem,
    ), (422 if problem else 200)  # fmt: skip


@pages.route("/audit/cases/<uuid:case_id>/export.<kind>")
@page(Role.AUDITOR)
def audit_export(case_id: UUID, kind: str) -> Response:
    """A case's export as a file to keep: JSON Lines, or a FHIR R4 Bundle with
    the case's reads; both without clinical free text, as the API gives an
    auditor."""
    if kind not in ("jsonl", "fhir.json"):
        from flask import abort

        abort(404)
    chosen = "jsonl" if kind == "jsonl" else "fhir"
    authorized(case_id, Need.AUDIT)
    cases = services().cases
    version = last_version(cases, case_id)
    if chosen == "fhir":
        access = services().access_log.every_entry(case_id)
        body = json.dumps(fhir_bundle(cases, case_id, access, clinical=False))
    else:
        body = jsonl(export_records(cases, case_id, clinical=False))
    log_access(case_id, version, f"export-{chosen}")
    mimetype, extension = FORMATS[chosen]
    name = f"casebook-{case_id}-v{version}.{extension}"
    return Response(body, 200, mimetype=mimetype, headers={
        "Content-Disposition": f'attachment; filename="{name}"',
        "ETag": f'"{version}"',
    })  # fmt: skip
