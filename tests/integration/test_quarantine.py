"""A broken case is quarantined, never contagious; an edited read-model row
never decides who sees a case. Over the API, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from uuid import UUID

import pytest
from flask.testing import FlaskClient
from sqlalchemy import update

from adapters.database import writing
from application.demo_users import create_demo_users
from application.settings import Settings
from bootstrap import Services
from projections.plans import plans
from tests import tamper
from tests.api.bodies import ASSESSMENT, GOAL
from tests.api.driver import Api
from tests.backends import WITH_A_FOLLOWER
from web import create_app

pytestmark = WITH_A_FOLLOWER


@dataclass
class Served:
    api: Api
    client: FlaskClient
    services: Services


@pytest.fixture
def served(settings: Settings) -> Iterator[Served]:
    app = create_app({"CASEBOOK_SETTINGS": settings, "TESTING": True})
    services: Services = app.extensions["casebook"]
    tokens = create_demo_users(services.accounts)
    try:
        yield Served(Api(app.test_client(), tokens), app.test_client(), services)
    finally:
        services.close()


def opened(api: Api, reference: str) -> UUID:
    case_id = api.open_case(client_ref=reference)
    api.recorded(case_id, "assessments", ASSESSMENT)
    api.recorded(case_id, "goals", GOAL)
    return case_id


def test_a_case_broken_in_the_store_answers_409_and_every_other_case_goes_on(
    served: Served,
) -> None:
    api, cases = served.api, served.services.cases
    broken = opened(api, "client-broken")
    others = [opened(api, f"client-{n}") for n in range(4)]
    tamper.edit_state(cases, broken, 2, b"{", b"[")  # undecodable
    cases.projector.rebuild()  # the projector meets it, and goes on
    assert served.services.read_models.quarantined(broken) == (
        2, "stored bytes do not decode", "dr-rivera", ["dr-okafor"],
    )  # fmt: skip
    assert api.as_("dr-chen").get(f"/api/cases/{broken}").status_code == 404
    for path in (f"/api/cases/{broken}", f"/api/cases/{broken}/history"):
        answer = api.get(path)
        assert answer.status_code == 409, answer.get_json()
        assert "version 2" in answer.get_json()["detail"]
    session = {"session_date": "2026-02-01"}
    refused = api.send("POST", f"/api/cases/{broken}/sessions", session, if_match=3)
    assert refused.status_code == 409
    auditor = api.as_("auditor-kim")
    verified = auditor.get(f"/api/cases/{broken}/verify").get_json()
    assert (verified["intact"], verified["first_broken_version"]) == (False, 2)
    for round_ in range(25):  # 100 writes to the other cases, all projected
        for case_id in others:
            api.recorded(case_id, "sessions", {"session_date": "2026-02-01",
                                               "note": f"round {round_}"})  # fmt: skip
    for case_id in others:
        assert api.version(case_id) == 3 + 25
        current = served.services.read_models.current(case_id)
        assert current is not None and current.version == 3 + 25
    health = served.client.get("/api/health").get_json()
    assert health["quarantined"] == 1 and health["lag"] == 0


def test_a_retried_write_after_a_lost_tail_never_stalls_anything(
    served: Served,
) -> None:
    api, cases = served.api, served.services.cases
    case_id, other = opened(api, "client-cut"), opened(api, "client-other")
    tamper.delete(cases, case_id, 3)  # the last event is gone
    goal = {**GOAL, "goal_id": "g-2"}
    retried = api.send("POST", f"/api/cases/{case_id}/goals", goal, if_match=2)
    assert retried.status_code == 201  # version 3 again, another event
    api.recorded(other, "sessions", {"session_date": "2026-02-01"})
    assert served.services.read_models.current(other).version == 4  # type: ignore[union-attr]
    assert served.client.get("/api/health").get_json()["lag"] == 0
    auditor = api.as_("auditor-kim")
    verified = auditor.get(f"/api/cases/{case_id}/verify").get_json()
    assert (verified["intact"], verified["first_broken_version"]) == (False, 3)
    assert api.get(f"/api/cases/{case_id}").status_code == 409


@pytest.mark.parametrize(
    "edit",
    [
        pytest.param({"clinician_id": "dr-chen"}, id="the clinician"),
        pytest.param({"supervisor_ids": []}, id="the supervisors"),
        pytest.param({"version": 99}, id="the version"),
        pytest.param({"report": "{}"}, id="the plan"),
    ],
)
def test_an_edited_plan_row_is_neither_served_nor_trusted(
    served: Served, edit: dict[str, object]
) -> None:
    api = served.api
    case_id = opened(api, "client-row")
    expected = api.get(f"/api/cases/{case_id}").get_json()
    engine = served.services.cases.projector.engine
    with writing(engine) as connection:
        connection.execute(update(plans).where(plans.c.case_id == case_id).values(edit))
    answer = api.get(f"/api/cases/{case_id}")
    assert answer.status_code == 200  # from the events, as recorded
    assert answer.get_json() == expected
    assert api.as_("dr-chen").get(f"/api/cases/{case_id}").status_code == 404
    assert api.as_("dr-okafor").get(f"/api/cases/{case_id}").status_code == 200
