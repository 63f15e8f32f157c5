"""Rebuilding the read models: one transaction, atomic, equal to following the log."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from uuid import UUID

import pytest
from sqlalchemy import Engine, select

from application.cases import CaseManagement
from application.settings import Settings
from domain.case import Case
from domain.envelope import acting
from projections import projector as projector_module
from projections.audit import audit, row
from projections.heads import heads
from projections.projector import Projector
from projections.queries import ReadModels
from projections.runner import catch_up
from projections.schema import read_models
from tests import tamper
from tests.backends import ON_SQLITE_ONLY
from tests.clinic import CLINICIAN
from tests.integration.projections.logs import (
    assert_equals_rebuild,
    audited_events,
    dump,
    fill,
    logged_events,
    projector_for,
)


@pytest.fixture
def logged(settings: Settings) -> Iterator[CaseManagement]:
    """An application with 4 cases of 61 events each: past a snapshot."""
    app = CaseManagement(settings)
    fill(app, cases=4, rounds=60)
    yield app
    app.close()


@pytest.fixture
def projector(logged: CaseManagement) -> Iterator[Projector]:
    projector = projector_for(logged)
    yield projector
    projector.engine.dispose()


class Breaks(Exception):
    pass


Seen = list[tuple[str, int, int]]


class TestRebuilding:
    def test_a_rebuild_reports_progress_rising_to_the_end_of_each_phase(
        self, logged: CaseManagement, projector: Projector,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:  # fmt: skip
        monkeypatch.setattr(projector_module, "CASES_A_WRITE", 3)
        seen: Seen = []
        read = projector.rebuild(lambda *step: seen.append(step), page_size=100)
        last = logged.recorder.max_notification_id()
        assert read == 244 == last
        events = [(done, total) for what, done, total in seen if what == "events"]
        cases = [(done, total) for what, done, total in seen if what == "cases"]
        assert [what for what, _, _ in seen] == ["events"] * 3 + ["cases"] * 2
        assert events == [(100, last), (200, last), (last, last)]
        assert cases == [(3, 4), (4, 4)]
        assert projector.position() == last
        assert audited_events(projector.engine) == logged_events(logged)

    def test_a_rebuild_equals_following_the_log(self, projector: Projector) -> None:
        follower = Projector(projector.source, projector.engine, batch_size=9)
        catch_up(follower)
        followed = dump(projector)
        projector.rebuild(page_size=7)
        assert dump(projector) == followed

    def test_a_rebuild_writing_cases_a_few_at_a_time_ends_the_same(
        self, projector: Projector, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        projector.rebuild()
        whole = dump(projector)
        monkeypatch.setattr(projector_module, "CASES_A_WRITE", 1)
        projector.rebuild(page_size=10)
        assert dump(projector) == whole

    @pytest.mark.parametrize(
        ("phase", "reports"), [("events", 1), ("events", 2), ("cases", 1)]
    )
    def test_a_failed_rebuild_leaves_the_old_read_models_and_position(
        self, logged: CaseManagement, projector: Projector, phase: str,
        reports: int,
    ) -> None:  # fmt: skip
        catch_up(projector)
        fill(logged, cases=1, rounds=3)  # the rebuild would have more to show
        before, position = dump(projector), projector.position()
        seen: Seen = []

        def fails(what: str, done: int, total: int) -> None:
            seen.append((what, done, total))
            if [w for w, _, _ in seen].count(phase) == reports:
                raise Breaks

        with pytest.raises(Breaks):
            projector.rebuild(fails, page_size=100)
        assert dump(projector) == before
        assert projector.position() == position
        assert catch_up(projector) == 4
        assert_equals_rebuild(projector)

    @ON_SQLITE_ONLY  # PostgreSQL makes readers wait for the dropped tables
    def test_readers_see_the_old_read_models_until_the_rebuild_commits(
        self, logged: CaseManagement, projector: Projector
    ) -> None:
        catch_up(projector)
        case_id = logged_events(logged)[0][1]
        fill(logged, cases=1, rounds=3)
        read = ReadModels(
            projector.engine, projector.source.chain_keys, projector.source.text_cipher
        )
        plan, position = read.plan(case_id), read.position()
        meanwhile: list[tuple[object, int]] = []

        def look(what: str, _done: int, _total: int) -> None:
            if what == "cases":
                meanwhile.append((read.plan(case_id), read.position()))

        projector.rebuild(look)
        assert meanwhile == [(plan, position)]
        assert read.position() == logged.recorder.max_notification_id()

    def test_events_recorded_during_a_rebuild_are_left_to_the_next_catch_up(
        self, logged: CaseManagement, projector: Projector
    ) -> None:
        last = logged.recorder.max_notification_id()

        def record_more(what: str, done: int, _total: int) -> None:
            if what == "events" and done == 100:
                fill(logged, cases=1, rounds=2)  # 3 events past the rebuild's end

        assert projector.rebuild(record_more, page_size=100) == last
        assert projector.position() == last
        assert catch_up(projector) == 3
        assert audited_events(projector.engine) == logged_events(logged)
        assert_equals_rebuild(projector)

    def test_an_empty_log_rebuilds_to_empty_read_models(
        self, settings: Settings
    ) -> None:
        app = CaseManagement(settings)
        projector = projector_for(app)
        try:
            assert projector.rebuild() == 0
            assert projector.position() == 0
            assert all(rows == [] for rows in dump(projector).values())
        finally:
            projector.engine.dispose()
            app.close()


def witnessed(engine: Engine) -> dict[UUID, tuple[int, str]]:
    with engine.connect() as connection:
        rows = connection.execute(
            select(heads.c.case_id, heads.c.version, heads.c.chain)
        )
        return {case_id: (version, chain) for case_id, version, chain in rows}


def last_versions(app: CaseManagement) -> dict[UUID, tuple[int, str]]:
    """Each case's last stored version and its chain value."""
    cases = {case_id for _, case_id, _ in logged_events(app)}
    return {
        case_id: (entry.version, entry.chain)
        for case_id in cases
        for entry in app.history(case_id)[-1:]
    }


