"""Shared by the HTTP benchmarks: start servers, drive load, summarise latencies."""

from __future__ import annotations

import http.client
import multiprocessing
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
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
def gunicorn(
    app_spec: str,
    env: dict[str, str],
    workers: int,
    options: Sequence[str] = (),
    root: Path = ROOT,
) -> Iterator[int]:
    """A gunicorn server for `module:factory()` on a free port, once every
    worker has built its app, stopped afterwards; `options` are more of
    gunicorn's (e.g. `--threads 4`); `root` is the checkout it serves. Workers
    on PostgreSQL build theirs one at a time (a startup lock), 2-3 s each
    here: a load started when the port opened ran its first seconds on fewer
    workers than it named."""
    port = free_port()
    with tempfile.TemporaryDirectory() as ready:
        hook = Path(ready) / "ready.py"
        hook.write_text(
            "import pathlib\n\n\ndef post_worker_init(worker):\n"
            f"    (pathlib.Path({ready!r}) / str(worker.pid)).touch()\n"
        )
        # fmt: off
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}",
             "--workers", str(workers), "--log-level", "warning",
             "--config", str(hook), *options, app_spec],
            cwd=root, env={**os.environ, **env, "PYTHONPATH": str(root)},
        )
        # fmt: on
        try:
            deadline = time.monotonic() + 120
            while len(list(Path(ready).glob("[0-9]*"))) < workers:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError(f"{app_spec} did not start")
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
_start: Any = None
"""A barrier the clients pass together, inherited the same way."""


def _client(args: tuple[int, int, int]) -> tuple[list[float], int, float, float]:
    port, client, count = args
    make = _make
    assert make is not None
    latencies, failures = [], 0
    _start.wait()  # every client in its own process, all starting at once
    began = time.perf_counter()  # CLOCK_MONOTONIC: comparable across processes
    for i in range(count):
        request = make(client, i)
        start = time.perf_counter()
        status, _, _ = call(port, request)
        latencies.append(time.perf_counter() - start)
        if status >= 400:
            failures += 1
    return latencies, failures, began, time.perf_counter()


def drive(port: int, make: Maker, clients: int, per_client: int) -> Load:
    """`clients` processes each send `per_client` requests made by make(client, i),
    timed from when they all start to when the last one ends (not the pool's
    start-up: with short loads, a client whose process came up late ran after
    another instead of beside it)."""
    global _make, _start
    context = multiprocessing.get_context("fork")
    _make, _start = make, context.Barrier(clients)
    with context.Pool(clients) as pool:
        results = pool.map(_client, [(port, c, per_client) for c in range(clients)])
    seconds = max(r[3] for r in results) - min(r[2] for r in results)
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
) -> dict[str, list[Load]]:
    """Each contender's load in each of `rounds` rounds, which drive the
    contenders in turn, with their share of `per_client` requests a client;
    the order flips each round. A shared machine's speed drifts over a run:
    loads taken one after the other, each in one go, had ratios from 0.34 to
    0.51 in three runs of the same code. Before each round the kernel writes
    back what earlier rounds left dirty, so that no round pays for the writes
    of another. make(client, i) numbers each client's requests on, across
    rounds."""
    share = per_client // rounds
    taken: dict[str, list[Load]] = {c.name: [] for c in contenders}
    for turn in range(rounds):
        order = contenders if turn % 2 == 0 else contenders[::-1]
        for contender in order:
            make = _numbered_on(contender.make, turn * share)
            os.sync()
            taken[contender.name].append(drive(contender.port, make, clients, share))
    return taken


def paired_ratio(loads: list[Load], baselines: list[Load]) -> tuple[float, list[float]]:
    """The median of each round's ratio of rates, and those ratios: a round
    compares two loads taken side by side, and the median ignores a round the
    machine slowed (fsync times here vary twofold from one second to the next)."""
    ratios = [
        load.rate / base.rate for load, base in zip(loads, baselines, strict=True)
    ]
    return statistics.median(ratios), ratios


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


SERVER = ("--worker-class", "gthread", "--threads", "4")
"""How `casebook serve` runs its workers (cli/serve.py), for both sides."""


def compare(
    env: dict[str, str],
    workers: int,
    clients: int,
    per_client: int,
    rounds: int,
    baseline: tuple[str, Maker],
    casebook: tuple[str, Maker],
    target: float,
    warm_up: int = 0,
) -> None:
    """Serve the baseline app and Casebook side by side under gunicorn, drive
    them in alternating rounds (after `warm_up` requests each), and print their
    table and, last, the median of the rounds' ratios against `target`."""
    print(f"{clients} clients x {per_client} requests, {workers} workers,"
          f" in {rounds} rounds alternating which server goes first")  # fmt: skip
    print(HEADER)
    with (
        gunicorn("bench.baseline_app:create_app()", env, workers, SERVER) as base,
        gunicorn("web:create_app()", env, workers, SERVER) as served,
    ):
        contenders = [
            Contender("baseline", base, baseline[1]),
            Contender("casebook", served, casebook[1]),
        ]
        if warm_up:
            for contender in contenders:
                drive(contender.port, contender.make, clients, warm_up)
        loads = alternate(contenders, clients, per_client, rounds)
    print(row(baseline[0], merged(loads["baseline"])), flush=True)
    served_load = merged(loads["casebook"])
    print(row(casebook[0], served_load))
    if served_load.failures:
        print(f"warning: {served_load.failures} requests failed")
    ratio, ratios = paired_ratio(loads["casebook"], loads["baseline"])
    print("ratio of rates in each round: " + ", ".join(f"{r:.2f}" for r in ratios))
    print(f"ratio: {ratio:.2f} (target: >= {target})")
