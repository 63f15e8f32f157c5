"""Each event reaches the read models exactly once: redelivery and crashes."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from eventsourcing.domain import Aggregate, event
from eventsourcing.persistence import Notification
from sqlalchemy.engine import Connection

from application.cases import CaseManagement
from application.settings import Settings
from projections.embedded import ProjectedCaseManagement
from projections.projector import Projector
from projections.runner import catch_up
from tests.clinic import Clinic
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


class TestProjectorsTakingTurns:
    def test_a_case_another_projector_moved_on_is_written_whole(
        self, fresh: Fixture
    ) -> None:
        # The first projector last wrote the case without the technique; the
        # second wrote the finding its missing rationale raises; the first
        # then sees the rationale, which takes the finding away again: it must
        # not compare with what it wrote itself, which the rows no longer are.
        first, second = fresh.projector, Projector(fresh.app, fresh.projector.engine)
        clinic = Clinic(fresh.app)
        case_id = clinic.assessed_case_with_goal()
        catch_up(first)
        clinic.act("add_technique", case_id, technique="grounding",
                   goal_ids=["g-safety"])  # fmt: skip
        catch_up(second)
        clinic.act(
            "give_rationale", case_id, subject={"kind": "technique",
            "ref": "grounding"}, goal_ids=["g-safety"], text="Regulate first",
            explained_to_client=True,
        )  # fmt: skip
        catch_up(first)
        assert_equals_rebuild(first)

    @pytest.mark.parametrize("cache_size", [1, 512])
    def test_two_projectors_alternating_batches_end_as_a_rebuild(
        self, fresh: Fixture, cache_size: int
    ) -> None:
        first = Projector(fresh.app, fresh.projector.engine, cache_size=cache_size)
        second = Projector(fresh.app, fresh.projector.engine, cache_size=cache_size)
        turns = [(first, 4), (second, 3), (second, 5), (first, 7), (first, 2)] * 3
        for projector, size in turns:
            projector.advance(size)
        fill(fresh.app, cases=2, rounds=6)
        for projector, size in turns:
            projector.advance(size)
        catch_up(first)
        assert audited_events(first.engine) == logged_events(fresh.app)
        assert_equals_rebuild(fresh.projector)


class TestWhatASaveRecordedIsWorkedOutAhead:
    def test_it_is_applied_when_the_position_is_just_before_it(
        self, fresh: Fixture
    ) -> None:
        catch_up(fresh.projector)
        recorded = _recorded(fresh.app, "measure_outcome")
        batch = fresh.projector.advance(recorded=recorded)
        assert (batch.read, batch.applied) == (1, 1)
        assert fresh.projector.position() == recorded[-1].id
        assert_equals_rebuild(fresh.projector)

    def test_events_before_it_that_nobody_applied_are_applied_with_it(
        self, fresh: Fixture
    ) -> None:
        catch_up(fresh.projector)
        _recorded(fresh.app, "measure_alliance")  # its projector never ran
        recorded = _recorded(fresh.app, "measure_outcome")
        assert fresh.projector.advance(recorded=recorded).applied == 2
        assert_equals_rebuild(fresh.projector)

    def test_what_another_projector_applied_meanwhile_is_not_applied_again(
        self, fresh: Fixture
    ) -> None:
        catch_up(fresh.projector)
        recorded = _recorded(fresh.app, "measure_outcome")
        catch_up(Projector(fresh.app, fresh.projector.engine))
        assert fresh.projector.advance(recorded=recorded).applied == 0
        _recorded(fresh.app, "record_session")  # the case moved on elsewhere
        catch_up(fresh.projector)
        assert audited_events(fresh.projector.engine) == logged_events(fresh.app)
        assert_equals_rebuild(fresh.projector)


def _recorded(app: CaseManagement, command: str) -> list[Notification]:
    """What one command on the first case saved, as a save returns it."""
    case_id = logged_events(app)[0][1]
    fields = {
        "measure_outcome": {"instrument": "ors", "score": 22,
                            "session_date": "2026-02-01"},
        "measure_alliance": {"instrument": "srs", "score": 38,
                             "session_date": "2026-02-01"},
        "record_session": {"session_date": "2026-02-02", "techniques_used": []},
    }[command]  # fmt: skip
    recorded = Clinic(app).act(command, case_id, **fields)
    return list(app.recorder.select_notifications(recorded.notification_id, 1))
