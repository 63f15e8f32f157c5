"""Review-room sessions, kept on the server: the browser holds only a random
token, so that signing out, an idle timeout or a re-enrollment ends a session
for good (a signed cookie alone would stay valid until it expired)."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import partial

from sqlalchemy import Column, Engine, MetaData, String, Table, insert, select, update
from sqlalchemy.engine import Connection

from adapters.database import writing
from projections.schema import UtcDateTime, create_tables

session_metadata = MetaData()

web_sessions = Table(
    "web_sessions",
    session_metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("user_id", String(64), nullable=False, index=True),
    Column("started_at", UtcDateTime, nullable=False),
    Column("last_seen_at", UtcDateTime, nullable=False),
    Column("ended_at", UtcDateTime, nullable=True),
    Column("end_reason", String(32), nullable=True),
)


@dataclass(frozen=True)
class Resumed:
    """Whose session a token is (None: no session's), and why it is over, if it is."""

    user_id: str | None
    ended: str | None = None
    just_ended: bool = False
    """Ended by this very check (idle): to be put on the record once."""

    @property
    def live(self) -> bool:
        return self.user_id is not None and self.ended is None


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class Sessions:
    def __init__(
        self,
        engine: Engine,
        idle: timedelta,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self.engine = engine
        self.idle = idle
        self.clock = clock or partial(datetime.now, UTC)
        """Tells idleness; tests move it instead of waiting."""
        create_tables(engine, session_metadata)

    def start(self, user_id: str) -> str:
        """A new session for `user_id`; its token goes in the cookie only."""
        token = secrets.token_urlsafe(32)
        now = self.clock()
        row = {"token_hash": _hash(token), "user_id": user_id, "started_at": now,
               "last_seen_at": now}  # fmt: skip
        with writing(self.engine) as connection:
            connection.execute(insert(web_sessions), row)
        return token

    def resume(self, token: str) -> Resumed:
        """The session's user, its idle clock restarted; a session idle too
        long is ended here."""
        key = _hash(token)
        now = self.clock()
        with writing(self.engine) as connection:
            found = connection.execute(
                select(web_sessions).where(web_sessions.c.token_hash == key)
            ).first()
            if found is None:
                return Resumed(None, "unknown")
            if found.ended_at is not None:
                return Resumed(found.user_id, found.end_reason)
            if now - found.last_seen_at > self.idle:
                self._end(connection, key, now, "idle")
                return Resumed(found.user_id, "idle", just_ended=True)
            connection.execute(
                update(web_sessions)
                .where(web_sessions.c.token_hash == key)
                .values(last_seen_at=now)
            )
        return Resumed(found.user_id)

    def end(self, token: str, reason: str) -> None:
        with writing(self.engine) as connection:
            self._end(connection, _hash(token), self.clock(), reason)

    @staticmethod
    def _end(connection: Connection, key: str, now: datetime, reason: str) -> None:
        connection.execute(
            update(web_sessions)
            .where(web_sessions.c.token_hash == key, web_sessions.c.ended_at.is_(None))
            .values(ended_at=now, end_reason=reason)
        )
