"""Schemathesis with its own default configuration and checks over every operation.

tests/api/test_openapi_conformance.py runs a chosen set of checks, tuned to the
project; this runs whatever schemathesis checks by default (not_a_server_error,
status_code_conformance, content_type_conformance, response_headers_conformance,
response_schema_conformance, positive_data_acceptance, negative_data_rejection,
missing_required_header, ignored_auth, ...), as anyone pointing schemathesis
at the served document would. Only what no document can say is given: the
bearer token of the user with most rights over the operation, and, on a write,
the case's current version as If-Match in place of a well-formed generated one
(which would be stale: 412).
"""

from __future__ import annotations

import re
from typing import Any
from uuid import UUID

import pytest
import schemathesis
from flask import Flask
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import Case, GenerationMode
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import RejectedPositiveData

from bootstrap import Services
from tests.api.driver import Api
from tests.api.operations import OPERATIONS, aimed_parameters
from web.requests import ETAG

EXAMPLES = settings(
    max_examples=8,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)


RULES: dict[str, set[str]] = {
    # Which strategy takes a home orientation or integrated schools.
    # Supervisors must be users with the supervisor role (the accounts hold them).
    "POST /api/cases/": {"home_orientation", "integrated_schools", "supervisor_ids"},
    "POST /api/cases/{case_id}/supervisors": {"supervisor_id"},
    # A technique of the clinic's catalogue (configurable), for goals it has.
    "POST /api/cases/{case_id}/techniques": {"technique", "goal_ids"},
    # The subject a rationale justifies and the goals it serves must exist;
    # its text must not be blank.
    "POST /api/cases/{case_id}/rationales": {"subject.ref", "goal_ids", "text"},
    # A return to an earlier phase says why (an advance needs no reason).
    "POST /api/cases/{case_id}/phase-transitions": {"reason"},
    # Reasons for holds and erasure must not be blank.
    "POST /api/cases/{case_id}/legal-hold": {"reason"},
    "POST /api/cases/{case_id}/legal-hold/lifting": {"reason"},
    "POST /api/cases/{case_id}/erasure-requests": {"reason", "override_reason"},
    # A score within its instrument's own range.
    "POST /api/cases/{case_id}/alliance-measures": {"score"},
    "POST /api/cases/{case_id}/outcome-measures": {"score"},
    # A signature names a recorded version by its chain value.
    "POST /api/cases/{case_id}/signatures": {"signed_version", "signed_chain_value"},
    # A version the case has reached, a time after it was opened.
    "GET /api/cases/{case_id}": {"version", "as_of"},
    # `from` is not after `to`, and both are versions the case has reached.
    "GET /api/cases/{case_id}/diff": {"from", "to"},
    # `since` is before `until`.
    "GET /api/audit/changes": {"until"},
    "GET /api/audit/reads": {"until"},
}
"""What a 422 may name when it refuses a request the document calls valid: the
rules no JSON Schema here expresses (several fields together, or what the case
or the clinic holds). positive_data_acceptance reports those; any other field
it reports is a schema that says less than the API checks."""


def _a_rule(label: str, failure: Exception, response: Any) -> bool:
    if not isinstance(failure, RejectedPositiveData) or response.status_code != 422:
        return False
    named = set(response.json().get("errors", {}))
    return bool(named) and named <= RULES.get(label, set())


def _requests(operation: Any, case_id: UUID) -> st.SearchStrategy[Case]:
    names = re.findall(r"{(\w+)}", operation.path)
    aimed = {name: aimed_parameters(case_id)[name] for name in names}
    return st.one_of(
        [operation.as_strategy(mode, path_parameters=aimed) for mode in GenerationMode]
        + [operation.as_strategy(mode) for mode in GenerationMode]
    )


@pytest.mark.slow
@pytest.mark.parametrize("label", OPERATIONS)
def test_every_operation_passes_the_default_checks(
    label: str, app: Flask, api: Api, case_id: UUID, services: Services
) -> None:
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", app)
    operation = schema.find_operation_by_label(label)
    assert operation is not None
    caller = api.as_(OPERATIONS[label])
    writes = any(p.name == "If-Match" for p in operation.headers)

    @given(case=_requests(operation, case_id))
    @EXAMPLES
    def passes(case: Case) -> None:
        headers = caller.headers()
        generated = (case.headers or {}).get("If-Match")
        if writes and generated is not None and ETAG.match(generated.strip()):
            # A well-formed ETag, made current; a malformed or missing one
            # stays as generated (422, 428).
            plan = services.read_models.plan(case_id)
            assert plan is not None
            headers["If-Match"] = f'"{plan["version"]}"'
        response = case.call(headers=headers)
        try:
            case.validate_response(response, headers=headers)
        except FailureGroup as group:
            found = [f for f in group.exceptions if not _a_rule(label, f, response)]
            if found:
                raise AssertionError(str(group)) from None

    passes()
