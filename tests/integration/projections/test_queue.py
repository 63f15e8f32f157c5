"""Writers to a SQLite database queue on a lock file beside it (projections/queue)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from application.settings import Settings
from projections import database
from projections.queue import Place, lock_file, queued

WAIT = 5.0  # seconds before a test calls a wait a deadlock


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    engine = database.engine_for(Settings(data_dir=tmp_path))
    yield engine
    engine.dispose()


def _started(action: Callable[[], None]) -> tuple[threading.Thread, threading.Event]:
    done = threading.Event()

    def run() -> None:
        action()
        done.set()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread, done


def test_a_place_waits_while_another_writer_holds_the_queue(engine: Engine) -> None:
    place = Place(str(lock_file(engine)))
    with queued(engine):
        thread, joined = _started(place.join)
        assert not joined.wait(0.2)
    assert joined.wait(WAIT)
    thread.join()
    place.leave()
    place.close()


def test_a_writer_waits_while_a_place_is_held(engine: Engine) -> None:
    place = Place(str(lock_file(engine)))
    place.join()

    def write() -> None:
        with queued(engine):
            pass

    thread, written = _started(write)
    assert not written.wait(0.2)
    place.leave()
    assert written.wait(WAIT)
    thread.join()
    place.close()


def test_a_thread_already_in_the_queue_joins_at_once(engine: Engine) -> None:
    place = Place(str(lock_file(engine)))

    def nested() -> None:
        with queued(engine):
            place.join()
            place.leave()

    thread, done = _started(nested)
    assert done.wait(WAIT)  # no wait on itself
    thread.join()
    place.close()


def test_only_a_sqlite_file_has_a_queue(tmp_path: Path) -> None:
    engine = database.engine_for(Settings(data_dir=tmp_path))
    assert lock_file(engine) == f"{engine.url.database}.lock"
    engine.dispose()
    postgres = database.engine_for(
        Settings(data_dir=tmp_path, database_url="postgresql+psycopg://h/db")
    )
    assert lock_file(postgres) is None
    postgres.dispose()
