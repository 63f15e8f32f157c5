"""Auditors' queries across every case: who changed what, and who read what."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

import pytest

from tests.api.bodies import GOAL
from tests.api.driver import Api, problem

AUDITOR = "auditor-kim"


def changes(api: Api, **query: Any) -> dict[str, Any]:
    response = api.as_(AUDITOR).get("/api/audit/changes", {"limit": 500, **query})
    assert response.status_code == 200, response.get_json()
    page: dict[str, Any] = response.get_json()
    return page


def reads(api: Api, **query: Any) -> list[dict[str, Any]]:
    response = api.as_(AUDITOR).get("/api/audit/reads", {"limit": 500, **query})
    assert response.status_code == 200, response.get_json()
    rows: list[dict[str, Any]] = response.get_json()["items"]
    return rows


class TestChanges:
    def test_every_case_s_events_in_time_order(self, api: Api, case_id: UUID) -> None:
        other = api.as_("dr-chen").open_case(client_ref="client-2")
        page = changes(api)
        assert page["total"] == 5
        assert [(r["case_id"], r["version"]) for r in page["items"]] == [
            *[(str(case_id), v) for v in (1, 2, 3, 4)], (str(other), 1),
        ]  # fmt: skip
        stamps = [r["timestamp"] for r in page["items"]]
        assert stamps == sorted(stamps)

    def test_filtered_by_actor_and_event_type(self, api: Api, case_id: UUID) -> None:
        api.as_("dr-chen").open_case(client_ref="client-2")
        page = changes(api, actor_id="dr-rivera", event_type="CaseOpened")
        assert [(r["case_id"], r["event_type"]) for r in page["items"]] == [
            (str(case_id), "CaseOpened")
        ]

    def test_within_a_time_range(self, api: Api, case_id: UUID) -> None:
        middle = changes(api)["items"][2]["timestamp"]
        later = changes(api, since=middle)["items"]
        earlier = changes(api, until=middle)["items"]
        assert [r["version"] for r in earlier] == [1, 2]
        assert [r["version"] for r in later] == [3, 4]

    def test_rows_carry_no_clinical_text(self, api: Api, case_id: UUID) -> None:
        response = api.as_(AUDITOR).get("/api/audit/changes")
        assert GOAL["description"] not in response.get_data(as_text=True)

    @pytest.mark.parametrize(
        ("query", "field"),
        [
            ({"event_type": "CaseDeleted"}, "event_type"),
            ({"since": "2026-01-01T00:00:00"}, "since"),
            ({"since": "2026-01-02T00:00:00Z", "until": "2026-01-01T00:00:00Z"},
             "until"),
            ({"limit": 0}, "limit"),
        ],
    )  # fmt: skip
    def test_a_bad_query_is_refused_with_422_naming_the_field(
        self, api: Api, query: dict[str, Any], field: str
    ) -> None:
        problem(api.as_(AUDITOR).get("/api/audit/changes", query), 422, field)

    @pytest.mark.parametrize("user", ["dr-rivera", "dr-okafor", "admin"])
    def test_only_auditors_may_ask(self, api: Api, user: str) -> None:
        problem(api.as_(user).get("/api/audit/changes"), 403)


class TestReads:
    def test_who_read_a_case_at_which_version(self, api: Api, case_id: UUID) -> None:
        api.as_("dr-okafor").get(f"/api/cases/{case_id}")
        rows = reads(api, case_id=str(case_id))
        seen = [(r["actor_id"], r["version"]) for r in rows if r["what"] == "plan"]
        assert ("dr-okafor", 4) in seen

    def test_filtered_by_reader_and_time(self, api: Api, case_id: UUID) -> None:
        before = datetime.now(UTC)
        api.as_("dr-okafor").get(f"/api/cases/{case_id}")
        after = (datetime.now(UTC) + timedelta(seconds=1)).isoformat()
        rows = reads(api, actor_id="dr-okafor", since=before.isoformat(), until=after)
        assert rows and {r["actor_id"] for r in rows} == {"dr-okafor"}
        assert reads(api, actor_id="dr-okafor", until=before.isoformat()) == []

    def test_the_auditors_own_queries_are_logged(self, api: Api) -> None:
        api.as_(AUDITOR).get("/api/audit/changes")
        whats = [r["what"] for r in reads(api, actor_id=AUDITOR)]
        assert "audit-changes" in whats

    def test_only_auditors_may_ask(self, api: Api) -> None:
        problem(api.get("/api/audit/reads"), 403)
