"""An admin manages users and assignments, and reaches no clinical content and no
other user's credential by any route (DOMAIN.md, "Who may do what")."""

from __future__ import annotations

import re
from typing import Any
from uuid import UUID

import pytest
from werkzeug.test import TestResponse

from application.accounts import Unauthenticated
from bootstrap import Services
from tests.api.bodies import ASSESSMENT, GOAL, SIGNING_SECRET, TECHNIQUE
from tests.api.driver import Api, problem
from tests.api.operations import OPERATIONS, concrete

CLINICAL_TEXTS = [GOAL["description"], ASSESSMENT["notes"], "client-1"]
"""What the `case_id` fixture recorded that only its clinician and supervisor
may read: the goal, the assessment's notes and the client's reference."""
# Valid requests, so that each is refused for who sends it, not for its shape.
BODIES: dict[str, Any] = {
    "POST /api/cases/": {"client_ref": "admin-1", "strategy": "technical_eclecticism"},
    "POST /api/cases/{case_id}/assessments": ASSESSMENT,
    "POST /api/cases/{case_id}/goals": {**GOAL, "goal_id": "g-2"},
    "POST /api/cases/{case_id}/goals/{goal_id}/status": {"status": "achieved"},
    "POST /api/cases/{case_id}/techniques": TECHNIQUE,
    "POST /api/cases/{case_id}/techniques/{technique}/discontinuation": {
        "reason": "not helping"
    },
    "POST /api/cases/{case_id}/phase-transitions": {
        "direction": "advance",
        "to_phase": "processing",
    },
    "POST /api/cases/{case_id}/rationales": {
        "subject": {"kind": "technique", "ref": "grounding"},
        "text": "why",
        "explained_to_client": True,
    },
    "POST /api/cases/{case_id}/sessions": {"session_date": "2026-01-05"},
    "POST /api/cases/{case_id}/alliance-measures": {
        "instrument": "srs",
        "score": 30,
        "session_date": "2026-01-05",
    },
    "POST /api/cases/{case_id}/outcome-measures": {
        "instrument": "ors",
        "score": 20,
        "session_date": "2026-01-05",
    },
    "POST /api/cases/{case_id}/supervision-notes": {"text": "a note"},
    "POST /api/cases/{case_id}/review-requests": {"up_to_version": 4},
    "POST /api/cases/{case_id}/signatures": {
        "meaning": "approved",
        "signed_version": 4,
        "signed_chain_value": "i1:" + "0" * 64,
        "outcome": "approved",
        "signing_secret": SIGNING_SECRET,
    },
    "POST /api/cases/{case_id}/corrections": {
        "corrects": 3,
        "reason": "typo",
        "replacement": GOAL,
    },
    "POST /api/cases/{case_id}/supervisors": {"supervisor_id": "dr-who"},
    "POST /api/cases/{case_id}/closure": {"reason": "completed"},
    "POST /api/cases/{case_id}/reopening": {"reason": "back"},
    "POST /api/cases/{case_id}/legal-hold": {"reason": "litigation"},
    "POST /api/cases/{case_id}/legal-hold/lifting": {"reason": "settled"},
    "POST /api/cases/{case_id}/erasure-requests": {
        "reason": "asked",
        "override_reason": "now",
    },
    "POST /api/users": {"user_id": "dr-x", "role": "clinician"},
    "PUT /api/users/{user_id}/role": {"role": "supervisor"},
    "PUT /api/me/signing-secret": {"secret": "admin-secret"},
    "POST /api/enrollment": {
        "user_id": "dr-chen",
        "code": "a-guess",
        "signing_secret": "a-guess-too",
    },
}
QUERIES = {"GET /api/cases/{case_id}/diff": {"from": 1, "to": 4}}
ASSIGNMENTS = {
    "POST /api/cases/{case_id}/supervisors",
    "DELETE /api/cases/{case_id}/supervisors/{supervisor_id}",
    "POST /api/cases/{case_id}/legal-hold",
    "POST /api/cases/{case_id}/legal-hold/lifting",
    "POST /api/cases/{case_id}/erasure-requests",
    "POST /api/cases/{case_id}/erasure",
}
"""Case operations an admin may perform: they name people, holds and erasure,
never clinical content."""
CREDENTIAL = re.compile(r"cbk\.[\w.-]+")


def as_admin(api: Api, label: str, case_id: UUID) -> TestResponse:
    method, url = concrete(label, case_id)
    admin = api.as_("admin")
    if method == "GET":
        return admin.get(url, QUERIES.get(label))
    return admin.send(method, url, BODIES.get(label), if_match=4)


@pytest.mark.parametrize("label", OPERATIONS)
def test_no_answer_to_an_admin_holds_clinical_text(
    api: Api, case_id: UUID, label: str
) -> None:
    response = as_admin(api, label, case_id)
    text = response.get_data(as_text=True)
    assert [t for t in CLINICAL_TEXTS if t in text] == []
    if "{case_id}" in label and label not in ASSIGNMENTS:
        assert response.status_code in (403, 404), text
        assert api.version(case_id) == 4


def test_an_admin_reaches_no_token_and_no_usable_code_of_another_user(
    api: Api, case_id: UUID, services: Services
) -> None:
    """Every operation, as the admin, aimed at dr-chen where it names a user:
    no answer holds a token that works, and the enrollment code re-enrolling
    dr-chen gives the admin is worth nothing without dr-chen's signing secret."""
    answers = [as_admin(api, label, case_id) for label in OPERATIONS]
    for text in (a.get_data(as_text=True) for a in answers):
        for found in CREDENTIAL.findall(text):
            with pytest.raises(Unauthenticated):
                services.accounts.authenticate(found)
    reenrolled = api.as_("admin").send("POST", "/api/users/dr-chen/enrollment-codes")
    code = reenrolled.get_json()["enrollment_code"]
    for secret in (None, "admin-secret", "a-guess-too"):
        body = {"user_id": "dr-chen", "code": code}
        if secret is not None:
            body["signing_secret"] = secret
        problem(api.client.post("/api/enrollment", json=body), 401)
    assert services.accounts.user("dr-chen").has_live_token is False


def test_an_admin_cannot_change_their_own_role(api: Api, services: Services) -> None:
    response = api.as_("admin").send(
        "PUT", "/api/users/admin/role", {"role": "supervisor"}
    )
    problem(response, 409)
    assert services.accounts.user("admin").role == "admin"
