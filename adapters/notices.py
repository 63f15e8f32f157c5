"""PostgreSQL's LISTEN/NOTIFY as a wake-up call: a thread that listens on a
channel and calls back with each notice's payload (and with "" after each
(re)connection: whatever was announced meanwhile was missed, so look)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

import psycopg
from eventsourcing.postgres import PostgresApplicationRecorder
from psycopg.sql import SQL, Identifier
from sqlalchemy import Engine

logger = logging.getLogger("casebook.notices")

RETRY_SECONDS = 1.0
"""How long the listener waits before connecting again after losing PostgreSQL."""


class Listener:
    """Calls `on_notice` with the payload of every NOTIFY on `channel` in
    `engine`'s database, and with "" after each (re)connection."""

    def __init__(
        self, engine: Engine, channel: str, on_notice: Callable[[str], object]
    ):
        self.conninfo = engine.url.set(drivername="postgresql").render_as_string(
            hide_password=False
        )
        self.channel = channel
        self.on_notice = on_notice
        self._stopped = threading.Event()
        self._thread = threading.Thread(
            target=self._run, name=f"listen-{channel}", daemon=True
        )

    def start(self) -> Listener:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopped.set()
        self._thread.join(timeout=5)

    def _run(self) -> None:
        while not self._stopped.is_set():
            try:
                self._listen()
            except psycopg.Error as error:
                logger.warning("listening on %s: %s; retrying", self.channel, error)
                self._stopped.wait(RETRY_SECONDS)

    def _listen(self) -> None:
        with psycopg.connect(self.conninfo, autocommit=True) as connection:
            connection.execute(SQL("LISTEN {0}").format(Identifier(self.channel)))
            self.on_notice("")
            while not self._stopped.is_set():
                for notice in connection.notifies(timeout=0.5):
                    self.on_notice(notice.payload)


def log_listener(
    engine: Engine, recorder: object, on_notice: Callable[[str], object]
) -> Listener | None:
    """A listener started on the channel the event store announces each insert
    on (PostgreSQL); None where there is none (SQLite)."""
    if isinstance(recorder, PostgresApplicationRecorder):
        return Listener(engine, recorder.channel_name, on_notice).start()
    return None
