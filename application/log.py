"""Walking an application's notification log for events of one type."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from eventsourcing.application import Application
from eventsourcing.utils import get_topic

PAGE = 500


def events_of_type(app: Application[Any], event_class: type[Any]) -> Iterator[Any]:
    """Every recorded event of `event_class`, in the order they were recorded."""
    topics, start = [get_topic(event_class)], 1
    while True:
        batch = app.recorder.select_notifications(start, PAGE, topics=topics)
        yield from (app.mapper.to_domain_event(n) for n in batch)
        if len(batch) < PAGE:
            return
        start = batch[-1].id + 1
