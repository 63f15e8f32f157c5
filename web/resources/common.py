"""What every resource does the same way: services, authorization, access logging."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any
from uuid import UUID

from flask import current_app, g

from bootstrap import Services
from domain.accounts import UnknownUser
from domain.envelope import Actor
from domain.exceptions import CaseNotFound, HistoryDamaged, InvalidValue
from domain.vocabulary import Role
from projections.case_lookup import CaseLookup
from projections.plans import CurrentPlan, RowTampered
from web.access import Need, authorize
from web.openapi import PROBLEM
from web.requests import actor
from web.schemas.reports import ProblemSchema

log = logging.getLogger("casebook.web")

PROBLEMS = {
    "401": "Missing, malformed or revoked bearer token",
    "404": "No such case, or not one this user may see",
    "422": "Invalid request: the problem names each field and why",
}
ETAG_HEADER = {
    "ETag": {"description": "The case's version", "schema": {"type": "string"}}
}


def services() -> Services:
    found: Services = current_app.extensions["casebook"]
    return found


def check_supervisors(field: str, supervisor_ids: Iterable[str]) -> None:
    """Refuse (422 naming `field`) a supervisor who is not a user with the
    supervisor role: the accounts live apart from the cases, so the case
    itself cannot know."""
    accounts = services().accounts
    for supervisor_id in supervisor_ids:
        try:
            role = accounts.user(supervisor_id).role
        except UnknownUser:
            raise InvalidValue(field, f"no user {supervisor_id!r}") from None
        if role != Role.SUPERVISOR.value:
            raise InvalidValue(field, f"{supervisor_id!r} is not a supervisor")


def lookup(case_id: UUID) -> CaseLookup:
    """The read models' view of a case, read once a request, in one query:
    authorization and the plan read both need it."""
    found: dict[UUID, CaseLookup] = g.setdefault("lookups", {})
    if case_id not in found:
        found[case_id] = services().read_models.lookup(case_id)
    return found[case_id]


def current_plan(case_id: UUID) -> CurrentPlan | None:
    """The case's plan row; one that is not as the projector sealed it is
    neither served nor trusted: the plan is worked out from the events."""
    found = lookup(case_id)
    if found.tampered is None:
        return found.plan
    return from_events_instead(case_id, found.tampered)


def from_events_instead(case_id: UUID, problem: RowTampered) -> CurrentPlan | None:
    """The plan worked out from the case's events, since its row is not to be
    trusted (`problem` says why), once a request."""
    log.warning("%s; answering from the case's events", problem)
    plan: dict[UUID, CurrentPlan | None] = g.setdefault("from_events", {})
    if case_id not in plan:
        plan[case_id] = _from_events(case_id)
    return plan[case_id]


def _from_events(case_id: UUID) -> CurrentPlan | None:
    try:
        report = services().cases.report(case_id)
    except CaseNotFound:
        return None
    plan = report["plan"]
    parties = plan["clinician_id"], list(plan["supervisor_ids"])
    signers = [signature["signer_id"] for signature in plan["signatures"]]
    return CurrentPlan(plan["version"], *parties, signers,
                       lambda: (plan, report["coherence"]))  # fmt: skip


def authorized(case_id: UUID, need: Need) -> Actor:
    """The acting user, once they are allowed to `need` this case; a case found
    broken answers 409 naming where, except to what audits it."""
    user = actor()
    finding = lookup(case_id).finding
    authorize(user, case_id, current_plan(case_id) or finding, need)
    if finding is not None and need is not Need.AUDIT:
        raise HistoryDamaged(finding.version, finding.reason)
    return user


def log_access(case_id: UUID | None, version: int | None, what: str) -> None:
    user = actor()
    services().access_log.record(
        case_id=case_id, version=version, actor_id=user.actor_id,
        actor_role=user.role.value, what=what, correlation_id=g.request_id,
    )  # fmt: skip


def document_problems(blueprint: Any, *codes: str) -> Any:
    """Decorator documenting the problem+json answers a view can give, with
    flask-smorest's `alt_response`."""

    def decorate(view: Any) -> Any:
        for code in codes or tuple(PROBLEMS):
            view = blueprint.alt_response(
                int(code), schema=ProblemSchema, content_type=PROBLEM,
                description=PROBLEMS.get(code, "Refused"),
            )(view)  # fmt: skip
        return view

    return decorate
