"""Review reads over HTTP: replay, diff and export of a case."""

from __future__ import annotations

import json
from typing import Any
from uuid import UUID, uuid4

import pytest
from fhir.resources.R4B.bundle import Bundle
from werkzeug.test import TestResponse

from bootstrap import Services
from tests import tamper
from tests.api.bodies import ASSESSMENT, GOAL
from tests.api.driver import Api, etag_version, problem

STRANGERS = ["dr-chen", "dr-who"]
READERS = ["dr-rivera", "dr-okafor"]
CLINICAL_TEXT = [GOAL["description"], ASSESSMENT["notes"]]


def keys(findings: list[dict[str, Any]]) -> list[tuple[str, str]]:
    return [(f["rule"], f["subject"]) for f in findings]


def replay(api: Api, case_id: UUID, **query: Any) -> TestResponse:
    return api.get(f"/api/cases/{case_id}/replay", query)


def diff(api: Api, case_id: UUID, **query: Any) -> TestResponse:
    return api.get(f"/api/cases/{case_id}/diff", query)


def export(api: Api, case_id: UUID, **query: Any) -> TestResponse:
    return api.get(f"/api/cases/{case_id}/export", query)


def jsonl(response: TestResponse) -> list[dict[str, Any]]:
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == "application/x-ndjson"
    return [json.loads(line) for line in response.get_data(as_text=True).splitlines()]


def fhir(response: TestResponse) -> dict[str, Any]:
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == "application/fhir+json"
    bundle: dict[str, Any] = json.loads(response.get_data(as_text=True))
    Bundle.model_validate(bundle)
    return bundle


def kinds(bundle: dict[str, Any]) -> list[str]:
    return [e["resource"]["resourceType"] for e in bundle["entry"]]


class TestReplay:
    @pytest.mark.parametrize("reader", READERS)
    def test_every_step_shows_the_plan_and_the_findings_it_raised(
        self, api: Api, case_id: UUID, reader: str
    ) -> None:
        response = replay(api.as_(reader), case_id)
        assert response.status_code == 200
        assert etag_version(response) == 4
        page = response.get_json()
        assert (page["total"], page["limit"], page["offset"]) == (4, 50, 0)
        steps = page["items"]
        assert [s["event_type"] for s in steps] == [
            "CaseOpened", "AssessmentRecorded", "GoalAgreed", "TechniqueAdded",
        ]  # fmt: skip
        added = steps[-1]
        assert added["actor_id"] == "dr-rivera"
        assert added["summary"] == "added technique grounding (goals: g-1)"
        assert added["coherence"]["status"] == "attention"
        assert keys(added["appeared"]) == [("RAT-MISSING", "technique:grounding")]
        assert added["plan"]["techniques"][0]["technique"] == "grounding"
        assert steps[2]["coherence"]["status"] == "coherent"

    def test_the_last_step_is_the_plan_the_case_report_answers(
        self, api: Api, case_id: UUID
    ) -> None:
        last = replay(api, case_id).get_json()["items"][-1]
        report = api.get(f"/api/cases/{case_id}").get_json()
        assert {"plan": last["plan"], "coherence": last["coherence"]} == report

    def test_the_replay_pages_and_each_page_knows_the_step_before_it(
        self, api: Api, case_id: UUID
    ) -> None:
        api.recorded(
            case_id, "rationales",
            {"subject": {"kind": "technique", "ref": "grounding"}, "goal_ids": ["g-1"],
             "text": "Regulate first", "explained_to_client": True},
        )  # fmt: skip
        page = replay(api, case_id, limit=1, offset=4).get_json()
        assert page["total"] == 5
        [explained] = page["items"]
        assert explained["version"] == 5
        assert keys(explained["resolved"]) == [("RAT-MISSING", "technique:grounding")]
        assert explained["coherence"]["status"] == "coherent"

    def test_the_replay_is_logged_as_a_read_of_the_current_version(
        self, api: Api, case_id: UUID
    ) -> None:
        replay(api.as_("dr-okafor"), case_id, limit=1)
        row = api.access_log(case_id)[-2]  # the last is the auditor's own read
        assert (row["actor_id"], row["what"], row["version"]) == (
            "dr-okafor", "replay", 4,
        )  # fmt: skip

    @pytest.mark.parametrize(
        ("query", "field"),
        [({"limit": 0}, "limit"), ({"limit": 501}, "limit"),
         ({"offset": -1}, "offset"), ({"limit": "all"}, "limit")],
    )  # fmt: skip
    def test_an_invalid_page_is_refused_with_422_naming_it(
        self, api: Api, case_id: UUID, query: dict[str, Any], field: str
    ) -> None:
        problem(replay(api, case_id, **query), 422, field)

    @pytest.mark.parametrize("user", ["auditor-kim", "admin"])
    def test_auditors_and_admins_may_not_replay_clinical_content(
        self, api: Api, case_id: UUID, user: str
    ) -> None:
        problem(replay(api.as_(user), case_id), 403)

    @pytest.mark.parametrize("stranger", STRANGERS)
    def test_someone_elses_case_answers_404(
        self, api: Api, case_id: UUID, stranger: str
    ) -> None:
        problem(replay(api.as_(stranger), case_id), 404)

    def test_an_unknown_case_answers_404(self, api: Api) -> None:
        problem(replay(api, uuid4()), 404)


