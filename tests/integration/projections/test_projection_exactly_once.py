"""Each event reaches the read models exactly once: redelivery and crashes."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from eventsourcing.domain import Aggregate, event
from sqlalchemy.engine import Connection

from application.cases import CaseManagement
from application.settings import Settings
from projections.embedded import ProjectedCaseManagement
from projections.projector import Projector
from projections.runner import catch_up
from tests.integration.projections.logs import (
    assert_equals_rebuild,
    audited_events,
    dump,
    fill,
    logged_events,
)


class Reminder(Aggregate):
    """An aggregate no read model knows about."""

    @event("Set")
    def __init__(self, text: str) -> None:
        self.text = text


class FailingProjector(Projector):
    """Dies inside its next batch, after the audit rows and case rows are written."""

    failures = 1

    def _write(self, connection: Connection) -> None:
        super()._write(connection)
        if self.failures:
            self.failures -= 1
            raise Crash


class Crash(Exception):
    pass


@dataclass
class Fixture:
    app: CaseManagement
    projector: Projector


@pytest.fixture
def fresh(settings: Settings) -> Iterator[Fixture]:
    """A log of 60 events, and read models that only these tests' projectors move."""
    app = CaseManagement(settings)
    fill(app, cases=3, rounds=19)
    projector = Projector(app, batch_size=7)
    projector.setup()
    yield Fixture(app, projector)
    projector.engine.dispose()
    app.close()


class TestRedelivery:
    def test_processing_the_same_notifications_twice_changes_nothing(
        self, fresh: Fixture
    ) -> None:
        notifications = fresh.app.recorder.select_notifications(1, 25)
        assert fresh.projector.process(notifications) == 25
        once = dump(fresh.projector.engine)
        assert fresh.projector.process(notifications) == 0
        assert Projector(fresh.app, fresh.projector.engine).process(notifications) == 0
        assert dump(fresh.projector.engine) == once
        assert fresh.projector.position() == notifications[-1].id

    def test_an_overlapping_batch_applies_only_what_is_new(
        self, fresh: Fixture
    ) -> None:
        fresh.projector.process(fresh.app.recorder.select_notifications(1, 20))
        assert (
            fresh.projector.process(fresh.app.recorder.select_notifications(11, 20))
            == 10
        )
        catch_up(fresh.projector)
        assert audited_events(fresh.projector.engine) == logged_events(fresh.app)
        assert_equals_rebuild(fresh.projector)

    def test_an_event_no_read_model_handles_still_advances_the_position(
        self, app: ProjectedCaseManagement
    ) -> None:
        fill(app, cases=1, rounds=1)
        before = dump(app.projector.engine)
        recorded = app.save(Reminder("call back"))
        assert app.projector.position() == recorded[-1].notification.id
        assert dump(app.projector.engine) == before
        assert_equals_rebuild(app.projector)


class TestCrashInsideABatch:
    def test_a_failed_batch_leaves_read_models_and_position_as_they_were(
        self, fresh: Fixture
    ) -> None:
        catch_up(fresh.projector, batch_size=10)
        fresh.app.save(Reminder("not a case"))
        fill(fresh.app, cases=1, rounds=5)
        before, position = dump(fresh.projector.engine), fresh.projector.position()
        failing = FailingProjector(fresh.app, fresh.projector.engine)
        with pytest.raises(Crash):
            catch_up(failing)
        assert dump(fresh.projector.engine) == before
        assert fresh.projector.position() == position

    def test_a_projector_resumes_after_a_crash_as_if_none_happened(
        self, fresh: Fixture
    ) -> None:
        failing = FailingProjector(fresh.app, fresh.projector.engine)
        failing.failures = 0
        failing.process(failing.next_batch(9))  # its cache now holds every case
        failing.failures = 1
        with pytest.raises(Crash):
            catch_up(failing)
        fill(fresh.app, cases=1, rounds=3)
        assert catch_up(failing) == 60 - 9 + 4  # the same instance, cache discarded
        assert audited_events(fresh.projector.engine) == logged_events(fresh.app)
        assert_equals_rebuild(fresh.projector)

    def test_a_fresh_projector_resumes_where_the_dead_one_committed(
        self, fresh: Fixture
    ) -> None:
        failing = FailingProjector(fresh.app, fresh.projector.engine)
        failing.failures = 0
        failing.process(failing.next_batch(5))
        failing.process(failing.next_batch(5))
        failing.failures = 1
        with pytest.raises(Crash):
            catch_up(failing, batch_size=5)
        assert fresh.projector.position() == 10
        catch_up(Projector(fresh.app, fresh.projector.engine, batch_size=4))
        assert audited_events(fresh.projector.engine) == logged_events(fresh.app)
        assert_equals_rebuild(fresh.projector)
