"""Cases: open one, list a clinician's caseload, read a plan with its coherence."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from uuid import UUID

from flask import Response
from flask.views import MethodView

from domain.commands import OpenCase
from domain.envelope import acting
from domain.exceptions import CaseNotFound
from domain.vocabulary import Role
from projections.plans import CurrentPlan, RowTampered
from web.access import Need, require_role
from web.answers import Answers
from web.blueprints import Blueprint
from web.requests import actor, etag
from web.resources.common import (
    authorized,
    check_supervisors,
    current_plan,
    document_problems,
    from_events_instead,
    log_access,
    lookup,
    services,
)
from web.schemas.queries import CaseListQuerySchema, PlanQuerySchema
from web.schemas.records import OpenCaseSchema
from web.schemas.reports import CaseloadPageSchema, CaseReportSchema, RecordedSchema

blp = Blueprint("cases", __name__, url_prefix="/api/cases", description="Client cases")
REPORT = CaseReportSchema()
# Pays its way: bench/ab.py read, 1.13 times the plan reads/s with it (932
# against 841, 8 rounds, 2026-12-07); the plan row's signer ids, which let a
# kept answer be found without decrypting the report, are 1.05 of that.
CURRENT = Answers(REPORT)
"""Current plans as REPORT dumps them, by their row's seal and signers' names."""


@blp.route("/")
class Cases(MethodView):
    @blp.arguments(CaseListQuerySchema, location="query")
    @blp.response(200, CaseloadPageSchema)
    @document_problems(blp, "401", "403", "422")
    def get(self, query: dict[str, Any]) -> Any:
        """The cases the acting user may see, filtered and paginated: a
        clinician's caseload, the cases a supervisor supervises, or, for an
        auditor, every case (these rows hold no clinical text)."""
        user = actor()
        require_role(user, Role.CLINICIAN, Role.SUPERVISOR, Role.AUDITOR)
        mine = {
            Role.CLINICIAN: {"clinician_id": user.actor_id},
            Role.SUPERVISOR: {"supervisor_id": user.actor_id},
        }.get(user.role, {})
        return services().read_models.cases(**mine, **query)

    @blp.arguments(OpenCaseSchema)
    @blp.response(201, RecordedSchema)
    @document_problems(blp, "401", "403", "409", "422")
    def post(self, command: OpenCase) -> Any:
        """Open a case; the acting clinician becomes its clinician."""
        from flask import g

        user = actor()
        require_role(user, Role.CLINICIAN)
        check_supervisors("supervisor_ids", command.supervisor_ids)
        with acting(user, g.request_id):
            recorded = services().cases.open_case(user.actor_id, command)
        headers = {
            **etag(recorded.version),
            "Location": f"/api/cases/{recorded.case_id}",
        }
        return recorded, 201, headers


@blp.route("/<uuid:case_id>")
class CaseReport(MethodView):
    @blp.arguments(PlanQuerySchema, location="query")
    @blp.response(200, REPORT)
    @document_problems(blp, "401", "403", "404", "409", "422")
    def get(self, query: dict[str, Any], case_id: UUID) -> Any:
        """The plan and its coherence: now, at ?version=N, or ?as_of=T."""
        authorized(case_id, Need.READ)
        version, answer = _past(case_id, query) if query else _current(case_id)
        log_access(case_id, version, "plan")
        return answer, 200, etag(version)


def _current(case_id: UUID) -> tuple[int, dict[str, Any] | Response]:
    """From the plan read model, kept as `plan_report` and `coherence_report`
    give it, and dumped by REPORT like any answer: once for each sealed row and
    signers' names, which are all it is made from."""
    found = current_plan(case_id)
    if found is None:
        raise CaseNotFound(case_id)
    seal = lookup(case_id).seal  # None when the plan was worked out from events
    try:
        names = _names(found.signer_ids)
        if seal is None:
            return found.version, _answer(found, names)
        return found.version, CURRENT.response(
            (seal, names), lambda: _answer(found, names)
        )
    except RowTampered as problem:  # its text does not decrypt: keys altered
        from_events = from_events_instead(case_id, problem)
        if from_events is None:
            raise CaseNotFound(case_id) from None
        return from_events.version, _answer(from_events, _names(from_events.signer_ids))


def _answer(plan: CurrentPlan, names: tuple[str, ...]) -> dict[str, Any]:
    signed = _with_names(plan.report["signatures"], names)
    return {"plan": {**plan.report, "signatures": signed}, "coherence": plan.coherence}


def _past(case_id: UUID, query: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    """Worked out from the log, and dumped by CaseReportSchema as usual."""
    report = services().cases.report(case_id, **query)
    plan = report["plan"]
    named = {**plan, "signatures": _named(plan["signatures"])}
    return plan["version"], {**report, "plan": named}


def _named(signatures: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return _with_names(signatures, _names(s["signer_id"] for s in signatures))


def _names(signer_ids: Iterable[str]) -> tuple[str, ...]:
    """Each signer's name (21 CFR 11.50), as users are named now: names live
    with the accounts, not in the case's history."""
    name = services().accounts.display_name
    return tuple(name(signer_id) for signer_id in signer_ids)


def _with_names(
    signatures: list[dict[str, Any]], names: tuple[str, ...]
) -> list[dict[str, Any]]:
    return [{**s, "signer_name": n} for s, n in zip(signatures, names, strict=True)]
