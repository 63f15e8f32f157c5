"""`casebook serve --demo` in a subprocess, as the end-to-end tests start it."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass
class DemoServer:
    base: str
    started: list[str]
    """What it printed before serving: the demo users, tokens and secrets."""
    log: list[str] = field(default_factory=list)
    """What it printed since (the access log), as it comes."""
    exit_code: int | None = None


@contextmanager
def demo_server(data_dir: Path, workers: int = 1) -> Iterator[DemoServer]:
    """The demo clinic served on a free port until the block ends, stopped
    with SIGTERM as an operator would; its output is drained all along (a
    full pipe would block the server)."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "cli.main", "serve", "--demo", "--data-dir",
         str(data_dir), "--bind", f"127.0.0.1:{port}", "--workers", str(workers)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )  # fmt: skip
    assert process.stdout is not None
    started = []
    for line in process.stdout:
        started.append(line)
        if line.startswith("Casebook API on"):
            break
    server = DemoServer(f"http://127.0.0.1:{port}", started)
    drain = threading.Thread(
        target=lambda: server.log.extend(process.stdout or []), daemon=True
    )
    drain.start()
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(server.base + "/api/health", timeout=2).close()
            break
        except OSError:
            running = process.poll() is None and time.monotonic() < deadline
            assert running, "the server did not start:\n" + "".join(started[-40:])
            time.sleep(0.2)
    try:
        yield server
    finally:
        process.send_signal(signal.SIGTERM)
        server.exit_code = process.wait(timeout=30)
        drain.join(timeout=10)
        process.stdout.close()


def tokens(started: list[str]) -> dict[str, str]:
    """Each demo user's API token, as the server printed them."""
    return {
        parts[0]: parts[1]
        for parts in (line.split() for line in started)
        if len(parts) == 2 and parts[1].startswith("cbk.")
    }
