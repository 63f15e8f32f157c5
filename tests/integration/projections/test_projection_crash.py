"""A projector process killed with SIGKILL resumes with no event twice or missing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from application.cases import CaseManagement
from application.settings import Settings
from projections.runner import catch_up
from tests.integration.projections.logs import (
    assert_equals_rebuild,
    audited_events,
    fill,
    logged_events,
    projector_for,
)

ROOT = Path(__file__).resolve().parents[3]
BATCH = 40


@pytest.fixture
def long_log(settings: Settings) -> Iterator[CaseManagement]:
    app = CaseManagement(settings)
    fill(app, cases=10, rounds=80)  # 810 events, about 20 batches
    yield app
    app.close()


def _environment(settings: Settings) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CASEBOOK_")}
    env["CASEBOOK_DATA_DIR"] = str(settings.data_dir)
    if settings.database_url is not None:
        env["CASEBOOK_DATABASE_URL"] = settings.database_url
    return env


def _kill_worker(settings: Settings, mode: str) -> None:
    """Start a projector process and SIGKILL it once it has committed a batch."""
    command = [sys.executable, "-m", "tests.integration.projections.crash_worker",
               str(BATCH), mode]  # fmt: skip
    with subprocess.Popen(
        command, cwd=ROOT, env=_environment(settings), text=True,
        stdin=subprocess.PIPE, stdout=subprocess.PIPE,
    ) as worker:  # fmt: skip
        assert worker.stdout is not None
        try:
            assert worker.stdout.readline() == f"committed {BATCH}\n"
            if mode == "stall":
                assert worker.stdout.readline() == "inside batch\n"
            os.kill(worker.pid, signal.SIGKILL)
            assert worker.wait(timeout=60) == -signal.SIGKILL
        finally:
            if worker.poll() is None:
                worker.kill()


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["stall", "run"], ids=["mid-write", "mid-run"])
def test_a_killed_projector_process_resumes_without_duplicates_or_gaps(
    long_log: CaseManagement, mode: str
) -> None:
    _kill_worker(long_log.settings, mode)
    projector = projector_for(long_log, batch_size=BATCH)
    position = projector.position()
    if mode == "stall":
        assert position == BATCH  # the second batch left nothing behind
    logged = logged_events(long_log)
    assert audited_events(projector.engine) == [e for e in logged if e[0] <= position]
    catch_up(projector)
    assert audited_events(projector.engine) == logged
    assert_equals_rebuild(projector)
    projector.engine.dispose()
