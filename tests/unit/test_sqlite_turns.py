"""Writers to one SQLite file take turns: never two at once, across threads
and processes, a forked child included."""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from pathlib import Path

from adapters.event_store import event_store_env
from adapters.sqlite_turns import TurnTakingRecorder, write_turn
from application.accounts import AccountManagement
from application.settings import Settings


def _take_turns(database: str, journal: str, times: int) -> None:
    """Hold the turn `times` times, writing who holds it and when it ends."""

    def hold() -> None:
        for _ in range(times):
            with write_turn(database):
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
    with write_turn(database):  # the parent holds a turn before it forks
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


def test_the_embedded_event_store_inserts_in_turn(tmp_path: Path) -> None:
    env = event_store_env(None, tmp_path)
    assert env["APPLICATION_RECORDER_TOPIC"].endswith(":TurnTakingRecorder")
    accounts = AccountManagement(Settings(data_dir=tmp_path))
    try:
        assert isinstance(accounts.recorder, TurnTakingRecorder)
    finally:
        accounts.close()
