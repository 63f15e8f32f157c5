"""Application fixtures that run every test on SQLite and on PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from application.cases import CaseManagement
from application.settings import Settings
from tests.backends import BACKENDS, settings_for
from tests.clinic import Clinic


@pytest.fixture(params=BACKENDS)
def settings(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Settings]:
    with settings_for(request.param, tmp_path) as chosen:
        yield chosen


@pytest.fixture
def app(settings: Settings) -> Iterator[CaseManagement]:
    application = CaseManagement(settings)
    yield application
    application.close()


@pytest.fixture
def clinic(app: CaseManagement) -> Clinic:
    return Clinic(app)
