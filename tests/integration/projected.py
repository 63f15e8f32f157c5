"""Fixtures for tests of what reviewers read: the served application, and the
seeds' worked trauma case recorded in it (on each store)."""

from __future__ import annotations

from collections.abc import Iterator
from uuid import UUID

import pytest

from application.demo_cases.trauma import trauma_case
from application.settings import Settings
from bootstrap import EmbeddedCaseManagement


@pytest.fixture
def app(settings: Settings) -> Iterator[EmbeddedCaseManagement]:
    application = EmbeddedCaseManagement(settings)
    yield application
    application.close()


@pytest.fixture
def trauma(app: EmbeddedCaseManagement) -> UUID:
    case_id = trauma_case(app).case_id
    assert case_id is not None
    return case_id
