"""Several processes starting on one fresh embedded store, as gunicorn workers do."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

import pytest

from application.cases import CaseManagement
from application.demo_clinic import create_demo_clinic
from application.settings import Settings
from tests.backends import settings_for

pytestmark = pytest.mark.slow
WORKERS = 4


def _start_services(data_dir: str, database_url: str | None = None) -> None:
    from bootstrap import build_services

    build_services(Settings(data_dir=Path(data_dir), database_url=database_url)).close()


@pytest.mark.postgres
def test_four_workers_start_together_on_a_fresh_postgres_store_every_time(
    tmp_path: Path,
) -> None:
    spawn = multiprocessing.get_context("spawn")
    for attempt in range(10):
        with settings_for("postgres", tmp_path / str(attempt)) as settings:
            workers = [
                spawn.Process(
                    target=_start_services,
                    args=(str(settings.data_dir), settings.database_url),
                )
                for _ in range(WORKERS)
            ]
            for worker in workers:
                worker.start()
            for worker in workers:
                worker.join(timeout=120)
            assert [w.exitcode for w in workers] == [0] * WORKERS, attempt


def test_workers_starting_together_all_come_up_with_the_read_models_built(
    tmp_path: Path,
) -> None:
    app = CaseManagement(Settings(data_dir=tmp_path))
    list(create_demo_clinic(app))  # events, but no read models yet
    end = app.recorder.max_notification_id()
    app.close()
    spawn = multiprocessing.get_context("spawn")
    workers = [
        spawn.Process(target=_start_services, args=(str(tmp_path),))
        for _ in range(WORKERS)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
    assert [w.exitcode for w in workers] == [0] * WORKERS
    from bootstrap import build_services

    services = build_services(Settings(data_dir=tmp_path))
    try:
        assert services.cases.projector.position() == end
        assert services.read_models.caseload("dr-rivera", limit=50, offset=0).total == 3
    finally:
        services.close()
