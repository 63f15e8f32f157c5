"""Who is acting and for which request: the envelope every recorded event carries."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from domain.exceptions import CasebookError
from domain.vocabulary import Role


@dataclass(frozen=True)
class Actor:
    actor_id: str
    role: Role


@dataclass(frozen=True)
class Envelope:
    actor: Actor
    correlation_id: str


class NoActor(CasebookError):
    """An event was about to be recorded without anyone answerable for it."""

    rule = "actor-required"

    def __init__(self) -> None:
        super().__init__("no actor is set: every change must say who makes it")


_current: ContextVar[Envelope | None] = ContextVar("casebook_envelope", default=None)


@contextmanager
def acting(actor: Actor, correlation_id: str) -> Iterator[Envelope]:
    """Record every event made inside this block as done by `actor`."""
    envelope = Envelope(actor, correlation_id)
    token = _current.set(envelope)
    try:
        yield envelope
    finally:
        _current.reset(token)


def current_envelope() -> Envelope:
    envelope = _current.get()
    if envelope is None:
        raise NoActor()
    return envelope


def current_actor_id() -> str:
    return current_envelope().actor.actor_id


def current_actor_role() -> str:
    return current_envelope().actor.role.value


def current_correlation_id() -> str:
    return current_envelope().correlation_id
