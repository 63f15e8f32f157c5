"""User administration by admins, and each user's own signing secret; all audited."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from werkzeug.test import TestResponse

from bootstrap import Services
from domain.accounts import ENROLLMENT_CODE_LIFETIME, account_id
from tests.api.bodies import SIGNING_SECRET
from tests.api.driver import Api, problem

NOT_ADMINS = ["dr-rivera", "dr-okafor", "auditor-kim"]


def account_events(services: Services, user_id: str) -> list[tuple[str, str, str]]:
    """(event type, actor, correlation id) of every change to the account."""
    return [
        (type(e).__name__, e.actor_id, e.correlation_id)
        for e in services.accounts.events.get(account_id(user_id))
    ]


def created(api: Api, user_id: str = "dr-novak", role: str = "clinician") -> str:
    """The enrollment code an admin gets for a new user."""
    response = api.as_("admin").send(
        "POST", "/api/users", {"user_id": user_id, "role": role},
        headers={"X-Request-ID": f"create-{user_id}"},
    )  # fmt: skip
    assert response.status_code == 201, response.get_json()
    code: str = response.get_json()["enrollment_code"]
    return code


def enrolled(api: Api, user_id: str, code: str, secret: str | None = None) -> str:
    """The token the user gets for their code (stored as theirs in `api`)."""
    response = enroll(api, user_id, code, secret)
    assert response.status_code == 201, response.get_json()
    token: str = response.get_json()["token"]
    api.tokens[user_id] = token
    return token


def enroll(
    api: Api, user_id: str, code: str, secret: str | None = None
) -> TestResponse:
    """POST /api/enrollment, as the public endpoint is called: no token."""
    body = {"user_id": user_id, "code": code}
    if secret is not None:
        body["signing_secret"] = secret
    return api.client.post(
        "/api/enrollment", json=body, headers={"X-Request-ID": f"enroll-{user_id}"}
    )


def new_user(api: Api, user_id: str = "dr-novak", role: str = "clinician") -> str:
    """A user created by the admin and enrolled by themselves: their token."""
    return enrolled(api, user_id, created(api, user_id, role), SIGNING_SECRET)


class TestListingUsers:
    def test_an_admin_lists_every_user_with_their_role(self, api: Api) -> None:
        response = api.as_("admin").get("/api/users")
        assert response.status_code == 200
        users = {u["user_id"]: u for u in response.get_json()}
        assert set(users) == {
            "dr-rivera", "dr-chen", "dr-okafor", "auditor-kim", "admin", "dr-who",
        }  # fmt: skip
        assert users["dr-okafor"]["role"] == "supervisor"
        assert users["dr-okafor"]["has_signing_secret"] is True
        assert users["admin"]["has_live_token"] is True
        assert "cbk." not in response.get_data(as_text=True)

    @pytest.mark.parametrize("user", NOT_ADMINS)
    def test_only_an_admin_lists_users(self, api: Api, user: str) -> None:
        problem(api.as_(user).get("/api/users"), 403)


class TestCreatingUsers:
    def test_an_admin_creates_a_user_and_gets_an_enrollment_code_not_a_token(
        self, api: Api, services: Services
    ) -> None:
        response = api.as_("admin").send(
            "POST", "/api/users", {"user_id": "dr-novak", "role": "clinician"},
            headers={"X-Request-ID": "create-dr-novak"},
        )  # fmt: skip
        assert response.status_code == 201
        answer = response.get_json()
        assert set(answer) == {"user_id", "enrollment_code", "expires_at"}
        assert "cbk." not in response.get_data(as_text=True)
        expires = datetime.fromisoformat(answer["expires_at"])
        lifetime = expires - datetime.now(UTC)
        assert ENROLLMENT_CODE_LIFETIME - timedelta(minutes=1) < lifetime
        assert lifetime <= ENROLLMENT_CODE_LIFETIME
        assert account_events(services, "dr-novak") == [
            ("AccountCreated", "admin", "create-dr-novak"),
            ("EnrollmentCodeIssued", "admin", "create-dr-novak"),
        ]
        assert services.accounts.user("dr-novak").has_live_token is False

    def test_the_user_enrolls_with_the_code_and_their_token_works_at_once(
        self, api: Api, services: Services
    ) -> None:
        enrolled(api, "dr-novak", created(api), SIGNING_SECRET)
        novak = api.as_("dr-novak")
        assert novak.get("/api/cases/").status_code == 200
        novak.open_case(client_ref="novak-1")
        assert services.accounts.check_signing_secret("dr-novak", SIGNING_SECRET)
        assert account_events(services, "dr-novak")[2:] == [
            ("EnrollmentCodeRedeemed", "dr-novak", "enroll-dr-novak"),
            ("TokenIssued", "dr-novak", "enroll-dr-novak"),
            ("SigningSecretSet", "dr-novak", "enroll-dr-novak"),
        ]

    @pytest.mark.parametrize(
        ("body", "field"),
        [({"role": "clinician"}, "user_id"),
         ({"user_id": "dr-x", "role": "therapist"}, "role"),
         ({"user_id": "x" * 65, "role": "clinician"}, "user_id"),
         ({"user_id": "dr-rivera", "role": "clinician"}, "user_id")],
        ids=["no user id", "unknown role", "long user id", "existing user"],
    )  # fmt: skip
    def test_an_invalid_user_is_refused_with_422_naming_the_field(
        self, api: Api, body: dict[str, Any], field: str
    ) -> None:
        problem(api.as_("admin").send("POST", "/api/users", body), 422, field)

    def test_a_request_without_a_body_is_refused_with_422_naming_the_fields(
        self, api: Api
    ) -> None:
        body = problem(api.as_("admin").send("POST", "/api/users"), 422, "user_id")
        assert "role" in body["errors"]

    @pytest.mark.parametrize("user", NOT_ADMINS)
    def test_only_an_admin_creates_users(self, api: Api, user: str) -> None:
        body = {"user_id": "dr-x", "role": "admin"}
        problem(api.as_(user).send("POST", "/api/users", body), 403)
        listed = api.as_("admin").get("/api/users").get_json()
        assert "dr-x" not in {u["user_id"] for u in listed}

    @pytest.mark.parametrize("user_id", ["dr.smith", "j.r.smith.", "x..y"])
    def test_a_user_whose_id_has_dots_can_use_their_token(
        self, api: Api, user_id: str
    ) -> None:
        new_user(api, user_id)
        assert api.as_(user_id).get("/api/cases/").status_code == 200


class TestChangingRoles:
    def test_an_admin_changes_a_role_effective_on_the_next_request(
        self, api: Api, services: Services
    ) -> None:
        assert api.as_("dr-chen").get("/api/supervision-queue/").status_code == 403
        response = api.as_("admin").send(
            "PUT", "/api/users/dr-chen/role", {"role": "supervisor"},
            headers={"X-Request-ID": "promote-chen"},
        )  # fmt: skip
        assert response.status_code == 200
        assert response.get_json()["role"] == "supervisor"
        assert api.as_("dr-chen").get("/api/supervision-queue/").status_code == 200
        opening = {"client_ref": "c-1", "strategy": "common_factors"}
        problem(api.as_("dr-chen").send("POST", "/api/cases/", opening), 403)
        assert account_events(services, "dr-chen")[-1] == (
            "RoleChanged", "admin", "promote-chen",
        )  # fmt: skip

    def test_giving_a_user_the_role_they_have_is_refused_with_409(
        self, api: Api
    ) -> None:
        response = api.as_("admin").send(
            "PUT", "/api/users/dr-chen/role", {"role": "clinician"}
        )
        problem(response, 409)

    def test_an_unknown_role_is_refused_with_422(self, api: Api) -> None:
        response = api.as_("admin").send(
            "PUT", "/api/users/dr-chen/role", {"role": "superuser"}
        )
        problem(response, 422, "role")

    def test_an_unknown_user_answers_404(self, api: Api) -> None:
        response = api.as_("admin").send(
            "PUT", "/api/users/nobody/role", {"role": "auditor"}
        )
        problem(response, 404)

    @pytest.mark.parametrize("user", NOT_ADMINS)
    def test_only_an_admin_changes_roles(self, api: Api, user: str) -> None:
        response = api.as_(user).send(
            "PUT", f"/api/users/{user}/role", {"role": "admin"}
        )
        problem(response, 403)


class TestReenrolling:
    def test_an_admin_reenrolls_a_user_whose_old_tokens_stop_working_at_once(
        self, api: Api, services: Services
    ) -> None:
        chen = api.as_("dr-chen")
        assert chen.get("/api/cases/").status_code == 200
        response = api.as_("admin").send(
            "POST", "/api/users/dr-chen/enrollment-codes",
            headers={"X-Request-ID": "reenroll-chen"},
        )  # fmt: skip
        assert response.status_code == 201
        answer = response.get_json()
        assert answer["user_id"] == "dr-chen" and "token" not in answer
        problem(chen.get("/api/cases/"), 401)
        assert account_events(services, "dr-chen")[-2:] == [
            ("TokensRevoked", "admin", "reenroll-chen"),
            ("EnrollmentCodeIssued", "admin", "reenroll-chen"),
        ]
        enrolled(api, "dr-chen", answer["enrollment_code"], SIGNING_SECRET)
        assert api.as_("dr-chen").get("/api/cases/").status_code == 200
        assert account_events(services, "dr-chen")[-2:] == [
            ("EnrollmentCodeRedeemed", "dr-chen", "enroll-dr-chen"),
            ("TokenIssued", "dr-chen", "enroll-dr-chen"),
        ]

    def test_a_new_code_supersedes_an_unused_one(
        self, api: Api, services: Services
    ) -> None:
        first = created(api)
        response = api.as_("admin").send(
            "POST", "/api/users/dr-novak/enrollment-codes",
            headers={"X-Request-ID": "again"},
        )  # fmt: skip
        second = response.get_json()["enrollment_code"]
        assert account_events(services, "dr-novak")[-2:] == [
            ("EnrollmentCodeWithdrawn", "admin", "again"),
            ("EnrollmentCodeIssued", "admin", "again"),
        ]
        problem(enroll(api, "dr-novak", first, SIGNING_SECRET), 401)
        enrolled(api, "dr-novak", second, SIGNING_SECRET)

    def test_the_route_that_gave_an_admin_a_users_token_is_gone(self, api: Api) -> None:
        problem(api.as_("admin").send("POST", "/api/users/dr-chen/tokens"), 405)

    @pytest.mark.parametrize("user", NOT_ADMINS)
    def test_only_an_admin_reenrolls(self, api: Api, user: str) -> None:
        caller = api.as_(user)
        problem(caller.send("POST", "/api/users/dr-chen/enrollment-codes"), 403)
        assert api.as_("dr-chen").get("/api/cases/").status_code == 200


class TestRevokingTokens:
    def test_revoking_tokens_locks_the_user_out_at_once(
        self, api: Api, services: Services
    ) -> None:
        chen = api.as_("dr-chen")
        assert chen.get("/api/cases/").status_code == 200
        response = api.as_("admin").send(
            "DELETE", "/api/users/dr-chen/tokens",
            headers={"X-Request-ID": "revoke-chen"},
        )  # fmt: skip
        assert response.status_code == 204
        problem(chen.get("/api/cases/"), 401)
        user = services.accounts.user("dr-chen")
        assert user.has_live_token is False
        assert account_events(services, "dr-chen")[-1] == (
            "TokensRevoked", "admin", "revoke-chen",
        )  # fmt: skip

    def test_revoking_a_user_without_tokens_is_refused_with_409(self, api: Api) -> None:
        admin = api.as_("admin")
        assert admin.send("DELETE", "/api/users/dr-chen/tokens").status_code == 204
        problem(admin.send("DELETE", "/api/users/dr-chen/tokens"), 409)

    def test_revoking_withdraws_an_unused_enrollment_code(
        self, api: Api, services: Services
    ) -> None:
        code = created(api)
        response = api.as_("admin").send(
            "DELETE", "/api/users/dr-novak/tokens",
            headers={"X-Request-ID": "revoke-novak"},
        )  # fmt: skip
        assert response.status_code == 204
        problem(enroll(api, "dr-novak", code, SIGNING_SECRET), 401)
        assert account_events(services, "dr-novak")[-1] == (
            "EnrollmentCodeWithdrawn", "admin", "revoke-novak",
        )  # fmt: skip

    def test_an_unknown_user_answers_404(self, api: Api) -> None:
        admin = api.as_("admin")
        problem(admin.send("DELETE", "/api/users/nobody/tokens"), 404)
        problem(admin.send("POST", "/api/users/nobody/enrollment-codes"), 404)

    @pytest.mark.parametrize("user", NOT_ADMINS)
    def test_only_an_admin_revokes_tokens(self, api: Api, user: str) -> None:
        problem(api.as_(user).send("DELETE", "/api/users/dr-chen/tokens"), 403)
        assert api.as_("dr-chen").get("/api/cases/").status_code == 200


class TestOwnSigningSecret:
    def test_a_user_without_a_secret_sets_one(
        self, api: Api, services: Services
    ) -> None:
        response = api.as_("auditor-kim").send(
            "PUT", "/api/me/signing-secret", {"secret": "a-long-secret"}
        )
        assert response.status_code == 204
        assert services.accounts.check_signing_secret("auditor-kim", "a-long-secret")
        assert account_events(services, "auditor-kim")[-1][:2] == (
            "SigningSecretSet", "auditor-kim",
        )  # fmt: skip

    def test_changing_a_secret_needs_the_current_one(
        self, api: Api, services: Services
    ) -> None:
        response = api.send(
            "PUT", "/api/me/signing-secret",
            {"secret": "a-new-secret", "current_secret": SIGNING_SECRET},
        )  # fmt: skip
        assert response.status_code == 204
        assert services.accounts.check_signing_secret("dr-rivera", "a-new-secret")

    @pytest.mark.parametrize("current", [None, "a-wrong-secret"])
    def test_changing_a_secret_without_the_current_one_is_refused_with_403(
        self, api: Api, services: Services, current: str | None
    ) -> None:
        body = {"secret": "a-new-secret", "current_secret": current}
        problem(api.send("PUT", "/api/me/signing-secret", body), 403)
        assert services.accounts.check_signing_secret("dr-rivera", SIGNING_SECRET)

    @pytest.mark.parametrize(
        ("body", "field"),
        [({"secret": "short"}, "secret"), ({}, "secret"),
         ({"secret": "a-long-secret", "colour": "blue"}, "colour")],
    )  # fmt: skip
    def test_an_invalid_secret_is_refused_with_422_naming_the_field(
        self, api: Api, body: dict[str, Any], field: str
    ) -> None:
        problem(api.send("PUT", "/api/me/signing-secret", body), 422, field)
