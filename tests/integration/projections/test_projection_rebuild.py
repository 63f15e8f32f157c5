"""Rebuilding the read models: atomic, fast paths equal to the slow ones."""

from __future__ import annotations

import os
import signal
import threading
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from uuid import UUID

import pytest
from sqlalchemy import Engine, select, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Dialect

from application.cases import CaseManagement
from application.settings import Settings
from domain.case import Case
from domain.envelope import acting
from projections import database, folding, rebuilding
from projections import projector as projector_module
from projections.audit import Rows, audit
from projections.database import read_models
from projections.folding import Folder
from projections.forking import ChildFailed, can_fork
from projections.heads import heads
from projections.projector import Projector
from projections.runner import catch_up, rebuild
from tests import tamper
from tests.backends import ON_SQLITE_ONLY
from tests.clinic import CLINICIAN
from tests.integration.projections.logs import (
    ONE_PROCESS,
    assert_equals_rebuild,
    audited_events,
    dump,
    fill,
    logged_events,
)
from tests.processes import no_child_left


@pytest.fixture
def logged(settings: Settings) -> Iterator[CaseManagement]:
    """An application with 4 cases of 61 events each: past a snapshot."""
    app = CaseManagement(settings)
    fill(app, cases=4, rounds=60)
    yield app
    app.close()


class Breaks(Exception):
    pass


