"""Running the projector: catch up once, or follow the log until told to stop."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Mapping
from uuid import UUID

from eventsourcing.persistence import OperationalError as StoreUnavailable
from sqlalchemy.exc import OperationalError as ReadModelsUnavailable

from domain.case import Case
from projections.projector import Projector

logger = logging.getLogger(__name__)

OnBatch = Callable[[int, int], None]
"""Called after each committed batch with (position reached, events so far)."""


def catch_up(
    projector: Projector,
    *,
    in_hand: Mapping[UUID, Case] | None = None,
    on_batch: OnBatch | None = None,
    stop: threading.Event | None = None,
) -> int:
    """Apply everything after the stored position; return how many events."""
    done = 0
    while stop is None or not stop.is_set():
        batch = projector.advance(in_hand)
        in_hand = None
        if not batch.applied:
            break
        done += batch.applied
        if on_batch is not None:
            on_batch(batch.position, done)
        if batch.applied < projector.batch_size:
            break
    return done


def follow(
    projector: Projector,
    stop: threading.Event,
    poll_interval: float = 1.0,
    *,
    on_batch: OnBatch | None = None,
    wake: threading.Event | None = None,
    on_idle: Callable[[], None] | None = None,
) -> int:
    """Catch up, then again whenever `wake` is set (or every `poll_interval`
    seconds) until `stop` is set; a database that does not answer is waited
    for, and said so in the log. Whoever sets `stop` sets `wake` too.
    `on_idle` is called after each `poll_interval` without a wake-up."""
    done = 0
    while not stop.is_set():
        if wake is not None:
            wake.clear()  # a write during the catch-up wakes the next one
        try:
            done += catch_up(projector, on_batch=on_batch, stop=stop)
            woken = (stop if wake is None else wake).wait(poll_interval)
            if not woken and on_idle is not None:
                on_idle()
        except (StoreUnavailable, ReadModelsUnavailable) as error:
            logger.warning("projections paused: %s; retrying", error)
            stop.wait(poll_interval)
    return done
