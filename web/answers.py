"""Answers as their schema dumps them, kept by what they were made from."""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import Any

from flask import Response, current_app
from marshmallow import Schema

KEPT = 1024
"""Answers a process keeps (a plan's is about 5 KB); the oldest goes first."""


class Answers:
    """JSON bodies dumped by one schema, each kept under a key that determines
    everything the dump was made from, so that the same key always stands for
    the same body (e.g. a read-model row's seal). Whoever asks has checked what
    the key stands for: a key says nothing about who may read the body."""

    def __init__(self, schema: Schema, kept: int = KEPT) -> None:
        self.schema = schema
        self.kept = kept
        self._bodies: dict[Hashable, bytes] = {}
        self._lock = threading.Lock()

    def response(self, key: Hashable, data: Callable[[], Any]) -> Response:
        """The body kept under `key`, or `data()` dumped by the schema and kept."""
        body = self._bodies.get(key)
        if body is not None:
            return current_app.response_class(body, mimetype=current_app.json.mimetype)
        response = current_app.json.response(self.schema.dump(data()))
        with self._lock:
            if len(self._bodies) >= self.kept:
                del self._bodies[next(iter(self._bodies))]
            self._bodies[key] = response.get_data()
        return response
