"""The storage backends every application test runs against."""

from __future__ import annotations

import os
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
def postgres_schema() -> Iterator[str]:
    """A fresh schema for one test, dropped afterwards."""
    import psycopg

    require_postgres()
    schema = f"casebook_test_{uuid.uuid4().hex[:12]}"
    dsn = POSTGRES_URL.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(dsn, autocommit=True) as connection:
        connection.execute(f'CREATE SCHEMA "{schema}"')
    try:
        yield schema
    finally:
        with psycopg.connect(dsn, autocommit=True) as connection:
            connection.execute(f'DROP SCHEMA "{schema}" CASCADE')


@contextmanager
def settings_for(backend: str, tmp_path: Path) -> Iterator[Settings]:
    if backend == "sqlite":
        yield Settings(data_dir=tmp_path / "data")
        return
    with postgres_schema() as schema:
        yield Settings(
            data_dir=tmp_path / "data", database_url=f"{POSTGRES_URL}?schema={schema}"
        )


BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
ON_SQLITE_ONLY = pytest.mark.parametrize("settings", ["sqlite"], indirect=True)
"""For a test of what only the embedded store does (the `settings` fixture)."""
ON_POSTGRES_ONLY = pytest.mark.parametrize("settings", BACKENDS[1:], indirect=True)
