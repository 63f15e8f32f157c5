"""`casebook serve`: the API under gunicorn, optionally seeded with the demo clinic."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from gunicorn.app.base import BaseApplication

from application.settings import Settings


class CasebookServer(BaseApplication):  # type: ignore[misc]
    """Gunicorn with Casebook's app factory, built once per worker process."""

    def __init__(self, settings: Settings, options: dict[str, Any]) -> None:
        self.settings = settings
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Callable[..., Any]:
        from web import create_app

        return create_app({"CASEBOOK_SETTINGS": self.settings})


def serve(settings: Settings, bind: str, workers: int, threads: int) -> None:
    CasebookServer(settings, server_options(bind, workers, threads)).run()


def server_options(bind: str, workers: int, threads: int) -> dict[str, Any]:
    return {
        "bind": bind,
        "workers": workers,
        # Threads, so that a client stalled mid-upload holds one thread, not a
        # whole worker: with sync workers, two stalled uploads held both and
        # every other request waited for gunicorn's timeout.
        "worker_class": "gthread",
        "threads": threads,
        "timeout": 30,
        "accesslog": "-",
        "access_log_format": '%(h)s "%(r)s" %(s)s %(b)s %(L)ss id=%({x-request-id}o)s',
        "graceful_timeout": 10,
        # Gunicorn's control socket is one path per user (~/.gunicorn), so a
        # second server on the machine took it from the first; nothing in
        # Casebook talks to it, and a server is stopped by its signals.
        "control_socket_disable": True,
    }
