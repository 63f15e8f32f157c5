"""The storage backends every application test runs against."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from application.settings import Settings

POSTGRES_URL = os.environ.get(
    "CASEBOOK_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


def _postgres_unavailable() -> str | None:
    import psycopg

    dsn = POSTGRES_URL.replace("postgresql+psycopg://", "postgresql://")
    try:
        with psycopg.connect(dsn, connect_timeout=3):
            return None
    except psycopg.Error as error:
        return (
            f"PostgreSQL at {POSTGRES_URL} is not reachable "
            f"({error.__class__.__name__})"
        )


def require_postgres() -> None:
    """Skip without a server, unless CI said PostgreSQL tests are mandatory."""
    reason = _postgres_unavailable()
    if reason is None:
        return
    if os.environ.get("CASEBOOK_REQUIRE_POSTGRES") == "1":
        pytest.fail(f"{reason}, and CASEBOOK_REQUIRE_POSTGRES=1 makes it mandatory")
    pytest.skip(f"{reason}; set CASEBOOK_TEST_POSTGRES_URL to run PostgreSQL tests")


@contextmanager
def made_on_the_server(create: str, *drops: str) -> Iterator[None]:
    """Run `create` on the test server, and `drops` once the block is done,
    whatever happened in it (a schema, a database or a role of one test)."""
    import psycopg

    require_postgres()
    dsn = POSTGRES_URL.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(dsn, autocommit=True) as connection:
        connection.execute(create)
    try:
        yield
    finally:
        with psycopg.connect(dsn, autocommit=True) as connection:
            for drop in drops:
                connection.execute(drop)


@contextmanager
def postgres_schema() -> Iterator[str]:
    """A fresh schema for one test, dropped afterwards."""
    schema = f"casebook_test_{uuid.uuid4().hex[:12]}"
    with made_on_the_server(
        f'CREATE SCHEMA "{schema}"', f'DROP SCHEMA "{schema}" CASCADE'
    ):
        yield schema


@contextmanager
def settings_for(backend: str, tmp_path: Path) -> Iterator[Settings]:
    if backend == "sqlite":
        yield Settings(data_dir=tmp_path / "data")
        return
    with postgres_schema() as schema:
        settings = Settings(
            data_dir=tmp_path / "data",
            database_url=f"{POSTGRES_URL}?schema={schema}",
            projector_apart=backend == "postgres-follower",
        )
        if not settings.projector_apart:
            yield settings
            return
        with follower(settings, tmp_path / "follower.log"):
            yield settings


@contextmanager
def follower(settings: Settings, log: Path) -> Iterator[None]:
    """`casebook project --follow` running on the settings' store, as a process
    of its own, stopped with SIGTERM afterwards (and required to stop cleanly)."""
    from bootstrap import build_projector

    projector = build_projector(settings)  # its tables and keys, before it runs
    projector.engine.dispose()
    projector.source.close()  # type: ignore[attr-defined]
    env = {**os.environ, "CASEBOOK_DATA_DIR": str(settings.data_dir),
           "CASEBOOK_DATABASE_URL": settings.database_url or ""}  # fmt: skip
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "cli.main", "project", "--follow", "--poll", "0.2"],
            env=env, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while "following the event log" not in log.read_text():
            assert process.poll() is None, log.read_text()
            assert time.monotonic() < deadline, "the follower did not start"
            time.sleep(0.05)
        yield
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            code = process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
            raise
    assert code == 0 and "Traceback" not in log.read_text(), log.read_text()


BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
ON_SQLITE_ONLY = pytest.mark.parametrize("settings", ["sqlite"], indirect=True)
"""For a test of what only the embedded store does (the `settings` fixture)."""
ON_POSTGRES_ONLY = pytest.mark.parametrize("settings", BACKENDS[1:], indirect=True)
WITH_A_FOLLOWER = pytest.mark.parametrize(
    "settings",
    [*BACKENDS, pytest.param("postgres-follower", marks=pytest.mark.postgres)],
    indirect=True,
)
"""Also on PostgreSQL with the projector apart: each API write waits for a
`casebook project --follow` process, as a clinic runs it in production."""
