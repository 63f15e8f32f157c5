"""Fixtures for the read models: the embedded application on each backend."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from application.settings import Settings
from projections.embedded import ProjectedCaseManagement


@pytest.fixture
def app(settings: Settings) -> Iterator[ProjectedCaseManagement]:
    application = ProjectedCaseManagement(settings)
    yield application
    application.close()
