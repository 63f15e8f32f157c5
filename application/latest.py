"""The latest version of an aggregate in the event store, in one indexed query.

An aggregate kept in memory is current while the store holds no later version
of it. eventsourcing's own read on SQLite (`select_events`, what the
repository's fast-forward runs) takes a pooled connection under locks and wraps
its one SELECT in BEGIN and ROLLBACK: about 30 us, against 4 us for the SELECT
alone, and authentication asks on every request.
"""

from __future__ import annotations

import sqlite3
import threading
from typing import Any
from uuid import UUID

from eventsourcing.sqlite import SQLiteAggregateRecorder

from application.per_process import PerProcess


def latest_versions(recorder: Any) -> SQLiteLatestVersion | None:
    """How to ask the recorder's store, or None where the repository's own
    read is as lean: on PostgreSQL it is one prepared statement already."""
    if not isinstance(recorder, SQLiteAggregateRecorder):
        return None
    pool = recorder.datastore.pool
    if pool.is_sqlite_memory_mode:
        return None  # a private in-memory database has no second connection
    return SQLiteLatestVersion(pool.db_name, recorder.events_table_name)


class SQLiteLatestVersion:
    """One connection of its own, in autocommit: each SELECT reads the latest
    commit of any process (WAL mode) without a transaction around it."""

    def __init__(self, db_name: str, table: str) -> None:
        self.db_name = db_name
        self.sql = (
            f"SELECT MAX(originator_version) FROM {table} WHERE originator_id = ?"
        )
        self._lock = threading.Lock()
        self._connection = PerProcess(self._connect, sqlite3.Connection.close)

    def __call__(self, originator_id: UUID) -> int | None:
        """The aggregate's latest stored version, or None if it has no events."""
        # Stored as eventsourcing's SQLite recorder stores a UUID: its hex.
        with self._lock:
            found = self._connection.get().execute(self.sql, (originator_id.hex,))
            latest: int | None = found.fetchone()[0]  # no rows: one row, of NULL
        return latest

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(
            self.db_name, uri=True, isolation_level=None, check_same_thread=False
        )

    def close(self) -> None:
        with self._lock:
            self._connection.close()