class TestDiff:
    @pytest.mark.parametrize("reader", READERS)
    def test_the_diff_lists_what_changed_between_two_versions(
        self, api: Api, case_id: UUID, reader: str
    ) -> None:
        response = diff(api.as_(reader), case_id, **{"from": 1, "to": 4})
        assert response.status_code == 200
        changed = response.get_json()
        assert (changed["from_version"], changed["to_version"]) == (1, 4)
        assert changed["techniques"] == {"added": ["grounding"], "removed": []}
        assert [g["goal_id"] for g in changed["goals"]["added"]] == ["g-1"]
        assert changed["assessment"]["fields"]["risk"] == {"from": None, "to": "low"}
        assert changed["assessment"]["basic_id"]["affect"] == {"from": None, "to": 3}
        assert changed["phase"] == {"from": "stabilization", "to": "stabilization"}
        coherence = changed["coherence"]
        assert coherence["status"] == {"from": "coherent", "to": "attention"}
        assert keys(coherence["appeared"]) == [("RAT-MISSING", "technique:grounding")]
        assert coherence["resolved"] == []
        assert [(e["version"], e["event_type"]) for e in changed["events"]] == [
            (2, "AssessmentRecorded"), (3, "GoalAgreed"), (4, "TechniqueAdded"),
        ]  # fmt: skip

    def test_the_diff_is_logged_as_a_read_of_the_later_version(
        self, api: Api, case_id: UUID
    ) -> None:
        diff(api, case_id, **{"from": 2, "to": 3})
        row = api.access_log(case_id)[-2]
        assert (row["what"], row["version"]) == ("diff", 3)

    @pytest.mark.parametrize(
        ("query", "field"),
        [({"from": 1, "to": 5}, "to"), ({"from": 5, "to": 5}, "from"),
         ({"from": 3, "to": 2}, "to"), ({"from": 0, "to": 2}, "from"),
         ({"to": 2}, "from"), ({"from": "one", "to": 2}, "from")],
    )  # fmt: skip
    def test_versions_out_of_range_or_backwards_are_refused_with_422_naming_them(
        self, api: Api, case_id: UUID, query: dict[str, Any], field: str
    ) -> None:
        problem(diff(api, case_id, **query), 422, field)

    @pytest.mark.parametrize("user", ["auditor-kim", "admin"])
    def test_auditors_and_admins_may_not_diff_clinical_content(
        self, api: Api, case_id: UUID, user: str
    ) -> None:
        problem(diff(api.as_(user), case_id, **{"from": 1, "to": 2}), 403)

    @pytest.mark.parametrize("stranger", STRANGERS)
    def test_someone_elses_case_answers_404(
        self, api: Api, case_id: UUID, stranger: str
    ) -> None:
        problem(diff(api.as_(stranger), case_id, **{"from": 1, "to": 2}), 404)


