"""Enrollment: a user exchanges their one-time code for a token only they hold."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from flask.testing import FlaskClient

from bootstrap import Services
from domain.accounts import ENROLLMENT_CODE_LIFETIME
from tests.api.bodies import SIGNING_SECRET
from tests.api.driver import Api, problem
from tests.api.test_users import account_events, created, enroll, enrolled


def reenrolled(api: Api, user_id: str) -> str:
    response = api.as_("admin").send("POST", f"/api/users/{user_id}/enrollment-codes")
    assert response.status_code == 201, response.get_json()
    code: str = response.get_json()["enrollment_code"]
    return code


def clock_at(services: Services, later: timedelta) -> None:
    """Moves the accounts' clock `later` on, instead of waiting."""
    start = datetime.now(UTC)
    services.accounts.clock = lambda: start + later


class TestACode:
    def test_works_once(self, api: Api, services: Services) -> None:
        code = created(api)
        enrolled(api, "dr-novak", code, SIGNING_SECRET)
        version = services.accounts.user("dr-novak").version
        problem(enroll(api, "dr-novak", code, SIGNING_SECRET), 401)
        assert services.accounts.user("dr-novak").version == version
        assert api.as_("dr-novak").get("/api/cases/").status_code == 200

    def test_works_until_it_expires(self, api: Api, services: Services) -> None:
        code = created(api)
        clock_at(services, ENROLLMENT_CODE_LIFETIME - timedelta(minutes=1))
        enrolled(api, "dr-novak", code, SIGNING_SECRET)

    def test_expired_is_refused_and_nothing_is_recorded(
        self, api: Api, services: Services
    ) -> None:
        code = created(api)
        clock_at(services, ENROLLMENT_CODE_LIFETIME + timedelta(seconds=1))
        before = account_events(services, "dr-novak")
        problem(enroll(api, "dr-novak", code, SIGNING_SECRET), 401)
        assert account_events(services, "dr-novak") == before
        assert services.accounts.user("dr-novak").enrollment_expires_at is None

    def test_authenticates_nothing_as_a_bearer_token(
        self, api: Api, client: FlaskClient
    ) -> None:
        code = created(api)
        for bearer in (code, f"cbk.dr-novak.0000.{code}", f"cbk.{code}"):
            response = client.get(
                "/api/cases/", headers={"Authorization": f"Bearer {bearer}"}
            )
            problem(response, 401)
        enrolled(api, "dr-novak", code, SIGNING_SECRET)  # and is still unused

    def test_is_for_its_own_user_only(self, api: Api) -> None:
        novak, other = created(api), created(api, "dr-other")
        problem(enroll(api, "dr-novak", other, SIGNING_SECRET), 401)
        enrolled(api, "dr-novak", novak, SIGNING_SECRET)


class TestARefusal:
    def test_is_the_same_for_an_unknown_user_and_a_wrong_code(self, api: Api) -> None:
        created(api)
        answers = [
            problem(enroll(api, user_id, "not-the-code", SIGNING_SECRET), 401)
            for user_id in ("dr-novak", "nobody")
        ]
        for answer in answers:
            del answer["request_id"]
        assert answers[0] == answers[1]

    @pytest.mark.parametrize(
        ("body", "field"),
        [({"user_id": "dr-novak"}, "code"), ({"code": "x"}, "user_id"),
         ({"user_id": "dr-novak", "code": "x", "signing_secret": "short"},
          "signing_secret"),
         ({"user_id": "dr-novak", "code": "x", "colour": "blue"}, "colour")],
    )  # fmt: skip
    def test_of_an_invalid_body_is_422_naming_the_field(
        self, client: FlaskClient, body: dict[str, Any], field: str
    ) -> None:
        problem(client.post("/api/enrollment", json=body), 422, field)


class TestTheSigningSecret:
    def test_a_clinician_sets_theirs_when_they_enroll(
        self, api: Api, services: Services
    ) -> None:
        code = created(api)
        problem(enroll(api, "dr-novak", code), 422, "signing_secret")
        enrolled(api, "dr-novak", code, "novak's-own-secret")
        assert services.accounts.check_signing_secret("dr-novak", "novak's-own-secret")

    def test_an_auditor_may_enroll_without_one(
        self, api: Api, services: Services
    ) -> None:
        enrolled(api, "kim-2", created(api, "kim-2", "auditor"))
        assert services.accounts.user("kim-2").has_signing_secret is False

    def test_a_user_who_has_one_proves_it_to_reenroll(
        self, api: Api, services: Services
    ) -> None:
        code = reenrolled(api, "dr-chen")
        before = account_events(services, "dr-chen")
        for secret in (None, "someone-elses-guess"):
            problem(enroll(api, "dr-chen", code, secret), 401)
        assert account_events(services, "dr-chen") == before
        enrolled(api, "dr-chen", code, SIGNING_SECRET)
        assert services.accounts.check_signing_secret("dr-chen", SIGNING_SECRET)


class TestTheEndpoint:
    def test_needs_no_token_and_ignores_anyones_it_is_sent(
        self, api: Api, services: Services
    ) -> None:
        code = created(api)
        response = api.as_("admin").send(
            "POST", "/api/enrollment",
            {"user_id": "dr-novak", "code": code, "signing_secret": SIGNING_SECRET},
        )  # fmt: skip
        assert response.status_code == 201
        assert response.get_json()["user_id"] == "dr-novak"
        assert account_events(services, "dr-novak")[-1][:2] == (
            "SigningSecretSet", "dr-novak",
        )  # fmt: skip

    def test_is_documented_as_public(self, client: FlaskClient) -> None:
        document = client.get("/api/openapi.json").get_json()
        operation = document["paths"]["/api/enrollment"]["post"]
        assert operation["security"] == []
        assert {"201", "401", "422"} <= set(operation["responses"])
