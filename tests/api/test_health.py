"""The health check: store reachable, projection lag, catch-up failures shown."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from sqlalchemy.exc import OperationalError

from bootstrap import Services
from tests.api.driver import Api


class TestHealth:
    def test_a_level_service_is_ok_without_a_token(
        self, client: FlaskClient, api: Api
    ) -> None:
        api.open_case()
        answer = client.get("/api/health")
        assert answer.status_code == 200
        body = answer.get_json()
        assert body["status"] == "ok"
        assert body["lag"] == 0
        assert body["projected"] == body["log_head"] > 0
        assert body["problem"] is None

    def test_a_failed_catch_up_is_logged_and_shown_until_the_next_succeeds(
        self,
        client: FlaskClient,
        api: Api,
        services: Services,
        monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture,
    ) -> None:
        projector = services.cases.projector

        def unavailable(*_args: object, **_kwargs: object) -> None:
            raise OperationalError("INSERT", {}, Exception("disk I/O error"))

        monkeypatch.setattr(projector, "advance", unavailable)
        opened = api.open_case()  # recorded all the same
        assert any("could not catch up" in r.message for r in caplog.records)
        answer = client.get("/api/health")
        assert answer.status_code == 503
        body = answer.get_json()
        assert body["status"] == "degraded"
        assert body["lag"] == 2  # the case and the claim of its client reference
        assert "disk I/O error" in body["problem"]
        monkeypatch.undo()
        services.cases.catch_up()
        assert client.get("/api/health").get_json()["status"] == "ok"
        assert api.as_("dr-rivera").get(f"/api/cases/{opened}").status_code == 200


def test_the_health_check_is_documented_as_needing_no_token(
    client: FlaskClient,
) -> None:
    document = client.get("/api/openapi.json").get_json()
    assert document["paths"]["/api/health"]["get"]["security"] == []


def test_an_account_change_leaves_the_service_level(
    client: FlaskClient, services: Services, api: Api
) -> None:
    """The log holds the accounts' events too; the health check does not count
    them as the read models' lag."""
    from application.demo_users import SETUP
    from domain.envelope import acting

    api.open_case()
    with acting(SETUP, "health-tests"):
        services.accounts.add_user("new-auditor", "auditor")
    body = client.get("/api/health").get_json()
    assert (body["status"], body["lag"]) == ("ok", 0)