class TestWitnessedHeads:
    def test_each_case_has_its_last_version_and_chain_value_witnessed(
        self, logged: CaseManagement
    ) -> None:
        projector = projector_for(logged, batch_size=9)
        catch_up(projector)
        assert witnessed(projector.engine) == last_versions(logged)
        assert heads not in read_models()  # kept: a rebuild does not drop it
        projector.engine.dispose()

    def test_a_rebuild_from_a_log_cut_short_leaves_heads_and_trail_as_they_were(
        self, logged: CaseManagement, projector: Projector
    ) -> None:
        projector.rebuild()
        before = witnessed(projector.engine)
        assert before == last_versions(logged)
        trail = audited_events(projector.engine)
        case_id, (version, _) = next(iter(before.items()))
        for cut in (version, version - 1):
            tamper.delete(logged, case_id, cut)
        projector.rebuild()
        assert witnessed(projector.engine) == before
        assert audited_events(projector.engine) == trail  # kept, deleted or not
        assert last_versions(logged)[case_id][0] == version - 2


def test_an_audit_row_fills_every_column_of_the_audit_trail() -> None:
    with acting(CLINICIAN, "req-1"):
        case = Case.open(client_ref="c", clinician_id="dr-rivera",
                         supervisor_ids=[], strategy="common_factors")  # fmt: skip
    [event] = case.collect_events()
    values = row(7, event)
    assert set(values) == set(audit.columns.keys())
    assert (values["notification_id"], values["case_id"]) == (7, case.id)
    assert values["timestamp"] == event.timestamp


def test_times_come_back_as_the_same_instant_in_utc(settings: Settings) -> None:
    app = CaseManagement(settings)
    projector = projector_for(app)
    moment = datetime(2026, 3, 1, 9, 30, 0, 123456, tzinfo=timezone(timedelta(hours=2)))
    with projector.engine.begin() as connection:
        connection.execute(audit.insert().values(
            case_id=uuid.uuid4(), version=1, notification_id=1, event_type="X",
            actor_id="a", actor_role="r", timestamp=moment, correlation_id="c",
            chain="h", summary="s"))  # fmt: skip
        stored = connection.execute(audit.select()).one().timestamp
        later = connection.execute(
            audit.select().where(audit.c.timestamp > moment - timedelta(microseconds=1))
        ).all()
    assert stored == moment and stored.tzinfo == UTC and len(later) == 1
    projector.engine.dispose()
    app.close()
