"""The projector apart (`CASEBOOK_PROJECTION=follower`): API writes leave the
read models to a `casebook project --follow` process and wait for it, boundedly;
on PostgreSQL the projector never passes an insert still in flight."""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from flask.testing import FlaskClient

from application.demo_users import create_demo_users
from application.settings import Settings
from bootstrap import Services, build_projector
from tests.api.bodies import ASSESSMENT, GOAL
from tests.api.driver import Api
from tests.backends import POSTGRES_URL, follower, postgres_schema
from web import create_app

SESSION = {"session_date": "2026-02-01"}


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Settings]:
    """A store whose API writes leave the projection to a follower."""
    if request.param == "sqlite":
        yield Settings(data_dir=tmp_path / "data", projector_apart=True)
        return
    with postgres_schema() as schema:
        yield Settings(data_dir=tmp_path / "data", projector_apart=True,
                       database_url=f"{POSTGRES_URL}?schema={schema}")  # fmt: skip


def _served(settings: Settings) -> tuple[Api, FlaskClient, Services]:
    app = create_app({"CASEBOOK_SETTINGS": settings, "TESTING": True})
    services: Services = app.extensions["casebook"]
    return Api(app.test_client(), create_demo_users(services.accounts)), \
        app.test_client(), services  # fmt: skip


def test_each_write_is_readable_as_soon_as_it_is_answered(
    store: Settings, tmp_path: Path
) -> None:
    with follower(store, tmp_path / "follower.log"):
        api, client, services = _served(store)
        try:
            cases = [api.open_case(client_ref=f"client-{n}") for n in range(3)]
            for case_id in cases:  # each read right after its write
                api.recorded(case_id, "assessments", ASSESSMENT)
                assert api.version(case_id) == 2
                api.recorded(case_id, "goals", GOAL)
                assert api.version(case_id) == 3
            listed = api.get("/api/cases/").get_json()
            assert {c["case_id"] for c in listed["items"]} == {str(c) for c in cases}
            health = client.get("/api/health").get_json()
        finally:
            services.close()
    assert health["status"] == "ok" and health["lag"] == 0
    assert health["projection"] == "follower"
    wait = health["wait"]
    assert wait["waits"] >= 9 and wait["timeouts"] == 0  # 3 opened, 6 recorded
    assert 0 <= wait["p50_ms"] <= wait["p99_ms"] <= wait["max_ms"]


def test_without_a_follower_a_write_is_kept_and_answered_after_its_wait(
    store: Settings, tmp_path: Path
) -> None:
    api, client, services = _served(dataclasses.replace(store, projection_wait=0.2))
    try:
        case_id = api.open_case(client_ref="client-alone")  # answered 201
        assert services.cases.load_case(case_id).version == 1  # and recorded
        health = client.get("/api/health")
        assert health.status_code == 503
        assert health.get_json()["status"] == "degraded"
        assert health.get_json()["lag"] > 0
        assert health.get_json()["wait"]["timeouts"] >= 1
        assert "casebook project --follow" in health.get_json()["problem"]
        assert api.get(f"/api/cases/{case_id}").status_code == 404  # not projected
    finally:
        services.close()
    projector = build_projector(store)  # the follower, late, catches up
    try:
        projector.advance()
    finally:
        projector.engine.dispose()
        projector.source.close()  # type: ignore[attr-defined]
    api, _, services = _served(store)
    try:
        assert api.version(case_id) == 1
    finally:
        services.close()


@pytest.mark.postgres
def test_the_projector_never_passes_an_insert_still_in_flight(tmp_path: Path) -> None:
    """Ids are handed out before commit: an insert that took id N and has not
    committed yet must hold the projector back, or event N would be passed over
    for good once N+1 is projected."""
    with postgres_schema() as schema:
        settings = Settings(data_dir=tmp_path / "data", projector_apart=True,
                            projection_wait=0.1,
                            database_url=f"{POSTGRES_URL}?schema={schema}")  # fmt: skip
        api, _, services = _served(settings)  # its writes wait for no projector
        projector = services.cases.projector
        recorder = services.cases.recorder
        dsn = POSTGRES_URL.replace("postgresql+psycopg://", "postgresql://")
        try:
            with psycopg.connect(dsn) as in_flight:  # an insert, mid-transaction
                lock = recorder.order_lock.as_string()  # type: ignore[attr-defined]
                in_flight.execute(f"SELECT pg_advisory_xact_lock_shared({lock})")
                in_flight.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, 'notification_id'))",
                    (f'"{schema}".casebook_events',),
                )
                case_id = api.open_case(client_ref="client-later")  # a later id
                advanced = threading.Thread(target=projector.advance)
                advanced.start()
                advanced.join(timeout=1.0)
                assert advanced.is_alive()  # waiting for the insert in flight
                in_flight.rollback()  # it failed: its id stays a hole
            advanced.join(timeout=30)
            assert not advanced.is_alive()
            assert api.get(f"/api/cases/{case_id}").status_code == 200
        finally:
            services.close()
