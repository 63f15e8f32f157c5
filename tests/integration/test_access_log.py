"""The access log on a real store: every read recorded, found again by case and time."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from uuid import uuid4

import pytest
from sqlalchemy import delete, update
from sqlalchemy.engine import Connection

from application.settings import Settings
from bootstrap import engine_for_settings
from projections.access_log import AccessLog
from projections.access_log import access_log as table
from tests.keys import TEST_KEYS


@pytest.fixture
def access_log(settings: Settings) -> Iterator[AccessLog]:
    engine = engine_for_settings(settings)
    yield AccessLog(engine, TEST_KEYS)
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


def _read(log: AccessLog, n: int) -> None:
    for index in range(n):
        log.record(
            case_id=uuid4(), version=index + 1, actor_id="dr-okafor",
            actor_role="supervisor", what="plan", correlation_id=f"r-{index}",
        )  # fmt: skip


def test_an_untouched_access_log_verifies(access_log: AccessLog) -> None:
    _read(access_log, 5)
    report = access_log.verify()
    assert (report.intact, report.rows_checked) == (True, 5)


def test_reads_recorded_by_many_threads_at_once_verify_as_one_chain(
    access_log: AccessLog,
) -> None:
    # As a server's threads record them: each row sealed to the one before.
    with ThreadPoolExecutor(max_workers=6) as pool:
        list(pool.map(lambda _: _read(access_log, 10), range(6)))
    report = access_log.verify()
    assert (report.intact, report.rows_checked) == (True, 60)


@pytest.mark.parametrize(
    "tampering",
    [
        pytest.param(
            lambda c: c.execute(
                update(table).where(table.c.id == 3).values(actor_id="dr-chen")
            ),
            id="a reader renamed",
        ),
        pytest.param(
            lambda c: c.execute(delete(table).where(table.c.id == 3)),
            id="a row deleted",
        ),
        pytest.param(
            lambda c: c.execute(
                update(table).where(table.c.id == 3).values(seal="i1:" + "0" * 64)
            ),
            id="a seal forged without the key",
        ),
    ],
)
def test_an_edited_access_log_is_found_at_the_row_it_breaks(
    access_log: AccessLog, tampering: Callable[[Connection], object]
) -> None:
    _read(access_log, 5)
    with access_log.engine.begin() as connection:
        tampering(connection)
    report = access_log.verify()
    assert not report.intact
    assert report.first_broken_id in (3, 4)  # the edited row, or after a deleted one
    assert report.rows_checked == 2
