"""The access log on a real store: every read recorded, found again by case and time."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from uuid import uuid4

import pytest

from application.settings import Settings
from bootstrap import engine_for_settings
from projections.access_log import AccessLog


@pytest.fixture
def access_log(settings: Settings) -> Iterator[AccessLog]:
    engine = engine_for_settings(settings)
    yield AccessLog(engine)
    engine.dispose()


def test_a_recorded_read_is_found_by_case_and_by_time(access_log: AccessLog) -> None:
    case_id, before = uuid4(), datetime.now(UTC)
    access_log.record(
        case_id=case_id,
        version=3,
        actor_id="dr-okafor",
        actor_role="supervisor",
        what="plan",
        correlation_id="r-1",
    )
    access_log.record(
        case_id=None,
        version=None,
        actor_id="auditor-kim",
        actor_role="auditor",
        what="audit-changes",
        correlation_id="r-2",
    )
    [row] = access_log.every_entry(case_id)
    assert (row["actor_id"], row["version"], row["what"]) == ("dr-okafor", 3, "plan")
    assert before <= row["at"] <= datetime.now(UTC)
    later = access_log.entries(since=before, until=before + timedelta(minutes=5))
    assert later.total == 2
    assert access_log.entries(until=before).total == 0
