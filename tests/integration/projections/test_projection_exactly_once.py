"""Each event reaches the read models exactly once: redelivery and crashes."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from uuid import UUID

import pytest
from eventsourcing.domain import Aggregate, event
from sqlalchemy.engine import Connection

from application.cases import CaseManagement
from application.settings import Settings
from bootstrap import EmbeddedCaseManagement
from domain.case import Case
from domain.envelope import acting
from projections.projector import Projector
from projections.queries import ReadModels
from projections.runner import catch_up
from projections.state import CaseState
from tests.clinic import CLINICIAN, Clinic
from tests.integration.projections.logs import (
    assert_equals_rebuild,
    audited_events,
    dump,
    fill,
    logged_events,
    projector_for,
    rewind,
)


class Reminder(Aggregate):
    """An aggregate no read model knows about."""

    @event("Set")
    def __init__(self, text: str) -> None:
        self.text = text


class FailingProjector(Projector):
    """Dies inside its next batch, after its audit rows and case rows are written."""

    failures = 1

    def _write_cases(self, connection: Connection, states: Iterable[CaseState]) -> None:
        super()._write_cases(connection, states)
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
    projector = projector_for(app, batch_size=7)
    yield Fixture(app, projector)
    projector.engine.dispose()
    app.close()


def _sized(fresh: Fixture, batch_size: int) -> Projector:
    return Projector(fresh.app, fresh.projector.engine, batch_size=batch_size)


class TestRedelivery:
    def test_applying_the_same_notifications_twice_changes_nothing(
        self, fresh: Fixture
    ) -> None:
        projector = _sized(fresh, 25)
        assert projector.advance() == (25, 25)
        once = dump(projector)
        rewind(projector, 0)
        assert projector.advance() == (25, 25)
        assert dump(projector) == once
        assert projector.position() == 25

    def test_the_whole_log_delivered_again_ends_as_a_rebuild(
        self, fresh: Fixture
    ) -> None:
        assert catch_up(fresh.projector) == 60
        rewind(fresh.projector, 0)
        assert catch_up(fresh.projector) == 60
        assert audited_events(fresh.projector.engine) == logged_events(fresh.app)
        assert_equals_rebuild(fresh.projector)

    def test_an_overlapping_batch_ends_as_a_rebuild(self, fresh: Fixture) -> None:
        _sized(fresh, 20).advance()
        rewind(fresh.projector, 10)
        assert _sized(fresh, 20).advance() == (20, 30)  # 10 again, 10 new
        catch_up(fresh.projector)
        assert audited_events(fresh.projector.engine) == logged_events(fresh.app)
        assert_equals_rebuild(fresh.projector)

    def test_a_caught_up_projector_applies_nothing(self, fresh: Fixture) -> None:
        assert catch_up(fresh.projector) == 60
        before = dump(fresh.projector)
        assert catch_up(fresh.projector) == 0
        assert _sized(fresh, 25).advance() == (0, 60)
        assert dump(fresh.projector) == before

    def test_an_event_no_read_model_handles_still_advances_the_position(
        self, app: EmbeddedCaseManagement
    ) -> None:
        fill(app, cases=1, rounds=1)
        before = dump(app.projector)
        recorded = app.save(Reminder("call back"))
        assert app.projector.position() == recorded[-1].notification.id
        assert dump(app.projector) == before
        assert_equals_rebuild(app.projector)


class TestCrashInsideABatch:
    def test_a_failed_batch_leaves_read_models_and_position_as_they_were(
        self, fresh: Fixture
    ) -> None:
        catch_up(fresh.projector)
        [reminder] = fresh.app.save(Reminder("not a case"))
        fill(fresh.app, cases=1, rounds=5)
        before, position = dump(fresh.projector), fresh.projector.position()
        failing = FailingProjector(fresh.app, fresh.projector.engine)
        with pytest.raises(Crash):
            catch_up(failing)
        assert dump(fresh.projector) == before
        assert fresh.projector.position() == position
        assert catch_up(failing) == 1 + 6  # the next catch-up completes it
        not_a_case = reminder.notification.id
        assert audited_events(fresh.projector.engine) == [
            e for e in logged_events(fresh.app) if e[0] != not_a_case
        ]
        assert_equals_rebuild(fresh.projector)

    def test_a_projector_resumes_after_a_crash_as_if_none_happened(
        self, fresh: Fixture
    ) -> None:
        failing = FailingProjector(fresh.app, fresh.projector.engine, batch_size=9)
        failing.failures = 0
        assert failing.advance() == (9, 9)
        failing.failures = 1
        with pytest.raises(Crash):
            catch_up(failing)
        assert fresh.projector.position() == 9
        fill(fresh.app, cases=1, rounds=3)
        assert catch_up(failing) == 60 - 9 + 4  # the same instance goes on
        assert audited_events(fresh.projector.engine) == logged_events(fresh.app)
        assert_equals_rebuild(fresh.projector)

    def test_a_fresh_projector_resumes_where_the_dead_one_committed(
        self, fresh: Fixture
    ) -> None:
        failing = FailingProjector(fresh.app, fresh.projector.engine, batch_size=5)
        failing.failures = 0
        failing.advance()
        failing.advance()
        failing.failures = 1
        with pytest.raises(Crash):
            catch_up(failing)
        assert fresh.projector.position() == 10
        assert catch_up(_sized(fresh, 4)) == 50
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
        first, second = fresh.projector, _sized(fresh, 500)
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

    def test_two_projectors_alternating_batches_end_as_a_rebuild(
        self, fresh: Fixture
    ) -> None:
        first, second = _sized(fresh, 1), _sized(fresh, 1)
        turns = [(first, 4), (second, 3), (second, 5), (first, 7), (first, 2)] * 3
        for projector, size in turns:
            projector.batch_size = size
            projector.advance()
        fill(fresh.app, cases=2, rounds=6)
        for projector, size in turns:
            projector.batch_size = size
            projector.advance()
        catch_up(first)
        assert audited_events(first.engine) == logged_events(fresh.app)
        assert_equals_rebuild(fresh.projector)


class TestTheCaseASaveHoldsIsUsedWhenItIsCurrent:
    """`advance(in_hand=...)`: the cases a save just stored, not loaded again."""

    def test_it_is_applied_when_the_position_is_just_before_it(
        self, fresh: Fixture
    ) -> None:
        catch_up(fresh.projector)
        case = _saved(fresh.app, "ors")
        assert fresh.projector.advance(in_hand={case.id: case}) == (1, 61)
        assert_equals_rebuild(fresh.projector)

    def test_events_before_it_that_nobody_applied_are_applied_with_it(
        self, fresh: Fixture
    ) -> None:
        catch_up(fresh.projector)
        _saved(fresh.app, "srs")  # its projector never ran
        case = _saved(fresh.app, "ors")
        assert fresh.projector.advance(in_hand={case.id: case}).applied == 2
        assert_equals_rebuild(fresh.projector)

    def test_what_another_projector_applied_meanwhile_is_not_applied_again(
        self, fresh: Fixture
    ) -> None:
        catch_up(fresh.projector)
        case = _saved(fresh.app, "ors")
        catch_up(_sized(fresh, 500))
        assert fresh.projector.advance(in_hand={case.id: case}).applied == 0
        _saved(fresh.app, "srs")  # the case moved on elsewhere
        catch_up(fresh.projector)
        assert audited_events(fresh.projector.engine) == logged_events(fresh.app)
        assert_equals_rebuild(fresh.projector)

    def test_a_case_held_behind_what_the_log_holds_is_loaded_again(
        self, fresh: Fixture
    ) -> None:
        catch_up(fresh.projector)
        held = _saved(fresh.app, "ors")
        _saved(fresh.app, "srs")  # saved by another copy of the case
        assert fresh.projector.advance(in_hand={held.id: held}).applied == 2
        assert _plan_version(fresh, held.id) == held.version + 1
        assert_equals_rebuild(fresh.projector)

    def test_a_case_held_ahead_of_the_batch_is_written_as_the_batch_leaves_it(
        self, fresh: Fixture
    ) -> None:
        catch_up(fresh.projector)
        _saved(fresh.app, "srs")
        held = _saved(fresh.app, "ors")
        one_at_a_time = _sized(fresh, 1)
        assert one_at_a_time.advance(in_hand={held.id: held}).applied == 1
        assert _plan_version(fresh, held.id) == held.version - 1
        catch_up(fresh.projector)
        assert_equals_rebuild(fresh.projector)


def _saved(app: CaseManagement, instrument: str) -> Case:
    """The first case, after one more measure saved, as the save held it."""
    case = app.load_case(logged_events(app)[0][1])
    with acting(CLINICIAN, f"held-{instrument}"):
        if instrument == "srs":
            case.measure_alliance(instrument, 38, "2026-02-01")
        else:
            case.measure_outcome(instrument, 22, "2026-02-01")
    app.save(case)
    return case


def _plan_version(fresh: Fixture, case_id: UUID) -> int:
    plan = ReadModels(
        fresh.projector.engine, fresh.app.chain_keys, fresh.app.text_cipher
    ).plan(case_id)
    assert plan is not None
    return int(plan["version"])
