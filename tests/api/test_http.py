"""What every request meets: authentication, problem+json errors, correlation ids."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import pytest
from flask.testing import FlaskClient

from bootstrap import Services
from tests.api.bodies import GOAL
from tests.api.driver import PROBLEM, Api, problem
from tests.api.operations import OPERATIONS, PROTECTED_OPERATIONS, concrete


def _spec_operations(client: FlaskClient) -> set[str]:
    paths: dict[str, dict[str, Any]] = client.get("/api/openapi.json").get_json()[
        "paths"
    ]
    return {
        f"{method.upper()} {path}"
        for path, item in paths.items()
        for method in item
        if method != "parameters"
    }


class TestTheOpenApiDocument:
    def test_the_document_and_the_docs_need_no_token(self, client: FlaskClient) -> None:
        document = client.get("/api/openapi.json")
        assert document.status_code == 200
        assert document.get_json()["openapi"].startswith("3.")
        assert client.get("/api/docs").status_code == 200

    def test_the_operations_under_test_are_exactly_those_documented(
        self, client: FlaskClient
    ) -> None:
        assert _spec_operations(client) == set(OPERATIONS)

    def test_every_operation_documents_bearer_authentication(
        self, client: FlaskClient
    ) -> None:
        document = client.get("/api/openapi.json").get_json()
        assert document["security"] == [{"bearer": []}]
        schemes = document["components"]["securitySchemes"]
        assert schemes["bearer"] == {"type": "http", "scheme": "bearer"}


class TestAuthentication:
    @pytest.mark.parametrize("label", PROTECTED_OPERATIONS)
    def test_every_operation_answers_401_without_a_token(
        self, client: FlaskClient, case_id: UUID, label: str, api: Api
    ) -> None:
        method, url = concrete(label, case_id)
        response = client.open(url, method=method, json={})
        problem(response, 401)
        assert response.headers["WWW-Authenticate"].startswith("Bearer")
        assert api.version(case_id) == 4

    @pytest.mark.parametrize(
        "authorization",
        ["Bearer", "Bearer ", "Basic ZHItcml2ZXJhOnNlY3JldA==", "Bearer nonsense",
         "Bearer cbk.dr-rivera", "Bearer cbk.dr-rivera.0000.wrong-secret",
         "Bearer cbk.nobody.0000.secret", "Token cbk.dr-rivera.0000.secret"],
    )  # fmt: skip
    def test_a_malformed_or_unknown_token_answers_401(
        self, client: FlaskClient, authorization: str
    ) -> None:
        response = client.get("/api/cases/", headers={"Authorization": authorization})
        problem(response, 401)

    def test_a_token_with_another_users_secret_part_answers_401(
        self, client: FlaskClient, api: Api
    ) -> None:
        _, user, token_id, _ = api.tokens["dr-rivera"].split(".")
        secret = api.tokens["dr-chen"].split(".")[3]
        forged = f"Bearer cbk.{user}.{token_id}.{secret}"
        problem(client.get("/api/cases/", headers={"Authorization": forged}), 401)

    def test_a_revoked_token_answers_401_on_the_very_next_request(
        self, api: Api
    ) -> None:
        assert api.get("/api/cases/").status_code == 200
        revoked = api.as_("admin").send("DELETE", "/api/users/dr-rivera/tokens")
        assert revoked.status_code == 204
        response = api.get("/api/cases/")
        assert "revoked" in problem(response, 401)["detail"]


class TestProblemResponses:
    def test_malformed_json_answers_400(self, api: Api, case_id: UUID) -> None:
        response = api.client.post(
            f"/api/cases/{case_id}/goals", data='{"goal_id": ',
            content_type="application/json", headers=api.headers(if_match=4),
        )  # fmt: skip
        assert problem(response, 400)["type"].endswith("/malformed-json")
        assert api.version(case_id) == 4

    def test_a_body_that_is_not_json_answers_415(self, api: Api, case_id: UUID) -> None:
        response = api.client.post(
            f"/api/cases/{case_id}/goals", data="goal_id=g-2",
            content_type="text/plain", headers=api.headers(if_match=4),
        )  # fmt: skip
        problem(response, 415)
        assert api.version(case_id) == 4

    def test_a_body_over_one_mebibyte_answers_413(
        self, api: Api, case_id: UUID
    ) -> None:
        huge = {**GOAL, "goal_id": "g-2", "description": "x" * (1024 * 1024)}
        response = api.send("POST", f"/api/cases/{case_id}/goals", huge, if_match=4)
        problem(response, 413)
        assert api.version(case_id) == 4

    def test_a_json_value_that_is_not_an_object_answers_422(
        self, api: Api, case_id: UUID
    ) -> None:
        response = api.send("POST", f"/api/cases/{case_id}/goals", [GOAL], if_match=4)
        problem(response, 422)

    def test_an_unknown_route_answers_404(self, api: Api) -> None:
        body = problem(api.get("/api/nowhere"), 404)
        assert body["type"].endswith("/not-found")

    def test_a_path_that_is_not_a_case_id_answers_404(self, api: Api) -> None:
        problem(api.get("/api/cases/not-a-uuid"), 404)

    def test_a_method_the_route_lacks_answers_405_saying_which_it_allows(
        self, api: Api
    ) -> None:
        answer = api.send("DELETE", "/api/cases/")
        problem(answer, 405)
        allowed = {m.strip() for m in answer.headers["Allow"].split(",")}
        assert {"GET", "POST"} <= allowed
        assert "DELETE" not in allowed

    def test_an_unexpected_failure_answers_500_without_internals(
        self, api: Api, services: Services, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        def broken(*_: Any, **__: Any) -> None:
            raise RuntimeError("secret internals: /var/lib/casebook password=hunter2")

        monkeypatch.setattr(services.read_models, "cases", broken)
        response = api.get("/api/cases/")
        body = problem(response, 500)
        text = response.get_data(as_text=True)
        assert "hunter2" not in text and "RuntimeError" not in text
        assert body["type"].endswith("/internal")

    @pytest.mark.parametrize(
        ("method", "path", "body"),
        [("GET", "/api/nowhere", None), ("DELETE", "/api/cases/", None),
         ("POST", "/api/cases/", "not json"), ("GET", "/api/cases/", None)],
    )  # fmt: skip
    def test_no_error_is_ever_an_html_page(
        self, client: FlaskClient, method: str, path: str, body: str | None
    ) -> None:
        response = client.open(path, method=method, data=body)
        assert response.status_code >= 400
        assert response.mimetype == PROBLEM
        assert "<html" not in response.get_data(as_text=True).lower()


class TestCorrelation:
    def test_the_request_id_is_echoed_on_the_response(self, api: Api) -> None:
        response = api.get("/api/cases/", headers={"X-Request-ID": "abc-123"})
        assert response.headers["X-Request-ID"] == "abc-123"

    def test_a_request_without_an_id_gets_a_generated_one(self, api: Api) -> None:
        first = api.get("/api/cases/").headers["X-Request-ID"]
        second = api.get("/api/cases/").headers["X-Request-ID"]
        assert first and second and first != second

    @pytest.mark.parametrize("offered", ["has spaces", "x" * 129, "<script>"])
    def test_an_unsafe_request_id_is_replaced_by_a_generated_one(
        self, api: Api, offered: str
    ) -> None:
        response = api.get("/api/cases/", headers={"X-Request-ID": offered})
        assert response.headers["X-Request-ID"] not in ("", offered)

    def test_errors_carry_the_request_id_in_header_and_body(
        self, client: FlaskClient
    ) -> None:
        response = client.get("/api/cases/", headers={"X-Request-ID": "err-7"})
        assert problem(response, 401)["request_id"] == "err-7"
        assert response.headers["X-Request-ID"] == "err-7"

    def test_the_request_id_of_a_write_is_stored_on_its_event(
        self, api: Api, case_id: UUID
    ) -> None:
        api.write(case_id, "goals", {**GOAL, "goal_id": "g-2"},
                  headers={"X-Request-ID": "corr-9"})  # fmt: skip
        assert api.history(case_id)[-1]["correlation_id"] == "corr-9"
