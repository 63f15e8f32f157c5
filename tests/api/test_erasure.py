"""Erasure and legal holds over the API: two people, the record kept."""

from __future__ import annotations

from uuid import UUID

import pytest

from application.cases import SNAPSHOT_INTERVAL
from domain.free_text import ERASED
from tests.api.bodies import GOAL
from tests.api.driver import Api, problem


def ask(api: Api, case_id: UUID, override: str = "the client withdrew consent") -> int:
    admin = api.as_("admin")
    response = admin.send(
        "POST", f"/api/cases/{case_id}/erasure-requests",
        {"reason": "the client asked", "override_reason": override},
        if_match=api.version(case_id),
    )  # fmt: skip
    assert response.status_code == 201, response.get_json()
    version: int = response.get_json()["version"]
    return version


def confirm(api: Api, case_id: UUID, who: str, version: int) -> object:
    return api.as_(who).send("POST", f"/api/cases/{case_id}/erasure", if_match=version)


def test_an_admin_asks_an_auditor_confirms_and_the_text_is_gone(
    api: Api, case_id: UUID
) -> None:
    before = api.get(f"/api/cases/{case_id}").get_json()
    assert before["plan"]["goals"][0]["description"] == GOAL["description"]
    response = confirm(api, case_id, "auditor-kim", ask(api, case_id))
    assert response.status_code == 201  # type: ignore[attr-defined]
    after = api.get(f"/api/cases/{case_id}").get_json()
    assert after["plan"]["goals"][0]["description"] == ERASED
    assert after["coherence"] == before["coherence"]
    events = api.history(case_id)
    assert [(e["event_type"], e["actor_id"]) for e in events[-2:]] == [
        ("ErasureRequested", "admin"), ("CaseErased", "auditor-kim"),
    ]  # fmt: skip
    report = api.as_("auditor-kim").get(f"/api/cases/{case_id}/verify").get_json()
    assert report["intact"] is True
    problem(api.write(case_id, "sessions", {"session_date": "2026-03-02"}), 409)


def test_whoever_asked_cannot_confirm(api: Api, case_id: UUID) -> None:
    body = problem(confirm(api, case_id, "admin", ask(api, case_id)), 409)  # type: ignore[arg-type]
    assert body["rule"] == "erasure-second-person"
    assert api.get(f"/api/cases/{case_id}").get_json()["plan"]["goals"][0][
        "description"] == GOAL["description"]  # fmt: skip


def test_nothing_is_asked_without_an_override_while_the_case_is_open(
    api: Api, case_id: UUID
) -> None:
    response = api.as_("admin").send(
        "POST", f"/api/cases/{case_id}/erasure-requests",
        {"reason": "the client asked"}, if_match=api.version(case_id),
    )  # fmt: skip
    body = problem(response, 409)
    assert body["rule"] == "erasure-allowed" and "open" in body["detail"]


def test_a_legal_hold_refuses_erasure_until_lifted(api: Api, case_id: UUID) -> None:
    admin = api.as_("admin")
    path = f"/api/cases/{case_id}"
    placed = admin.send("POST", f"{path}/legal-hold", {"reason": "litigation"},
                        if_match=api.version(case_id))  # fmt: skip
    assert placed.status_code == 201
    refused = admin.send(
        "POST", f"{path}/erasure-requests", {"reason": "asked"},
        if_match=api.version(case_id),
    )  # fmt: skip
    assert "legal hold" in problem(refused, 409)["detail"]
    lifted = admin.send("POST", f"{path}/legal-hold/lifting", {"reason": "settled"},
                        if_match=api.version(case_id))  # fmt: skip
    assert lifted.status_code == 201


@pytest.mark.parametrize(("user", "status"), [("dr-rivera", 403), ("dr-okafor", 403),
                                              ("dr-chen", 404)])  # fmt: skip
def test_clinicians_and_supervisors_neither_ask_nor_confirm(
    api: Api, case_id: UUID, user: str, status: int
) -> None:
    asked = api.as_(user).send(
        "POST", f"/api/cases/{case_id}/erasure-requests",
        {"reason": "asked", "override_reason": "now"}, if_match=api.version(case_id),
    )  # fmt: skip
    problem(asked, status)
    problem(confirm(api, case_id, user, ask(api, case_id)), status)  # type: ignore[arg-type]


def test_an_auditor_does_not_ask(api: Api, case_id: UUID) -> None:
    asked = api.as_("auditor-kim").send(
        "POST", f"/api/cases/{case_id}/erasure-requests",
        {"reason": "asked", "override_reason": "now"}, if_match=api.version(case_id),
    )  # fmt: skip
    problem(asked, 403)


def test_an_erasure_needs_if_match(api: Api, case_id: UUID) -> None:
    asked = api.as_("admin").send(
        "POST", f"/api/cases/{case_id}/erasure-requests", {"reason": "asked"}
    )
    problem(asked, 428)


def test_a_waiting_request_is_kept_in_a_snapshot(api: Api, case_id: UUID) -> None:
    # The write that makes the case's version a snapshot's answered 500 (the
    # waiting request could not be stored), after recording its event.
    asked = ask(api, case_id)
    while api.version(case_id) < SNAPSHOT_INTERVAL - 1:
        api.recorded(case_id, "sessions", {"session_date": "2026-03-02"})
    response = api.write(case_id, "sessions", {"session_date": "2026-03-03"})
    assert response.status_code == 201, response.get_data(as_text=True)
    assert response.get_json()["version"] == SNAPSHOT_INTERVAL
    confirmed = confirm(api, case_id, "auditor-kim", SNAPSHOT_INTERVAL)
    assert confirmed.status_code == 201  # type: ignore[attr-defined]
    events = api.history(case_id)
    assert events[-1]["event_type"] == "CaseErased"
    assert events[asked - 1]["event_type"] == "ErasureRequested"
