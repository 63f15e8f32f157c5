"""`casebook project --follow|--rebuild`: the read-model projector as a process."""

from __future__ import annotations

import argparse
import signal
import sys
import threading
import time
from types import FrameType
from typing import TextIO

from adapters.notices import log_listener
from application.settings import Settings
from bootstrap import build_projector
from projections.projector import Projector
from projections.runner import follow

BAR_WIDTH = 30
REPORT_SECONDS = 5.0


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    project = commands.add_parser(
        "project", help="follow the event log into the read models, or rebuild them"
    )
    mode = project.add_mutually_exclusive_group(required=True)
    mode.add_argument(
        "--follow",
        action="store_true",
        help="keep the read models up to date until SIGTERM or Ctrl-C",
    )
    mode.add_argument(
        "--rebuild",
        action="store_true",
        help="drop the read models and rebuild them from the whole event log",
    )
    project.add_argument(
        "--poll",
        type=float,
        default=1.0,
        help="seconds between looks at the log when following (default 1)",
    )


def run(settings: Settings, args: argparse.Namespace) -> int:
    projector = build_projector(settings)
    if args.rebuild:
        return _rebuild(projector, sys.stderr)
    return _follow(projector, args.poll)


def _rebuild(projector: Projector, out: TextIO) -> int:
    bar = ProgressBar(out)
    started = time.perf_counter()
    projector.setup()
    events = projector.rebuild(bar.show)
    bar.finish()
    seconds = time.perf_counter() - started
    rate = events / seconds if seconds > 0 else 0.0
    print(
        f"rebuilt the read models: {events} events in {seconds:.2f} s "
        f"({rate:,.0f} events/s)"
    )
    return 0


def _follow(projector: Projector, poll: float) -> int:
    if poll <= 0:
        print("casebook: error: --poll must be more than 0 seconds", file=sys.stderr)
        return 2
    stop, wake = threading.Event(), threading.Event()

    def request_stop(signum: int, _frame: FrameType | None) -> None:
        print(f"stopping on {signal.Signals(signum).name}", flush=True)
        stop.set()
        wake.set()

    signal.signal(signal.SIGTERM, request_stop)
    signal.signal(signal.SIGINT, request_stop)
    projector.setup()
    print(f"following the event log from position {projector.position()}", flush=True)
    listener = log_listener(projector.engine, projector.source.recorder,
                            lambda _notice: wake.set())  # fmt: skip
    if listener is not None:
        print("woken by each write (LISTEN), and polling as well", flush=True)
    line = FollowerLog(projector)
    try:
        done = follow(projector, stop, poll, on_batch=line.batch, wake=wake,
                      on_idle=line.idle)  # fmt: skip
    finally:
        if listener is not None:
            listener.stop()
    print(f"stopped at position {projector.position()} after {done} events", flush=True)
    return 0


class FollowerLog:
    """A line at most every REPORT_SECONDS while the log is busy (a busy
    follower commits many small batches a second), and one when it goes quiet
    (with the position reached, whoever moved it last)."""

    def __init__(self, projector: Projector) -> None:
        self.projector = projector
        self.shown_at = 0.0
        self.shown_done = self.done = self.shown_position = 0

    def batch(self, position: int, done: int) -> None:
        self.done = done
        if time.monotonic() - self.shown_at >= REPORT_SECONDS:
            self.show(position)

    def idle(self) -> None:
        position = self.projector.position()
        if position != self.shown_position:
            self.show(position)

    def show(self, position: int) -> None:
        print(f"projected up to {position} ({self.done - self.shown_done} events "
              "since the last line)", flush=True)  # fmt: skip
        self.shown_at, self.shown_done = time.monotonic(), self.done
        self.shown_position = position


class ProgressBar:
    """A one-line bar on a terminal; a line every tenth of the way otherwise.
    One bar for each thing counted (events read, then cases written)."""

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.counting = ""
        self.started = time.perf_counter()
        self.tenths_shown = -1

    def show(self, what: str, reached: int, total: int) -> None:
        if what != self.counting:
            if self.counting:
                self.finish()
            self.counting, self.tenths_shown = what, -1
            self.started = time.perf_counter()
        share = reached / total if total else 1.0
        elapsed = time.perf_counter() - self.started
        rate = reached / elapsed if elapsed > 0 else 0.0
        filled = int(share * BAR_WIDTH)
        text = (
            f"[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] "
            f"{reached}/{total} {what}, {rate:,.0f}/s"
        )
        if self.out.isatty():
            self.out.write("\r" + text)
        elif int(share * 10) > self.tenths_shown:
            self.tenths_shown = int(share * 10)
            self.out.write(text + "\n")
        self.out.flush()

    def finish(self) -> None:
        if self.out.isatty():
            self.out.write("\n")
            self.out.flush()
