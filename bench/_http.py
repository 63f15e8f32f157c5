"""Shared by the HTTP benchmarks: start servers, drive load, summarise latencies."""

from __future__ import annotations

import http.client
import json
import multiprocessing
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

Request = tuple[str, str, dict[str, str], bytes | None]
"""method, path, headers, body"""
Maker = Callable[[int, int], Request]
"""make(client, i): the i-th request of a client."""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def gunicorn(app_spec: str, env: dict[str, str], workers: int) -> Iterator[int]:
    """A gunicorn server for `module:factory()` on a free port, stopped afterwards."""
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--log-level",
            "warning",
            app_spec,
        ],
        cwd=ROOT,
        env={**os.environ, **env, "PYTHONPATH": str(ROOT)},
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError(f"{app_spec} did not start") from None
                time.sleep(0.1)
        yield port
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)


def call(port: int, request: Request) -> tuple[int, dict[str, str], bytes]:
    method, path, headers, body = request
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


@dataclass(frozen=True)
class Load:
    requests: int
    seconds: float
    latencies: list[float]
    failures: int

    @property
    def rate(self) -> float:
        return self.requests / self.seconds

    def percentile(self, p: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))] * 1000


_make: Maker | None = None
"""The request maker, inherited by forked client processes (lambdas do not pickle)."""


def _client(args: tuple[int, int, int]) -> tuple[list[float], int]:
    port, client, count = args
    make = _make
    assert make is not None
    latencies, failures = [], 0
    for i in range(count):
        request = make(client, i)
        start = time.perf_counter()
        status, _, _ = call(port, request)
        latencies.append(time.perf_counter() - start)
        if status >= 400:
            failures += 1
    return latencies, failures


def drive(port: int, make: Maker, clients: int, per_client: int) -> Load:
    """`clients` processes each send `per_client` requests made by make(client, i)."""
    global _make
    _make = make
    with multiprocessing.get_context("fork").Pool(clients) as pool:
        start = time.perf_counter()
        results = pool.map(_client, [(port, c, per_client) for c in range(clients)])
        seconds = time.perf_counter() - start
    latencies = [t for result in results for t in result[0]]
    return Load(len(latencies), seconds, latencies, sum(r[1] for r in results))


@dataclass(frozen=True)
class Contender:
    """One side of a comparison: a running server and the requests it gets."""

    name: str
    port: int
    make: Maker


def alternate(
    contenders: list[Contender], clients: int, per_client: int, rounds: int
) -> dict[str, Load]:
    """Drive the contenders in turn, `rounds` times, each round with its share of
    `per_client` requests a client; the order flips each round. A shared
    machine's speed drifts over a run: loads taken one after the other, each
    in one go, had ratios from 0.34 to 0.51 in three runs of the same code.
    make(client, i) numbers each client's requests on, across rounds."""
    share = per_client // rounds
    taken: dict[str, list[Load]] = {c.name: [] for c in contenders}
    for turn in range(rounds):
        order = contenders if turn % 2 == 0 else contenders[::-1]
        for contender in order:
            make = _numbered_on(contender.make, turn * share)
            taken[contender.name].append(drive(contender.port, make, clients, share))
    return {name: merged(loads) for name, loads in taken.items()}


def _numbered_on(make: Maker, offset: int) -> Maker:
    return lambda client, i: make(client, offset + i)


def merged(loads: list[Load]) -> Load:
    return Load(
        sum(load.requests for load in loads),
        sum(load.seconds for load in loads),
        [t for load in loads for t in load.latencies],
        sum(load.failures for load in loads),
    )


def row(name: str, load: Load) -> str:
    return (
        f"{name:<34} {load.requests:>7} {load.rate:>10.0f} "
        f"{load.percentile(50):>8.2f} {load.percentile(99):>8.2f} {load.failures:>6}"
    )


HEADER = (
    f"{'run':<34} {'reqs':>7} {'req/s':>10} {'p50 ms':>8} {'p99 ms':>8} {'fails':>6}"
)


def median(values: list[float]) -> float:
    return statistics.median(values)


def as_json(body: bytes) -> Any:
    return json.loads(body)
