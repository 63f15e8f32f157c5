"""Fixtures: a fresh clinic per test, its Flask app, a test client and the Api helper.

Users: dr-rivera and dr-chen (clinicians), dr-okafor (supervisor of dr-rivera's
cases), dr-who (a supervisor of none of them), auditor-kim and admin. The
clinicians and supervisors have the demo signing secret.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from uuid import UUID

import pytest
from flask import Flask
from flask.testing import FlaskClient

from application.accounts import AccountManagement
from application.demo_users import DEMO_SIGNING_SECRET, SETUP, create_demo_users
from application.settings import Settings
from bootstrap import Services
from domain.envelope import acting
from domain.vocabulary import Role
from tests.api.bodies import ASSESSMENT, GOAL, TECHNIQUE
from tests.api.driver import Api
from web import create_app


@dataclass(frozen=True)
class ClinicTemplate:
    data_dir: Path
    tokens: dict[str, str]


@pytest.fixture(scope="session")
def clinic_template(tmp_path_factory: pytest.TempPathFactory) -> ClinicTemplate:
    """The users, made once and copied into each test's data directory: hashing
    a signing secret takes a tenth of a second, too long to repeat per test."""
    data_dir = tmp_path_factory.mktemp("clinic") / "data"
    accounts = AccountManagement(Settings(data_dir=data_dir))
    try:
        tokens = create_demo_users(accounts)
        with acting(SETUP, "api-tests"):
            issued = accounts.add_user("dr-who", Role.SUPERVISOR.value)
        tokens["dr-who"] = accounts.enroll(
            "dr-who", issued.code, DEMO_SIGNING_SECRET, correlation_id="api-tests"
        )
    finally:
        accounts.close()
    return ClinicTemplate(data_dir, tokens)


@pytest.fixture
def app(clinic_template: ClinicTemplate, tmp_path: Path) -> Iterator[Flask]:
    data_dir = tmp_path / "data"
    shutil.copytree(clinic_template.data_dir, data_dir)
    template_keys = Settings(data_dir=clinic_template.data_dir).keys
    shutil.copytree(template_keys, Settings(data_dir=data_dir).keys)
    flask_app = create_app(
        {"CASEBOOK_SETTINGS": Settings(data_dir=data_dir), "TESTING": True}
    )
    yield flask_app
    flask_app.extensions["casebook"].close()


@pytest.fixture
def services(app: Flask) -> Services:
    found: Services = app.extensions["casebook"]
    return found


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def api(client: FlaskClient, clinic_template: ClinicTemplate) -> Api:
    """Acts as dr-rivera; `api.as_("dr-okafor")` acts as someone else."""
    return Api(client, dict(clinic_template.tokens))


@pytest.fixture
def case_id(api: Api) -> UUID:
    """dr-rivera's case under dr-okafor's supervision, at version 4: opened,
    assessed (2), goal g-1 agreed (3), grounding added for it (4)."""
    opened = api.open_case()
    api.recorded(opened, "assessments", ASSESSMENT)
    api.recorded(opened, "goals", GOAL)
    api.recorded(opened, "techniques", TECHNIQUE)
    return opened
