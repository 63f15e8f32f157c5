"""What compliance reads: history, audit trail, access log and chain verification."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import UUID, uuid4

import pytest

from bootstrap import Services
from tests import tamper
from tests.api.bodies import GOAL
from tests.api.driver import Api, problem

STRANGERS = ["dr-chen", "dr-who"]
CLINICAL_TEXT = [GOAL["description"], "Startles easily"]


class TestHistory:
    @pytest.mark.parametrize("reader", ["dr-rivera", "dr-okafor"])
    def test_the_clinician_and_supervisor_see_every_event_with_its_fields(
        self, api: Api, case_id: UUID, reader: str
    ) -> None:
        events = api.history(case_id, reader=reader)
        assert [e["version"] for e in events] == [1, 2, 3, 4]
        assert [e["event_type"] for e in events] == [
            "CaseOpened", "AssessmentRecorded", "GoalAgreed", "TechniqueAdded",
        ]  # fmt: skip
        assert events[2]["fields"]["description"] == GOAL["description"]
        assert {e["actor_id"] for e in events} == {"dr-rivera"}

    def test_the_auditor_sees_who_what_and_when_without_clinical_fields(
        self, api: Api, case_id: UUID
    ) -> None:
        response = api.as_("auditor-kim").get(f"/api/cases/{case_id}/history")
        assert response.status_code == 200
        events = response.get_json()["events"]
        assert len(events) == 4
        assert all(e["fields"] is None for e in events)
        assert all(e["summary"] and e["actor_id"] and e["chain"] for e in events)
        text = response.get_data(as_text=True)
        assert not any(clinical in text for clinical in CLINICAL_TEXT)

    def test_the_request_id_is_stored_as_every_events_correlation_id(
        self, api: Api
    ) -> None:
        response = api.send(
            "POST", "/api/cases/", {"client_ref": "c-1", "strategy": "common_factors"},
            headers={"X-Request-ID": "open-4711"},
        )  # fmt: skip
        case_id = UUID(response.get_json()["case_id"])
        api.write(case_id, "goals", GOAL, headers={"X-Request-ID": "goal-4712"})
        events = api.history(case_id)
        assert [e["correlation_id"] for e in events] == ["open-4711", "goal-4712"]

    def test_an_admin_may_not_read_the_history(self, api: Api, case_id: UUID) -> None:
        problem(api.as_("admin").get(f"/api/cases/{case_id}/history"), 403)

    @pytest.mark.parametrize("stranger", STRANGERS)
    def test_someone_elses_case_answers_404(
        self, api: Api, case_id: UUID, stranger: str
    ) -> None:
        problem(api.as_(stranger).get(f"/api/cases/{case_id}/history"), 404)

    def test_an_unknown_case_answers_404_even_to_the_auditor(self, api: Api) -> None:
        problem(api.as_("auditor-kim").get(f"/api/cases/{uuid4()}/history"), 404)

    def test_the_history_carries_the_case_version_as_its_etag(
        self, api: Api, case_id: UUID
    ) -> None:
        response = api.get(f"/api/cases/{case_id}/history")
        assert response.headers.get("ETag") == '"4"'


class TestAuditTrail:
    @pytest.mark.parametrize("reader", ["auditor-kim", "dr-rivera", "dr-okafor"])
    def test_one_row_per_event_says_who_did_what_when_and_for_which_request(
        self, api: Api, case_id: UUID, reader: str
    ) -> None:
        response = api.as_(reader).get(f"/api/cases/{case_id}/audit-trail")
        assert response.status_code == 200
        page = response.get_json()
        assert page["total"] == 4
        rows = page["items"]
        assert [r["version"] for r in rows] == [1, 2, 3, 4]
        assert [r["event_type"] for r in rows][-1] == "TechniqueAdded"
        assert all(r["actor_id"] == "dr-rivera" for r in rows)
        assert all(r["correlation_id"] for r in rows)
        text = response.get_data(as_text=True)
        assert not any(clinical in text for clinical in CLINICAL_TEXT)

    def test_the_trail_filters_by_actor_and_time_and_pages(
        self, api: Api, case_id: UUID
    ) -> None:
        api.as_("dr-okafor").write(case_id, "supervision-notes", {"text": "Pace it."})
        auditor, path = api.as_("auditor-kim"), f"/api/cases/{case_id}/audit-trail"
        by_okafor = auditor.get(path, {"actor_id": "dr-okafor"}).get_json()
        assert [r["event_type"] for r in by_okafor["items"]] == [
            "SupervisionNoteRecorded"
        ]
        future = (datetime.now(UTC) + timedelta(hours=1)).isoformat()
        assert auditor.get(path, {"since": future}).get_json()["total"] == 0
        assert auditor.get(path, {"until": future}).get_json()["total"] == 5
        page = auditor.get(path, {"limit": 2, "offset": 4}).get_json()
        assert [r["version"] for r in page["items"]] == [5]

    @pytest.mark.parametrize(
        ("query", "field"),
        [({"limit": 0}, "limit"), ({"since": "yesterday"}, "since"),
         ({"until": "2026-01-01T00:00:00"}, "until"), ({"actor_id": ""}, "actor_id")],
    )  # fmt: skip
    def test_an_invalid_query_is_refused_with_422_naming_it(
        self, api: Api, case_id: UUID, query: dict[str, object], field: str
    ) -> None:
        response = api.as_("auditor-kim").get(
            f"/api/cases/{case_id}/audit-trail", query
        )
        problem(response, 422, field)

    def test_an_admin_may_not_read_the_audit_trail(
        self, api: Api, case_id: UUID
    ) -> None:
        problem(api.as_("admin").get(f"/api/cases/{case_id}/audit-trail"), 403)

    @pytest.mark.parametrize("stranger", STRANGERS)
    def test_someone_elses_case_answers_404(
        self, api: Api, case_id: UUID, stranger: str
    ) -> None:
        problem(api.as_(stranger).get(f"/api/cases/{case_id}/audit-trail"), 404)


class TestAccessLog:
    def test_every_read_of_clinical_content_is_logged_with_its_version(
        self, api: Api, case_id: UUID
    ) -> None:
        api.get(f"/api/cases/{case_id}", headers={"X-Request-ID": "plan-read"})
        api.as_("dr-okafor").get(f"/api/cases/{case_id}/history")
        api.get(f"/api/cases/{case_id}", {"version": 2})
        rows = api.access_log(case_id)
        plan_read = next(r for r in rows if r["correlation_id"] == "plan-read")
        assert (plan_read["actor_id"], plan_read["actor_role"]) == (
            "dr-rivera", "clinician",
        )  # fmt: skip
        assert (plan_read["what"], plan_read["version"]) == ("plan", 4)
        assert {"actor_id": "dr-okafor", "what": "history", "version": 4}.items() <= (
            next(r for r in rows if r["actor_id"] == "dr-okafor").items()
        )
        assert any(r["what"] == "plan" and r["version"] == 2 for r in rows)
        assert all(r["case_id"] == str(case_id) and r["at"] for r in rows)

    def test_the_auditors_own_reads_are_logged_too(
        self, api: Api, case_id: UUID
    ) -> None:
        auditor = api.as_("auditor-kim")
        auditor.get(f"/api/cases/{case_id}/audit-trail")
        response = auditor.get(
            f"/api/cases/{case_id}/access-log", headers={"X-Request-ID": "log-read"}
        )
        assert response.status_code == 200
        rows = response.get_json()["items"]
        by_auditor = [r["what"] for r in rows if r["actor_id"] == "auditor-kim"]
        assert by_auditor == ["audit-trail", "access-log"]
        assert rows[-1]["correlation_id"] == "log-read"
        again = api.access_log(case_id)
        assert [r["what"] for r in again][-2:] == ["access-log", "access-log"]

    def test_the_access_log_pages(self, api: Api, case_id: UUID) -> None:
        for _ in range(3):
            api.get(f"/api/cases/{case_id}")
        response = api.as_("auditor-kim").get(
            f"/api/cases/{case_id}/access-log", {"limit": 2, "offset": 1}
        )
        page = response.get_json()
        assert (page["limit"], page["offset"], len(page["items"])) == (2, 1, 2)
        assert page["total"] >= 4

    @pytest.mark.parametrize(
        ("query", "field"), [({"offset": -1}, "offset"), ({"limit": "all"}, "limit")]
    )
    def test_an_invalid_query_is_refused_with_422_naming_it(
        self, api: Api, case_id: UUID, query: dict[str, object], field: str
    ) -> None:
        response = api.as_("auditor-kim").get(f"/api/cases/{case_id}/access-log", query)
        problem(response, 422, field)

    @pytest.mark.parametrize("user", ["dr-rivera", "dr-okafor", "admin"])
    def test_only_auditors_read_the_access_log(
        self, api: Api, case_id: UUID, user: str
    ) -> None:
        problem(api.as_(user).get(f"/api/cases/{case_id}/access-log"), 403)

    @pytest.mark.parametrize("stranger", STRANGERS)
    def test_someone_elses_case_answers_404(
        self, api: Api, case_id: UUID, stranger: str
    ) -> None:
        problem(api.as_(stranger).get(f"/api/cases/{case_id}/access-log"), 404)


class TestVerification:
    @pytest.mark.parametrize("reader", ["auditor-kim", "dr-rivera", "dr-okafor"])
    def test_an_untouched_history_verifies_intact(
        self, api: Api, case_id: UUID, reader: str
    ) -> None:
        response = api.as_(reader).get(f"/api/cases/{case_id}/verify")
        assert response.status_code == 200
        assert response.get_json() == {
            "case_id": str(case_id), "intact": True, "events_checked": 4,
            "first_broken_version": None, "reason": "",
        }  # fmt: skip

    def test_an_event_edited_in_the_database_is_reported_at_its_version(
        self, api: Api, case_id: UUID, services: Services
    ) -> None:
        tamper.edit_ciphertext(services.cases, case_id, 3)
        response = api.as_("auditor-kim").get(f"/api/cases/{case_id}/verify")
        assert response.status_code == 200
        report = response.get_json()
        assert (report["intact"], report["first_broken_version"]) == (False, 3)

    def test_an_admin_may_not_verify_a_case(self, api: Api, case_id: UUID) -> None:
        problem(api.as_("admin").get(f"/api/cases/{case_id}/verify"), 403)

    @pytest.mark.parametrize("stranger", STRANGERS)
    def test_someone_elses_case_answers_404(
        self, api: Api, case_id: UUID, stranger: str
    ) -> None:
        problem(api.as_(stranger).get(f"/api/cases/{case_id}/verify"), 404)

    def test_an_unknown_case_answers_404(self, api: Api) -> None:
        problem(api.as_("auditor-kim").get(f"/api/cases/{uuid4()}/verify"), 404)
