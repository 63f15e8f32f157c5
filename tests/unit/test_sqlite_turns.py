"""Writers to one SQLite file take turns: never two at once, across threads
and processes, a forked child included."""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.exc import OperationalError

import adapters.database as read_models
from adapters.event_store import event_store_env
from adapters.sqlite_turns import TurnNotGiven, TurnTakingRecorder, write_turn
from application.accounts import AccountManagement
from application.settings import Settings


def _take_turns(database: str, journal: str, times: int) -> None:
    """Hold the turn `times` times, writing who holds it and when it ends."""

    def hold() -> None:
        for _ in range(times):
            with write_turn(database, 30):
                with open(journal, "a") as log:
                    log.write(f"in {os.getpid()}.{threading.get_ident()}\n")
                time.sleep(0.002)
                with open(journal, "a") as log:
                    log.write(f"out {os.getpid()}.{threading.get_ident()}\n")

    threads = [threading.Thread(target=hold) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def test_threads_and_processes_write_one_at_a_time(tmp_path: Path) -> None:
    database, journal = str(tmp_path / "store.sqlite"), str(tmp_path / "journal")
    with write_turn(database, 30):  # the parent holds a turn before it forks
        pass
    context = multiprocessing.get_context("fork")
    processes = [
        context.Process(target=_take_turns, args=(database, journal, 10))
        for _ in range(4)
    ]
    for process in processes:
        process.start()
    for process in processes:
        process.join(timeout=60)
        assert process.exitcode == 0
    lines = Path(journal).read_text().splitlines()
    assert len(lines) == 2 * 4 * 3 * 10
    for opened, closed in zip(lines[::2], lines[1::2], strict=True):
        assert opened.startswith("in ") and closed == "out " + opened[3:]
    assert oct((tmp_path / "store.sqlite.write-turn").stat().st_mode & 0o777) == "0o600"


def _hold(database: str, held: Any, release: Any) -> None:
    with write_turn(database, 30):
        held.set()
        release.wait(30)


def test_a_writer_gives_up_on_a_turn_held_too_long(tmp_path: Path) -> None:
    """As SQLite's own lock would: a stopped process holding the turn must not
    hang every writer for ever."""
    database = str(tmp_path / "store.sqlite")
    context = multiprocessing.get_context("fork")
    held, release = context.Event(), context.Event()
    holder = context.Process(target=_hold, args=(database, held, release))
    holder.start()
    try:
        assert held.wait(30)
        began = time.monotonic()
        with (
            pytest.raises(TurnNotGiven, match=r"within 0\.2 s"),
            write_turn(database, 0.2),
        ):
            pass
        assert time.monotonic() - began >= 0.2
    finally:
        release.set()
        holder.join(30)
    with write_turn(database, 5):  # let go: the next writer gets it
        pass


def test_a_read_model_write_that_gets_no_turn_fails_as_a_locked_database_would(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An OperationalError, which a catch-up logs and shows on the health
    check, as it does SQLite's own "database is locked"."""
    monkeypatch.setattr(read_models, "PATIENCE", 0.2)
    engine = read_models.engine_for(None, tmp_path)
    context = multiprocessing.get_context("fork")
    held, release = context.Event(), context.Event()
    holder = context.Process(target=_hold, args=(engine.url.database, held, release))
    holder.start()
    try:
        assert held.wait(30)
        with (
            pytest.raises(OperationalError, match="write turn"),
            read_models.writing(engine),
        ):
            pass
    finally:
        release.set()
        holder.join(30)
        engine.dispose()


def test_the_embedded_event_store_inserts_in_turn(tmp_path: Path) -> None:
    env = event_store_env(None, tmp_path)
    assert env["APPLICATION_RECORDER_TOPIC"].endswith(":TurnTakingRecorder")
    accounts = AccountManagement(Settings(data_dir=tmp_path))
    try:
        assert isinstance(accounts.recorder, TurnTakingRecorder)
    finally:
        accounts.close()
