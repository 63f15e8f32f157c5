"""`casebook project`: the projector as its own process, following or rebuilding."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from application.cases import CaseManagement
from application.settings import Settings
from bootstrap import engine_for_settings
from projections.projector import Projector
from tests.e2e.test_cli import casebook, refusal

pytestmark = pytest.mark.slow


def _log_end(data_dir: Path) -> int:
    app = CaseManagement(Settings(data_dir=data_dir))
    try:
        return int(app.recorder.max_notification_id() or 0)
    finally:
        app.close()


def _position(data_dir: Path) -> int:
    settings = Settings(data_dir=data_dir)
    app = CaseManagement(settings)
    projector = Projector(app, engine_for_settings(settings))
    try:
        return projector.position()
    finally:
        projector.engine.dispose()
        app.close()


def test_rebuild_shows_progress_and_closes_with_the_count_and_rate(
    tmp_path: Path,
) -> None:
    assert casebook(tmp_path, "demo").returncode == 0
    result = casebook(tmp_path, "project", "--rebuild")
    end = _log_end(tmp_path)
    assert result.returncode == 0, result.stderr
    assert f"{end}/{end} events" in result.stderr
    cases = re.findall(r"\] (\d+)/(\d+) cases", result.stderr)
    assert cases and cases[-1][0] == cases[-1][1] != "0"  # every case written
    assert result.stdout.startswith(f"rebuilt the read models: {end} events in ")
    assert result.stdout.rstrip().endswith("events/s)")
    assert _position(tmp_path) == end


def test_follow_projects_what_another_process_records_and_stops_on_sigterm(
    tmp_path: Path,
) -> None:
    with subprocess.Popen(
        [sys.executable, "-m", "cli.main", "--data-dir", str(tmp_path),
         "project", "--follow", "--poll", "0.1"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    ) as follower:  # fmt: skip
        assert follower.stdout is not None
        watchdog = threading.Timer(90, follower.kill)  # a hung follower fails
        watchdog.start()
        try:
            assert follower.stdout.readline().startswith("following the event log")
            assert casebook(tmp_path, "demo").returncode == 0
            end = _log_end(tmp_path)
            for line in follower.stdout:
                if line.startswith(f"projected up to {end} "):
                    break
            follower.send_signal(signal.SIGTERM)
            rest = follower.stdout.read()
            assert follower.wait(timeout=30) == 0
        finally:
            watchdog.cancel()
            follower.kill()
    assert "stopping on SIGTERM" in rest
    assert f"stopped at position {end}" in rest
    assert _position(tmp_path) == end


def test_follow_refuses_a_poll_interval_that_is_not_positive(tmp_path: Path) -> None:
    result = casebook(tmp_path, "project", "--follow", "--poll", "0")
    assert refusal(result) == "--poll must be more than 0 seconds"


def test_project_needs_a_mode(tmp_path: Path) -> None:
    result = casebook(tmp_path, "project")
    assert result.returncode == 2
    assert "one of the arguments --follow --rebuild is required" in result.stderr
