"""Supervision: the queue, signing with a re-entered secret, and assignments."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

import pytest

from tests.api.bodies import SIGNING_SECRET
from tests.api.driver import Api, problem


def _signature(api: Api, case_id: UUID, **fields: Any) -> dict[str, Any]:
    head = api.history(case_id)[-1]
    return {
        "meaning": "approved", "signed_version": head["version"],
        "signed_chain_value": head["chain"], "outcome": "approved",
        "comment": "Reviewed in supervision.", "signing_secret": SIGNING_SECRET,
        **fields,
    }  # fmt: skip


class TestSupervisionQueue:
    def test_a_requested_review_waits_in_the_supervisors_queue(
        self, api: Api, case_id: UUID
    ) -> None:
        api.recorded(case_id, "review-requests", {"up_to_version": 4})
        response = api.as_("dr-okafor").get("/api/supervision-queue/")
        assert response.status_code == 200
        rows = response.get_json()["items"]
        assert [row["case_id"] for row in rows] == [str(case_id)]
        assert rows[0]["pending_reviews"] == [4]
        assert rows[0]["needs_attention"] is True
        assert rows[0]["clinician_id"] == "dr-rivera"

    def test_waiting_only_false_lists_every_supervised_case(
        self, api: Api, case_id: UUID
    ) -> None:
        supervisor = api.as_("dr-okafor")
        everything = supervisor.get(
            "/api/supervision-queue/", {"waiting_only": "false"}
        )
        waiting = supervisor.get("/api/supervision-queue/").get_json()
        assert [row["case_id"] for row in everything.get_json()["items"]] == [
            str(case_id)
        ]
        assert all(row["needs_attention"] for row in waiting["items"])

    def test_a_supervisor_of_other_cases_sees_none_of_these(
        self, api: Api, case_id: UUID
    ) -> None:
        api.recorded(case_id, "review-requests", {"up_to_version": 4})
        query = {"waiting_only": "false"}
        page = api.as_("dr-who").get("/api/supervision-queue/", query).get_json()
        assert page["total"] == 0

    @pytest.mark.parametrize(
        ("query", "field"),
        [({"limit": 0}, "limit"), ({"waiting_only": "perhaps"}, "waiting_only")],
    )
    def test_an_invalid_query_is_refused_with_422_naming_it(
        self, api: Api, query: dict[str, object], field: str
    ) -> None:
        problem(api.as_("dr-okafor").get("/api/supervision-queue/", query), 422, field)

    @pytest.mark.parametrize("user", ["dr-rivera", "auditor-kim", "admin"])
    def test_only_supervisors_have_a_queue(self, api: Api, user: str) -> None:
        problem(api.as_(user).get("/api/supervision-queue/"), 403)


class TestSigning:
    def test_the_supervisor_approves_with_the_signing_secret(
        self, api: Api, case_id: UUID
    ) -> None:
        api.recorded(case_id, "review-requests", {"up_to_version": 4})
        supervisor = api.as_("dr-okafor")
        response = supervisor.write(case_id, "signatures", _signature(api, case_id))
        assert response.status_code == 201
        signatures = api.get(f"/api/cases/{case_id}").get_json()["plan"]["signatures"]
        signed = [
            (s["signer_id"], s["meaning"], s["signed_version"]) for s in signatures
        ]
        assert signed == [("dr-okafor", "approved", 5)]
        assert signatures[0]["signer_name"] == "Dr. Ngozi Okafor"
        assert SIGNING_SECRET not in api.get(f"/api/cases/{case_id}/history").get_data(
            as_text=True
        )

    def test_edits_requested_then_made_supersede_it_and_a_new_approval_stands(
        self, api: Api, case_id: UUID
    ) -> None:
        supervisor = api.as_("dr-okafor")
        body = _signature(api, case_id, outcome="edits_requested",
                          comment="Link the technique to a rationale.")  # fmt: skip
        assert supervisor.write(case_id, "signatures", body).status_code == 201
        api.recorded(case_id, "rationales", {
            "subject": {"kind": "technique", "ref": "grounding"}, "goal_ids": ["g-1"],
            "text": "Regulation first.", "explained_to_client": True,
        })  # fmt: skip
        api.recorded(case_id, "review-requests", {"up_to_version": 6})
        assert supervisor.write(
            case_id, "signatures", _signature(api, case_id)
        ).status_code == 201  # fmt: skip
        first, second = api.get(f"/api/cases/{case_id}").get_json()["plan"][
            "signatures"
        ]
        assert (first["outcome"], first["superseded_by"]) == ("edits_requested", 6)
        assert (second["outcome"], second["superseded_by"]) == ("approved", None)
        history = {e["version"]: e["timestamp"] for e in api.history(case_id)}
        assert datetime.fromisoformat(second["signed_at"]) == datetime.fromisoformat(
            history[second["version"]]
        )

    def test_a_wrong_signing_secret_is_refused_logged_and_signs_nothing(
        self, api: Api, case_id: UUID
    ) -> None:
        body = _signature(api, case_id, signing_secret="not-the-secret")
        response = api.as_("dr-okafor").write(
            case_id, "signatures", body, headers={"X-Request-ID": "bad-sign"}
        )
        problem(response, 403)
        assert api.version(case_id) == 4
        assert api.get(f"/api/cases/{case_id}").get_json()["plan"]["signatures"] == []
        rows = api.access_log(case_id)
        refused = [r for r in rows if r["what"] == "signature-refused"]
        assert len(refused) == 1
        assert (refused[0]["actor_id"], refused[0]["correlation_id"]) == (
            "dr-okafor", "bad-sign",
        )  # fmt: skip
        assert refused[0]["version"] == 4

    def test_a_signature_over_a_chain_value_the_history_lacks_is_refused_with_409(
        self, api: Api, case_id: UUID
    ) -> None:
        body = _signature(api, case_id, signed_chain_value="i1:" + "f" * 64)
        response = api.as_("dr-okafor").write(case_id, "signatures", body)
        assert problem(response, 409)["rule"] == "chain-matches"
        assert api.version(case_id) == 4

    def test_requesting_edits_needs_a_comment(self, api: Api, case_id: UUID) -> None:
        body = _signature(api, case_id, outcome="edits_requested", comment="")
        problem(api.as_("dr-okafor").write(case_id, "signatures", body), 422, "comment")
        assert api.version(case_id) == 4

    @pytest.mark.parametrize(
        ("signer", "meaning"),
        [("dr-rivera", "approved"), ("dr-rivera", "reviewed"),
         ("dr-okafor", "authored")],
    )  # fmt: skip
    def test_a_signer_whose_role_does_not_carry_the_meaning_is_refused_with_403(
        self, api: Api, case_id: UUID, signer: str, meaning: str
    ) -> None:
        body = _signature(api, case_id, meaning=meaning)
        problem(api.as_(signer).write(case_id, "signatures", body), 403)
        assert api.version(case_id) == 4


class TestAssigningSupervisors:
    def test_an_admin_assigns_a_supervisor_who_then_sees_the_case_at_once(
        self, api: Api, case_id: UUID
    ) -> None:
        problem(api.as_("dr-who").get(f"/api/cases/{case_id}"), 404)
        response = api.as_("admin").write(
            case_id, "supervisors", {"supervisor_id": "dr-who"}
        )
        assert response.status_code == 201
        assert api.as_("dr-who").get(f"/api/cases/{case_id}").status_code == 200
        assert api.history(case_id)[-1]["actor_id"] == "admin"

    def test_a_removed_supervisor_loses_sight_of_the_case_at_once(
        self, api: Api, case_id: UUID
    ) -> None:
        api.recorded(case_id, "supervisors/dr-okafor", method="DELETE")
        problem(api.as_("dr-okafor").get(f"/api/cases/{case_id}"), 404)
        problem(api.as_("dr-okafor").get(f"/api/cases/{case_id}/history"), 404)

    def test_removing_someone_who_does_not_supervise_the_case_is_refused_with_409(
        self, api: Api, case_id: UUID
    ) -> None:
        response = api.write(case_id, "supervisors/dr-who", method="DELETE")
        assert problem(response, 409)["rule"] == "author-is-supervisor"
        assert api.version(case_id) == 4

    def test_assigning_a_current_supervisor_again_is_refused_with_409(
        self, api: Api, case_id: UUID
    ) -> None:
        response = api.write(case_id, "supervisors", {"supervisor_id": "dr-okafor"})
        assert problem(response, 409)["rule"] == "supervisor-new"
        assert api.version(case_id) == 4
