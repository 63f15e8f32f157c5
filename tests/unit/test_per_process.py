"""A resource held per process: opened once, opened anew in a forked child,
closed only by the process that opened it."""

from __future__ import annotations

import os

import pytest

from application.per_process import PerProcess
from projections.forking import forked


def holder() -> tuple[PerProcess[int], list[int], list[int]]:
    opened: list[int] = []
    closed: list[int] = []

    def open_() -> int:
        opened.append(len(opened) + 1)
        return opened[-1]

    return PerProcess(open_, closed.append), opened, closed


def test_a_process_opens_it_once_and_closes_what_it_opened() -> None:
    held, opened, closed = holder()
    assert held.get() == held.get() == 1
    held.close()
    assert (opened, closed) == ([1], [1])
    assert held.get() == 2  # opened again after a close


@pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork here")
def test_a_forked_child_opens_its_own_and_never_closes_the_parents() -> None:
    held, _, closed = holder()
    assert held.get() == 1

    def child() -> list[tuple[int, list[int]]]:
        first = held.get()  # not the parent's
        held.close()
        return [(first, list(closed))]

    with forked(child) as parts:
        [(childs, closed_in_child)] = list(parts)
    assert childs == 2 and closed_in_child == [2]
    assert held.get() == 1 and closed == []  # the parent's, untouched
