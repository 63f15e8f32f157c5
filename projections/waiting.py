"""Read-your-writes with the projector apart: a write waits, boundedly, for the
read models to reach it, and the waits are counted for the health check."""

from __future__ import annotations

import logging
import statistics
import threading
import time
from collections import deque
from dataclasses import dataclass

from sqlalchemy import Engine, func, select
from sqlalchemy.exc import SQLAlchemyError

from adapters.notices import Listener
from projections import positions

logger = logging.getLogger("casebook.projections")

POLL_SECONDS = 0.005
"""How often a waiting write looks at the position without a notice (SQLite)."""
LOOK_AGAIN_SECONDS = 0.25
"""On PostgreSQL, how long a write trusts the notices before looking itself."""
RECENT = 1000
"""How many of the last waits the figures are taken from."""


@dataclass(frozen=True)
class WaitFigures:
    waits: int
    """Writes that waited, since the process started."""
    timeouts: int
    """Of those, writes answered before the read models reached them."""
    p50_ms: float | None
    p99_ms: float | None
    max_ms: float | None
    """Over the last waits (up to RECENT)."""


class ProjectionWait:
    """Waits until the read models of `engine` include a notification id.

    On PostgreSQL the projector announces each batch (`positions.PROJECTED`)
    and a listener thread wakes the waiting writes; on SQLite they look at the
    position every POLL_SECONDS."""

    def __init__(self, engine: Engine, name: str, bound: float) -> None:
        self.engine = engine
        self.name = name
        self.bound = bound
        self._reached = 0
        self._moved = threading.Condition()
        self._recent: deque[float] = deque(maxlen=RECENT)
        self._waits = 0
        self._timeouts = 0
        self._listener: Listener | None = None
        self._schema = ""
        if engine.dialect.name == "postgresql":
            with engine.connect() as connection:
                schema = connection.execute(select(func.current_schema())).scalar()
            self._schema = str(schema)
            self._listener = Listener(engine, positions.PROJECTED, self._notice)
            self._listener.start()

    def until(self, notification_id: int) -> bool:
        """Wait until the read models include `notification_id`, at most
        `bound` seconds; whether they do."""
        if self._reached >= notification_id:
            return True
        started = time.monotonic()
        deadline = started + self.bound
        slice_ = POLL_SECONDS if self._listener is None else LOOK_AGAIN_SECONDS
        reached = self._reached
        while reached < notification_id and (left := deadline - time.monotonic()) > 0:
            with self._moved:
                woken = self._reached >= notification_id or self._moved.wait(
                    min(slice_, left)
                )
                reached = self._reached
            if not woken and reached < notification_id:
                reached = self._look()  # no notice in time: look for ourselves
        self._count(time.monotonic() - started, reached >= notification_id)
        return reached >= notification_id

    def figures(self) -> WaitFigures:
        with self._moved:
            recent = sorted(self._recent)
            waits, timeouts = self._waits, self._timeouts
        if not recent:
            return WaitFigures(waits, timeouts, None, None, None)
        p99 = recent[min(len(recent) - 1, int(0.99 * len(recent)))]
        return WaitFigures(
            waits, timeouts, _ms(statistics.median(recent)), _ms(p99), _ms(recent[-1])
        )

    def close(self) -> None:
        if self._listener is not None:
            self._listener.stop()

    def _notice(self, notice: str) -> None:
        """A position announced (or, for "", one to look up)."""
        announced = positions.announced(notice, self._schema, self.name)
        if announced is not None:
            self._reach(announced)
        elif not notice:
            self._look()

    def _look(self) -> int:
        """Read the stored position, and wake the writes it lets through (a
        write whose read models do not answer is recorded all the same: it
        waits its bound, and the health check says why)."""
        try:
            with self.engine.connect() as connection:
                return self._reach(positions.read(connection, self.name))
        except SQLAlchemyError as error:
            logger.warning("the read models' position could not be read: %s", error)
            return self._reached

    def _reach(self, reached: int) -> int:
        with self._moved:
            if reached > self._reached:
                self._reached = reached
                self._moved.notify_all()
            return self._reached

    def _count(self, seconds: float, reached: bool) -> None:
        with self._moved:
            self._waits += 1
            self._timeouts += not reached
            self._recent.append(seconds)


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 2)