class TestRebuilding:
    def test_a_rebuild_reports_progress_up_to_the_last_event(
        self, logged: CaseManagement
    ) -> None:
        projector = Projector(logged)
        seen: list[tuple[int, int]] = []
        result = rebuild(projector, lambda done, total: seen.append((done, total)),
                         page_size=100)  # fmt: skip
        last = logged.recorder.max_notification_id()
        assert result.events == 244 == len(seen) * 100 - 56
        assert seen[-1] == (last, last) and seen[0] == (100, last)
        assert audited_events(projector.engine) == logged_events(logged)
        projector.engine.dispose()

    @pytest.mark.parametrize("where", ["cases", "indexes"])
    def test_a_failed_rebuild_leaves_the_old_read_models_in_place(
        self, logged: CaseManagement, monkeypatch: pytest.MonkeyPatch, where: str
    ) -> None:
        projector = Projector(logged)
        projector.setup()
        catch_up(projector)
        before, position = dump(projector.engine), projector.position()

        def broken(*_: object, **__: object) -> None:
            raise Breaks

        if where == "cases":  # working out the cases' rows
            monkeypatch.setattr(projector_module.case_rows, "work_out", broken)
            fails = pytest.raises(Breaks)
        else:  # on the thread that builds the indexes meanwhile
            statement = text("CREATE INDEX broken ON nowhere (anything)")
            monkeypatch.setattr(database, "CreateIndex", lambda _: statement)
            fails = pytest.raises(Exception, match="nowhere")  # the driver's error
        with fails:
            rebuild(projector)
        monkeypatch.undo()
        assert dump(projector.engine) == before
        assert projector.position() == position
        assert_equals_rebuild(projector)
        projector.engine.dispose()

    def test_a_rebuild_that_settles_cases_along_the_way_ends_the_same(
        self, logged: CaseManagement, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        projector = Projector(logged, cache_size=2)
        rebuild(projector)
        whole = dump(projector.engine)
        monkeypatch.setattr(projector_module, "SETTLE_AFTER", 7)
        rebuild(projector, page_size=10)
        assert dump(projector.engine) == whole
        projector.engine.dispose()

    @pytest.mark.parametrize("interval", [50, 7], ids=["snapshots", "no-snapshots"])
    def test_cases_skipped_to_a_snapshot_version_end_the_same(
        self, logged: CaseManagement, monkeypatch: pytest.MonkeyPatch, interval: int
    ) -> None:
        projector = Projector(logged)
        rebuild(projector)
        whole = dump(projector.engine)
        monkeypatch.setattr(folding, "SNAPSHOT_SKIP", 5)
        # Every 7 versions there is no snapshot: the store rebuilds from events.
        projector.folder = Folder(logged.repository, interval, cache_size=1)
        rebuild(projector)
        assert dump(projector.engine) == whole
        projector.engine.dispose()

    def test_an_empty_log_rebuilds_to_empty_read_models(
        self, settings: Settings
    ) -> None:
        app = CaseManagement(settings)
        projector = Projector(app)
        assert rebuild(projector).events == 0
        assert projector.position() == 0
        assert all(rows == [] for rows in dump(projector.engine).values())
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
        projector = Projector(logged, batch_size=9, cache_size=1)
        projector.setup()
        catch_up(projector)
        assert witnessed(projector.engine) == last_versions(logged)
        assert heads not in read_models()  # kept: a rebuild does not drop it
        projector.engine.dispose()

    def test_a_rebuild_from_a_log_cut_short_leaves_every_head_where_it_was(
        self, logged: CaseManagement
    ) -> None:
        projector = Projector(logged)
        rebuild(projector)
        before = witnessed(projector.engine)
        case_id, (version, _) = next(iter(before.items()))
        for cut in (version, version - 1):
            tamper.delete(logged, case_id, cut)
        rebuild(projector)
        assert witnessed(projector.engine) == before
        assert last_versions(logged)[case_id][0] == version - 2
        projector.engine.dispose()


@pytest.mark.parametrize(
    "dialect", [sqlite.dialect(), postgresql.psycopg.dialect()],
    ids=["sqlite", "postgres"],
)  # fmt: skip
def test_audit_rows_hold_the_values_the_column_types_would_bind(
    dialect: Dialect,
) -> None:
    with acting(CLINICIAN, "req-1"):
        case = Case.open(client_ref="c", clinician_id="dr-rivera",
                         supervisor_ids=[], strategy="common_factors")  # fmt: skip
    [event] = case.collect_events()
    values = dict(zip(audit.columns.keys(), Rows(dialect).row(7, event), strict=True))
    for name, raw in (("case_id", event.originator_id), ("timestamp", event.timestamp)):
        process = audit.c[name].type.bind_processor(dialect)
        assert values[name] == (process(raw) if process else raw)


def test_times_come_back_as_the_same_instant_in_utc(settings: Settings) -> None:
    app = CaseManagement(settings)
    projector = Projector(app)
    projector.setup()
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


def test_sqlite_zeroes_freed_read_model_pages_only_when_it_costs_no_writes(
    tmp_path: Path,
) -> None:
    # Debian's SQLite zeroes every freed page by default: a rebuild's drop
    # then rewrote the whole old audit trail (see database.PRAGMAS).
    engine = database.engine_for(Settings(data_dir=tmp_path))
    with engine.connect() as connection:
        mode = connection.exec_driver_sql("PRAGMA secure_delete").scalar()
    engine.dispose()
    assert mode == 2  # FAST


class TestRebuildingInTwoProcesses:
    """A forked process works out every case and the last pages' audit rows."""

    @pytest.mark.parametrize(
        ("settings", "processes"),
        [("sqlite", 2), pytest.param("postgres", 1, marks=pytest.mark.postgres)],
        indirect=["settings"],
    )  # PostgreSQL's event store runs its pool's threads: no fork there
    def test_two_processes_rebuild_what_one_does(
        self, logged: CaseManagement, monkeypatch: pytest.MonkeyPatch, processes: int
    ) -> None:
        projector = Projector(logged)
        rebuild(projector, fork_from=ONE_PROCESS)
        whole = dump(projector.engine)
        # Cases settled along the way, in several parts, over several pages.
        monkeypatch.setattr(rebuilding, "SETTLE_AFTER", 7)
        seen: list[tuple[int, int]] = []
        result = rebuild(projector, lambda done, total: seen.append((done, total)),
                         page_size=30, fork_from=0)  # fmt: skip
        assert result.processes == processes
        assert dump(projector.engine) == whole
        last = logged.recorder.max_notification_id()
        assert result.events == last and seen[-1] == (last, last)
        assert [done for done, _ in seen] == sorted({done for done, _ in seen})
        projector.engine.dispose()

    @ON_SQLITE_ONLY  # where a rebuild forks
    @pytest.mark.parametrize("how", ["raises", "is killed"])
    def test_a_child_that_fails_leaves_the_old_read_models_in_place(
        self, logged: CaseManagement, monkeypatch: pytest.MonkeyPatch, how: str
    ) -> None:
        projector = Projector(logged)
        projector.setup()
        catch_up(projector)
        before, position = dump(projector.engine), projector.position()

        def failing(_app: CaseManagement) -> CaseManagement:  # in the child
            if how == "raises":
                raise Breaks("no store for the child")
            os.kill(os.getpid(), signal.SIGKILL)
            raise AssertionError("killed")

        monkeypatch.setattr(CaseManagement, "reopened", failing)
        told = "no store for the child" if how == "raises" else "ended before"
        with no_child_left(), pytest.raises(ChildFailed, match=told):
            rebuild(projector, fork_from=0)
        monkeypatch.undo()
        assert dump(projector.engine) == before
        assert projector.position() == position
        projector.engine.dispose()

    @ON_SQLITE_ONLY  # where a rebuild forks
    def test_a_parent_that_fails_ends_its_child(
        self, logged: CaseManagement, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        projector = Projector(logged)

        def broken(*_: object) -> None:
            raise Breaks

        monkeypatch.setattr(projector_module.audit, "apply", broken)
        assert can_fork(), "with another thread running there is no child to end"
        with no_child_left(), pytest.raises(Breaks):
            rebuild(projector, fork_from=0)
        projector.engine.dispose()

    @ON_SQLITE_ONLY  # where a rebuild would fork
    def test_a_process_running_another_thread_rebuilds_in_one(
        self, logged: CaseManagement
    ) -> None:
        projector = Projector(logged)
        release = threading.Event()
        other = threading.Thread(target=release.wait)
        other.start()
        try:
            assert not can_fork()
            assert rebuild(projector, fork_from=0).processes == 1
        finally:
            release.set()
            other.join()
        projector.engine.dispose()
