"""NUL, control characters and lone surrogates against a served app on
PostgreSQL, whose text columns refuse NUL outright: once one was recorded the
projector failed on every batch after it. Each is refused with 422 naming the
field, nothing is recorded, and the read models go on catching up."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from uuid import UUID, uuid4

import pytest

from application.accounts import AccountManagement
from application.demo_users import create_demo_users
from application.settings import Settings
from bootstrap import Services
from tests.api.bodies import ASSESSMENT, GOAL
from tests.api.driver import Api, problem
from tests.api.test_sign_in import csrf, enroll, sign_in
from tests.backends import POSTGRES_URL, postgres_schema
from web import create_app

pytestmark = pytest.mark.postgres

HOSTILE = {"NUL": "\x00", "escape": "\x1b", "lone surrogate": "\ud800"}


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Api, Services]]:
    with postgres_schema() as schema:
        settings = Settings(
            data_dir=tmp_path_factory.mktemp("postgres") / "data",
            database_url=f"{POSTGRES_URL}?schema={schema}",
        )
        accounts = AccountManagement(settings)
        try:
            tokens = create_demo_users(accounts)
        finally:
            accounts.close()
        app = create_app({"CASEBOOK_SETTINGS": settings, "TESTING": True})
        try:
            yield Api(app.test_client(), tokens), app.extensions["casebook"]
        finally:
            app.extensions["casebook"].close()


@pytest.fixture
def api(served: tuple[Api, Services]) -> Api:
    return served[0]


@pytest.fixture
def services(served: tuple[Api, Services]) -> Services:
    return served[1]


def _still_serving(api: Api, services: Services, case_id: UUID) -> None:
    """A normal write and read work, and the read models have caught up."""
    before = api.version(case_id)
    api.recorded(case_id, "sessions", {"session_date": "2026-01-12"})
    assert api.version(case_id) == before + 1
    plan = services.read_models.plan(case_id)
    assert plan is not None and plan["version"] == before + 1
    assert api.get("/api/health").status_code == 200


@pytest.fixture
def case_id(api: Api) -> UUID:
    opened = api.open_case()
    api.recorded(opened, "assessments", ASSESSMENT)
    api.recorded(opened, "goals", GOAL)
    return opened


def _spliced(value: str, hostile: str) -> str:
    return value[:1] + hostile + value[1:]


@pytest.mark.parametrize("what", HOSTILE)
class TestOnPostgres:
    def test_opening_a_case(
        self, api: Api, services: Services, case_id: UUID, what: str
    ) -> None:
        total = api.get("/api/cases/").get_json()["total"]
        good = {"client_ref": "client-1", "strategy": "common_factors",
                "supervisor_ids": ["dr-okafor"]}  # fmt: skip
        for field, bad in [
            ("client_ref", _spliced("client-1", HOSTILE[what])),
            ("supervisor_ids", [_spliced("dr-okafor", HOSTILE[what])]),
        ]:
            response = api.send("POST", "/api/cases/", {**good, field: bad})
            problem(response, 422, f"{field}.0" if isinstance(bad, list) else field)
        assert api.get("/api/cases/").get_json()["total"] == total
        _still_serving(api, services, case_id)
        _still_serving(api, services, api.open_case())

    def test_writes_on_a_case(
        self, api: Api, services: Services, case_id: UUID, what: str
    ) -> None:
        before = api.version(case_id)
        writes: list[tuple[str, dict[str, Any], str]] = [
            ("goals", {**GOAL, "goal_id": _spliced("g-2", HOSTILE[what])}, "goal_id"),
            ("goals", {**GOAL, "goal_id": "g-2",
                       "description": _spliced("Sleep", HOSTILE[what])}, "description"),
            ("sessions", {"session_date": "2026-01-12",
                          "note": _spliced("Calm", HOSTILE[what])}, "note"),
            ("supervisors", {"supervisor_id": _spliced("dr-who", HOSTILE[what])},
             "supervisor_id"),
            ("corrections", {"corrects": 3, "reason": "Typo",
                             "replacement": {**GOAL, "description": HOSTILE[what]}},
             "description"),
        ]  # fmt: skip
        for path, body, field in writes:
            problem(api.write(case_id, path, body), 422, field)
        assert api.version(case_id) == before
        _still_serving(api, services, case_id)

    def test_users(
        self, api: Api, services: Services, case_id: UUID, what: str
    ) -> None:
        admin = api.as_("admin")
        users = admin.get("/api/users").get_json()
        for body, field in [
            ({"user_id": _spliced("dr-x", HOSTILE[what]), "role": "clinician"},
             "user_id"),
            ({"user_id": "dr-x", "role": "clinician",
              "display_name": _spliced("Dr X", HOSTILE[what])}, "display_name"),
        ]:  # fmt: skip
            problem(admin.send("POST", "/api/users", body), 422, field)
        assert admin.get("/api/users").get_json() == users
        _still_serving(api, services, case_id)


def test_the_pages_refuse_a_nul_before_any_query(api: Api, services: Services) -> None:
    # A refused sign-in recorded the typed user id, and the auditor's filters
    # looked it up: PostgreSQL refused the NUL, and the page answered 500.
    client = api.client.application.test_client()
    form = {"csrf_token": csrf(client, "/sign-in"), "user_id": "dr\x00x",
            "password": "a password", "code": "123456"}  # fmt: skip
    assert client.post("/sign-in", data=form).status_code == 401
    auditor = enroll(client, services, f"auditor-{uuid4().hex[:8]}", "auditor")
    assert sign_in(client, auditor) == 302
    for path, query in [
        ("/audit", {"actor": "dr\x00x"}),
        ("/audit", {"case": "client\x00"}),
        ("/verification", {"case": "client\x00"}),
    ]:
        assert client.get(path, query_string=query).status_code == 422, query
    assert services.access_log.verify().intact
