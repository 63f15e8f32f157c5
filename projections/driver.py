"""The driver connection the hottest statements run on: every plan read's
lookup, and the access-log row it appends.

Checking a connection out of SQLAlchemy's pool and back in cost each of them
about as much as the statement itself (10 us of 20). On SQLite each Driver
(the read models' lookups have one, the access log another, so that a read
never waits behind a write) holds a connection instead, in autocommit as every
pooled one is: each statement is its own transaction, so nothing stays open
between them, and a read sees the latest commit of any process; a write first
queues with the other writers (`queue`). Elsewhere each statement checks a
connection out: PostgreSQL's driver opens a transaction that only returning
the connection ends.
"""

from __future__ import annotations

import threading
from typing import Any

from sqlalchemy import Engine, event

from application.per_process import PerProcess
from projections.queue import Place, lock_file, sqlite_file


class Driver:
    """Runs one statement at a time on the engine's database."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.holds = sqlite_file(engine) is not None
        self._lock = threading.Lock()
        # The pool's connection, checked out for good (closed, not returned).
        self._held = PerProcess(engine.raw_connection, _closed_for_good)
        queue = lock_file(engine)
        self._place = Place(queue) if queue else None  # in the writers' queue
        if self.holds:
            event.listen(engine, "engine_disposed", self._release)

    def fetch_one(self, sql: str, parameters: tuple[Any, ...]) -> Any:
        """The first row the query finds, or None."""
        if self.holds:
            with self._lock:
                connection = self._held.get().driver_connection
                return connection.execute(sql, parameters).fetchone()
        connection = self.engine.raw_connection()
        try:
            cursor = connection.cursor()
            cursor.execute(sql, parameters)
            row = cursor.fetchone()
            cursor.close()
        finally:
            connection.close()
        return row

    def commit_one(self, sql: str, parameters: tuple[Any, ...]) -> None:
        """Run the statement and commit it before returning."""
        if self.holds:
            with self._lock:  # in autocommit: committed once it has run
                connection = self._held.get().driver_connection
                if self._place is not None:
                    self._place.join()
                try:
                    connection.execute(sql, parameters)
                finally:
                    if self._place is not None:
                        self._place.leave()
            return
        connection = self.engine.raw_connection()
        try:
            cursor = connection.cursor()
            cursor.execute(sql, parameters)
            cursor.close()
            connection.commit()
        finally:
            connection.close()

    def _release(self, _engine: Engine) -> None:
        """Close the held connection with the engine's pool (`dispose`)."""
        with self._lock:
            self._held.close()
            if self._place is not None:
                self._place.close()


def _closed_for_good(connection: Any) -> None:
    connection.detach()  # closed, not returned to the old pool
    connection.close()
