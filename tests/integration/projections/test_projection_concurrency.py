"""Projectors at work at once, and concurrent writers on PostgreSQL: no event
is skipped or applied twice."""

from __future__ import annotations

import threading
from contextlib import suppress
from pathlib import Path
from uuid import UUID

import pytest
from eventsourcing.persistence import IntegrityError

from application.cases import CaseManagement
from application.settings import Settings
from bootstrap import EmbeddedCaseManagement
from domain.case import Case
from domain.envelope import acting
from projections.projector import Projector
from projections.runner import catch_up, follow
from tests.backends import settings_for
from tests.clinic import CLINICIAN, SUPERVISOR
from tests.integration.projections.logs import (
    assert_equals_rebuild,
    audited_events,
    fill,
    logged_events,
    projector_for,
)

WRITERS, CASES_EACH, ROUNDS = 4, 5, 25


def _write(app: CaseManagement, writer: int, shared: UUID, errors: list[str]) -> None:
    """Open cases and append to them, and to a case every writer contends for."""
    try:
        with acting(CLINICIAN, f"writer-{writer}"):
            cases = [Case.open(client_ref=f"w{writer}-{n}",
                               clinician_id=CLINICIAN.actor_id,
                               supervisor_ids=[SUPERVISOR.actor_id],
                               strategy="common_factors")
                     for n in range(CASES_EACH)]  # fmt: skip
            for case in cases:
                app.save(case)
            for round_ in range(ROUNDS):
                for case in cases:
                    case.measure_alliance("srs", 30 + round_ % 10, "2026-03-01")
                    app.save(case)
                contended = app.repository.get(shared)
                contended.request_review(1)
                with suppress(IntegrityError):  # another writer got there first
                    app.save(contended)
    except Exception as error:  # pragma: no cover - reported by the test
        errors.append(repr(error))
    finally:
        app.close()


def _follow(projector: Projector, stop: threading.Event, errors: list[str]) -> None:
    try:
        follow(projector, stop, 0.005)
    except Exception as error:  # pragma: no cover - reported by the test
        errors.append(repr(error))


def _catch_up(projector: Projector, applied: list[int], errors: list[str]) -> None:
    try:
        applied.append(catch_up(projector))
    except Exception as error:  # pragma: no cover - reported by the test
        errors.append(repr(error))


def test_two_projectors_catching_up_at_once_end_as_a_rebuild(
    settings: Settings,
) -> None:
    app = CaseManagement(settings)
    fill(app, cases=4, rounds=30)
    first = projector_for(app, batch_size=5)
    second = Projector(app, first.engine, batch_size=3)
    applied: list[int] = []
    errors: list[str] = []
    threads = [
        threading.Thread(target=_catch_up, args=(p, applied, errors))
        for p in (first, second)
    ]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert errors == []
        assert sum(applied) == first.position() == app.recorder.max_notification_id()
        assert audited_events(first.engine) == logged_events(app)
        assert_equals_rebuild(first)
    finally:
        first.engine.dispose()
        app.close()


@pytest.mark.slow
@pytest.mark.postgres
def test_following_projectors_miss_no_event_from_concurrent_writers(
    tmp_path: Path,
) -> None:
    with settings_for("postgres", tmp_path) as settings:
        app = CaseManagement(settings)
        with acting(CLINICIAN, "shared"):
            shared = Case.open(
                client_ref="shared", clinician_id=CLINICIAN.actor_id,
                supervisor_ids=[], strategy="common_factors",
            )  # fmt: skip
        app.save(shared)
        projector = projector_for(app, batch_size=25)
        other = Projector(app, projector.engine, batch_size=7)
        stop, errors = threading.Event(), list[str]()
        followers = [
            threading.Thread(target=_follow, args=(p, stop, errors))
            for p in (projector, other)
        ]
        writers = [
            threading.Thread(
                target=_write, args=(CaseManagement(settings), n, shared.id, errors)
            )
            for n in range(WRITERS)
        ]
        for thread in followers + writers:
            thread.start()
        for writer in writers:
            writer.join()
        stop.set()
        for follower in followers:
            follower.join()
        catch_up(projector)
        assert errors == []
        logged = logged_events(app)
        assert len(logged) > WRITERS * CASES_EACH * (ROUNDS + 1)
        assert audited_events(projector.engine) == logged
        assert_equals_rebuild(projector)
        projector.engine.dispose()
        app.close()


def test_threads_of_one_process_each_read_their_own_writes(
    app: EmbeddedCaseManagement,
) -> None:
    """The threads project one at a time, and a thread whose write another's
    batch included projects nothing: each still reads its write once answered."""
    errors: list[str] = []

    def writer(n: int) -> None:
        try:
            with acting(CLINICIAN, f"thread-{n}"):
                case = Case.open(client_ref=f"t-{n}", clinician_id=CLINICIAN.actor_id,
                                 supervisor_ids=[SUPERVISOR.actor_id],
                                 strategy="common_factors")  # fmt: skip
                app.save(case)
                for round_ in range(15):
                    case.measure_alliance("srs", 30 + round_ % 10, "2026-03-01")
                    app.save(case)
                    current = app.read_models.current(case.id)
                    if current is None or current.version != case.version:
                        errors.append(f"thread {n} read {current} at {case.version}")
        except Exception as error:  # pragma: no cover - reported by the test
            errors.append(repr(error))

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert app.read_models.position() == app.recorder.max_notification_id()
