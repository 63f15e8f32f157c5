"""Cases: opening one, a clinician's caseload, and the plan report of a case."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import UUID, uuid4

import pytest

from application.demo_clinic import create_demo_clinic
from application.demo_users import SETUP
from bootstrap import Services
from domain.envelope import Actor, acting
from domain.vocabulary import Role
from tests.api.driver import Api, etag_version, problem
from tests.clinic import Clinic
from web.schemas.plan import PlanSchema
from web.schemas.reports import CaseReportSchema


class TestOpeningACase:
    def test_a_clinician_opens_a_case_and_becomes_its_clinician(self, api: Api) -> None:
        response = api.send(
            "POST", "/api/cases/",
            {"client_ref": "c-17", "strategy": "assimilative_integration",
             "home_orientation": "psychodynamic", "supervisor_ids": ["dr-okafor"]},
        )  # fmt: skip
        assert response.status_code == 201
        case_id = response.get_json()["case_id"]
        assert response.get_json()["version"] == 1
        assert etag_version(response) == 1
        assert response.headers["Location"] == f"/api/cases/{case_id}"
        plan = api.get(f"/api/cases/{case_id}").get_json()["plan"]
        assert plan["clinician_id"] == "dr-rivera"
        assert plan["supervisor_ids"] == ["dr-okafor"]
        assert plan["home_orientation"] == "psychodynamic"

    @pytest.mark.parametrize(
        ("body", "field"),
        [
            ({"client_ref": "c-1"}, "strategy"),
            ({"client_ref": "c-1", "strategy": "eclectic"}, "strategy"),
            ({"strategy": "common_factors"}, "client_ref"),
            ({"client_ref": "x" * 65, "strategy": "common_factors"}, "client_ref"),
            ({"client_ref": "c-1", "strategy": "assimilative_integration"},
             "home_orientation"),
            ({"client_ref": "c-1", "strategy": "theoretical_integration",
              "integrated_schools": ["dbt"]}, "integrated_schools"),
            ({"client_ref": "c-1", "strategy": "common_factors",
              "clinician_id": "dr-chen"}, "clinician_id"),
        ],
        ids=["no strategy", "unknown strategy", "no client", "long client",
             "assimilative without home", "theoretical with one school",
             "someone else as clinician"],
    )  # fmt: skip
    def test_an_invalid_case_is_refused_with_422_naming_the_field(
        self, api: Api, body: dict[str, object], field: str
    ) -> None:
        problem(api.send("POST", "/api/cases/", body), 422, field)
        assert api.get("/api/cases/").get_json()["total"] == 0

    @pytest.mark.parametrize("user", ["dr-okafor", "auditor-kim", "admin"])
    def test_only_a_clinician_may_open_a_case(self, api: Api, user: str) -> None:
        body = {"client_ref": "c-1", "strategy": "common_factors"}
        problem(api.as_(user).send("POST", "/api/cases/", body), 403)
        assert api.get("/api/cases/").get_json()["total"] == 0


class TestCaseload:
    def test_a_clinician_lists_only_the_cases_they_treat(self, api: Api) -> None:
        mine = {api.open_case(client_ref=f"c-{n}") for n in range(3)}
        api.as_("dr-chen").open_case(client_ref="chen-1")
        page = api.get("/api/cases/").get_json()
        assert page["total"] == 3
        assert {UUID(row["case_id"]) for row in page["items"]} == mine
        assert {row["clinician_id"] for row in page["items"]} == {"dr-rivera"}

    def test_the_caseload_pages_with_limit_and_offset(self, api: Api) -> None:
        for n in range(3):
            api.open_case(client_ref=f"c-{n}")
        first = api.get("/api/cases/", {"limit": 2}).get_json()
        rest = api.get("/api/cases/", {"limit": 2, "offset": 2}).get_json()
        assert (first["total"], len(first["items"]), first["limit"]) == (3, 2, 2)
        assert (rest["offset"], len(rest["items"])) == (2, 1)
        listed = [row["case_id"] for row in first["items"] + rest["items"]]
        assert len(set(listed)) == 3

    def test_the_caseload_filters_by_status_and_coherence(self, api: Api) -> None:
        kept = api.open_case(client_ref="kept")
        closed = api.open_case(client_ref="closed")
        api.recorded(closed, "closure", {"reason": "completed"})
        open_rows = api.get("/api/cases/", {"status": "open"}).get_json()["items"]
        closed_rows = api.get("/api/cases/", {"status": "closed"}).get_json()["items"]
        assert [row["case_id"] for row in open_rows] == [str(kept)]
        assert [row["case_id"] for row in closed_rows] == [str(closed)]
        coherent = api.get("/api/cases/", {"coherence_status": "coherent"})
        incoherent = api.get("/api/cases/", {"coherence_status": "incoherent"})
        assert coherent.get_json()["total"] == 2
        assert incoherent.get_json()["total"] == 0

    @pytest.mark.parametrize(
        ("query", "field"),
        [({"limit": 0}, "limit"), ({"limit": 501}, "limit"),
         ({"offset": -1}, "offset"), ({"status": "paused"}, "status"),
         ({"coherence_status": "fine"}, "coherence_status")],
    )  # fmt: skip
    def test_an_invalid_query_is_refused_with_422_naming_the_parameter(
        self, api: Api, query: dict[str, object], field: str
    ) -> None:
        problem(api.get("/api/cases/", query), 422, field)

    def test_an_admin_has_no_caseload(self, api: Api) -> None:
        # Supervisors and auditors list cases too: tests/api/test_newcomer.py.
        problem(api.as_("admin").get("/api/cases/"), 403)


class TestCaseReport:
    @pytest.mark.parametrize("reader", ["dr-rivera", "dr-okafor"])
    def test_the_clinician_and_the_supervisor_read_the_plan_and_its_coherence(
        self, api: Api, case_id: UUID, reader: str
    ) -> None:
        response = api.as_(reader).get(f"/api/cases/{case_id}")
        assert response.status_code == 200
        report = response.get_json()
        assert report["plan"]["case_id"] == str(case_id)
        assert [t["technique"] for t in report["plan"]["techniques"]] == ["grounding"]
        assert report["coherence"]["status"] in ("coherent", "attention", "incoherent")

    def test_every_plan_read_is_exactly_as_its_schema_gives_it(
        self, api: Api, services: Services
    ) -> None:
        # The plan read is sent as the read model holds it, without a dump by
        # CaseReportSchema: it must be what that dump would give, now and in
        # the past, on cases with signatures (named), findings and corrections.
        list(create_demo_clinic(services.cases))
        schema = CaseReportSchema()
        for case_id in services.cases.directory().values():
            reader = api.as_(services.cases.plan(case_id).clinician_id)
            latest = reader.version(case_id, reader.user)
            for query in ({}, {"version": 1}, {"version": max(1, latest - 3)}):
                report = reader.get(f"/api/cases/{case_id}", query).get_json()
                assert schema.validate(report) == {}
                assert schema.dump(report) == report
                signed = report["plan"]["signatures"]
                assert all(s["signer_name"] for s in signed)
                # ... and with the keys in the order the schemas give them.
                assert list(report) == list(schema.fields)
                assert list(report["plan"]) == list(PlanSchema().fields)

    def test_a_signer_is_named_as_users_are_named_at_the_time_of_the_read(
        self, api: Api, services: Services, case_id: UUID
    ) -> None:
        # Signed before the signer had an account (as the demo clinic is):
        # the read shows the id, then the name the account gives.
        clinic = Clinic(services.cases)
        clinic.act("assign_supervisor", case_id, supervisor_id="dr-new")
        chain = services.cases.history(case_id)[-1].chain
        clinic.as_(Actor("dr-new", Role.SUPERVISOR)).act(
            "apply_signature", case_id, meaning="approved", signed_version=5,
            signed_chain_value=chain, outcome="approved", comment="",
        )  # fmt: skip

        def signer_names() -> list[str]:
            report = api.get(f"/api/cases/{case_id}").get_json()
            return [s["signer_name"] for s in report["plan"]["signatures"]]

        assert signer_names() == ["dr-new"]
        with acting(SETUP, "test"):
            services.accounts.add_user("dr-new", "supervisor", "Dr. Nova Newman")
        assert signer_names() == ["Dr. Nova Newman"]

    def test_the_etag_is_the_case_version(self, api: Api, case_id: UUID) -> None:
        response = api.get(f"/api/cases/{case_id}")
        assert response.headers["ETag"] == '"4"'
        assert response.get_json()["plan"]["version"] == 4
        recorded = api.recorded(case_id, "review-requests", {"up_to_version": 4})
        assert api.version(case_id) == recorded["version"] == 5

    def test_version_n_answers_the_plan_as_it_stood_at_that_version(
        self, api: Api, case_id: UUID
    ) -> None:
        response = api.get(f"/api/cases/{case_id}", {"version": 3})
        assert response.status_code == 200
        plan = response.get_json()["plan"]
        assert plan["version"] == 3
        assert etag_version(response) == 3
        assert [g["goal_id"] for g in plan["goals"]] == ["g-1"]
        assert plan["techniques"] == []

    def test_as_of_answers_the_plan_as_it_stood_at_that_time(
        self, api: Api, case_id: UUID
    ) -> None:
        history = api.history(case_id)
        at_goal = history[2]["timestamp"]
        response = api.get(f"/api/cases/{case_id}", {"as_of": at_goal})
        assert response.status_code == 200
        assert response.get_json()["plan"]["version"] == 3
        later = datetime.now(UTC) + timedelta(days=1)
        now = api.get(f"/api/cases/{case_id}", {"as_of": later.isoformat()})
        assert now.get_json()["plan"]["version"] == 4

    @pytest.mark.parametrize(
        ("query", "field"),
        [({"version": 0}, "version"), ({"version": 5}, "version"),
         ({"version": "four"}, "version"),
         ({"as_of": "2026-01-01T00:00:00"}, "as_of"),
         ({"as_of": "2000-01-01T00:00:00+00:00"}, "as_of")],
        ids=["version zero", "version not yet recorded", "version not a number",
             "as_of without a time zone", "as_of before the case"],
    )  # fmt: skip
    def test_an_invalid_version_or_time_is_refused_with_422_naming_it(
        self, api: Api, case_id: UUID, query: dict[str, object], field: str
    ) -> None:
        problem(api.get(f"/api/cases/{case_id}", query), 422, field)

    @pytest.mark.parametrize("user", ["auditor-kim", "admin"])
    def test_auditors_and_admins_may_not_read_clinical_content(
        self, api: Api, case_id: UUID, user: str
    ) -> None:
        problem(api.as_(user).get(f"/api/cases/{case_id}"), 403)

    @pytest.mark.parametrize("stranger", ["dr-chen", "dr-who"])
    def test_someone_elses_case_answers_404(
        self, api: Api, case_id: UUID, stranger: str
    ) -> None:
        problem(api.as_(stranger).get(f"/api/cases/{case_id}"), 404)

    def test_a_case_that_does_not_exist_answers_404(self, api: Api) -> None:
        problem(api.get(f"/api/cases/{uuid4()}"), 404)
        problem(api.get(f"/api/cases/{uuid4()}", {"version": 1}), 404)
