"""Work in a forked child: its results in order, its failures told, no child left."""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from itertools import count

import pytest

from projections.forking import ChildFailed, forked
from tests.processes import no_child_left

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork here")


def test_what_the_child_yields_comes_back_in_order_from_another_process() -> None:
    def work() -> Iterator[tuple[int, int]]:
        for n in range(1000):
            yield os.getpid(), n

    with no_child_left(), forked(work) as parts:
        received = list(parts)
    assert [n for _, n in received] == list(range(1000))
    assert os.getpid() not in {pid for pid, _ in received}


def test_parts_larger_than_a_pipe_holds_come_through_whole() -> None:
    def work() -> Iterator[bytes]:
        for n in range(64):
            yield bytes([n]) * 100_000

    with forked(work) as parts:
        received = list(parts)
    assert [part[0] for part in received] == list(range(64))


def test_what_the_child_raises_is_told_with_its_traceback() -> None:
    def work() -> Iterator[int]:
        yield 1
        raise ValueError("the log could not be read")

    with no_child_left(), forked(work) as parts:
        assert next(parts) == 1
        with pytest.raises(ChildFailed) as failed:
            next(parts)
    assert "ValueError: the log could not be read" in str(failed.value)
    assert "Traceback" in str(failed.value)


def test_a_child_killed_before_it_finished_is_told() -> None:
    def work() -> Iterator[int]:
        yield 1
        os.kill(os.getpid(), signal.SIGKILL)
        yield 2

    ended = pytest.raises(ChildFailed, match="ended before")
    with no_child_left(), forked(work) as parts, ended:
        list(parts)


def test_a_parent_that_stops_reading_ends_the_child() -> None:
    def work() -> Iterator[int]:
        yield from count()  # never ends by itself

    with no_child_left(), forked(work) as parts:
        assert [next(parts) for _ in range(3)] == [0, 1, 2]