class TestExport:
    @pytest.mark.parametrize("reader", READERS)
    def test_json_lines_carry_every_event_and_an_intact_manifest(
        self, api: Api, case_id: UUID, reader: str
    ) -> None:
        response = export(api.as_(reader), case_id, format="jsonl")
        records = jsonl(response)
        assert etag_version(response) == 4
        assert [r["version"] for r in records[:-1]] == [1, 2, 3, 4]
        assert records[2]["fields"]["description"] == GOAL["description"]
        manifest = records[-1]
        assert manifest["record"] == "manifest" and manifest["view"] == "clinical"
        assert (manifest["event_count"], manifest["intact"]) == (4, True)
        assert manifest["last_chain"] == records[3]["chain"]

    def test_json_lines_are_the_default_format(self, api: Api, case_id: UUID) -> None:
        assert jsonl(export(api, case_id))[-1]["record"] == "manifest"

    def test_the_auditor_exports_the_audit_view_without_clinical_text(
        self, api: Api, case_id: UUID
    ) -> None:
        response = export(api.as_("auditor-kim"), case_id)
        records = jsonl(response)
        assert all(r["fields"] is None for r in records[:-1])
        assert records[-1]["view"] == "audit"
        text = response.get_data(as_text=True)
        assert not any(clinical in text for clinical in CLINICAL_TEXT)

    def test_a_tampered_event_makes_the_manifest_say_broken_at_its_version(
        self, api: Api, case_id: UUID, services: Services
    ) -> None:
        tamper.edit_ciphertext(services.cases, case_id, 3)
        manifest = jsonl(export(api.as_("auditor-kim"), case_id))[-1]
        assert (manifest["intact"], manifest["first_broken_version"]) == (False, 3)

    @pytest.mark.parametrize("reader", READERS)
    def test_fhir_is_a_valid_bundle_of_the_plan_goals_and_provenance(
        self, api: Api, case_id: UUID, reader: str
    ) -> None:
        bundle = fhir(export(api.as_(reader), case_id, format="fhir"))
        assert kinds(bundle) == ["CarePlan", "Goal", *["Provenance"] * 4]
        goal = bundle["entry"][1]["resource"]
        assert goal["description"]["text"] == GOAL["description"]

    def test_the_auditors_fhir_bundle_has_an_audit_event_per_access_log_row(
        self, api: Api, case_id: UUID
    ) -> None:
        api.get(f"/api/cases/{case_id}")
        api.as_("dr-okafor").get(f"/api/cases/{case_id}/history")
        logged = len(api.access_log(case_id))
        response = export(api.as_("auditor-kim"), case_id, format="fhir")
        bundle = fhir(response)
        assert kinds(bundle).count("AuditEvent") == logged
        readers = {
            e["resource"]["agent"][0]["who"]["identifier"]["value"]
            for e in bundle["entry"]
            if e["resource"]["resourceType"] == "AuditEvent"
        }
        assert {"dr-rivera", "dr-okafor", "auditor-kim"} <= readers
        text = response.get_data(as_text=True)
        assert not any(clinical in text for clinical in CLINICAL_TEXT)

    def test_every_export_is_logged_with_its_format(
        self, api: Api, case_id: UUID
    ) -> None:
        export(api, case_id, format="jsonl")
        export(api.as_("dr-okafor"), case_id, format="fhir")
        rows = api.access_log(case_id)[-3:-1]
        assert [(r["actor_id"], r["what"], r["version"]) for r in rows] == [
            ("dr-rivera", "export-jsonl", 4), ("dr-okafor", "export-fhir", 4),
        ]  # fmt: skip

    @pytest.mark.parametrize("query", [{"format": "xml"}, {"format": ""}])
    def test_an_unknown_format_is_refused_with_422_naming_it(
        self, api: Api, case_id: UUID, query: dict[str, str]
    ) -> None:
        problem(export(api, case_id, **query), 422, "format")

    def test_replaying_a_history_whose_bytes_were_altered_is_refused_with_409(
        self, api: Api, case_id: UUID, services: Services
    ) -> None:
        tamper.edit_state(services.cases, case_id, 3, b"{", b"[")
        body = problem(api.get(f"/api/cases/{case_id}/replay"), 409)
        assert body["rule"] == "history-intact"
        assert "at version 3" in body["detail"]

    def test_a_fhir_export_of_a_broken_history_is_refused_with_409(
        self, api: Api, case_id: UUID, services: Services
    ) -> None:
        tamper.delete(services.cases, case_id, 3)
        body = problem(export(api, case_id, format="fhir"), 409)
        assert body["rule"] == "history-intact"
        assert "breaks at version 3" in body["detail"]

    def test_an_admin_may_not_export_a_case(self, api: Api, case_id: UUID) -> None:
        problem(export(api.as_("admin"), case_id), 403)

    @pytest.mark.parametrize("stranger", STRANGERS)
    def test_someone_elses_case_answers_404(
        self, api: Api, case_id: UUID, stranger: str
    ) -> None:
        problem(export(api.as_(stranger), case_id, format="fhir"), 404)

    def test_an_unknown_case_answers_404_even_to_the_auditor(self, api: Api) -> None:
        problem(export(api.as_("auditor-kim"), uuid4()), 404)
