"""`casebook db setup`: on PostgreSQL, the service's own role cannot rewrite history.

Each test sets up a fresh schema as the owner (the test server's superuser),
then connects as a throwaway LOGIN role, as the service would."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from application.demo_clinic import create_demo_clinic
from application.settings import Settings
from bootstrap import build_cases, build_services
from cli.main import main
from tests.backends import POSTGRES_URL, made_on_the_server, settings_for

APPEND_ONLY = ("audit_trail", "access_log")
REFUSED = ("append-only", "permission denied", "must be owner")


@pytest.fixture
def owner(tmp_path: Path) -> Iterator[Settings]:
    """A fresh schema, as its owner sees it."""
    with settings_for("postgres", tmp_path) as settings:
        yield settings


@pytest.fixture
def role(owner: Settings) -> Iterator[str]:
    """A throwaway LOGIN role, dropped (with what it owns) before the schema."""
    name = f"casebook_svc_{uuid.uuid4().hex[:10]}"
    drops = f"DROP OWNED BY {name}", f"DROP ROLE {name}"
    with made_on_the_server(f"CREATE ROLE {name} LOGIN", *drops):
        yield name


@pytest.fixture
def service(owner: Settings, role: str, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """The settings the service runs with: the same schema, as `role`, and the
    event store's own table creation off (it needs the tables' owner)."""
    monkeypatch.setenv("CREATE_TABLE", "no")
    assert owner.database_url is not None
    url = make_url(owner.database_url).set(username=role, password=None)
    return Settings(
        data_dir=owner.data_dir, database_url=url.render_as_string(hide_password=False)
    )


def setup(owner: Settings, role: str, monkeypatch: pytest.MonkeyPatch) -> int:
    assert owner.database_url is not None
    monkeypatch.setenv("CASEBOOK_DATABASE_URL", owner.database_url)
    return main(["--data-dir", str(owner.data_dir), "db", "setup",
                 "--service-role", role])  # fmt: skip


def engine_of(settings: Settings) -> Engine:
    assert settings.database_url is not None
    url = make_url(settings.database_url)
    schema = url.query["schema"]
    return create_engine(
        url.difference_update_query(["schema"]),
        connect_args={"options": f"-csearch_path={schema}"},
    )


def refused(engine: Engine, statement: str) -> str:
    """The error message `statement` is refused with; fails if it is not."""
    with engine.connect() as connection:
        try:
            connection.execute(text(statement))
        except DBAPIError as error:
            message = str(error.orig)
            assert any(reason in message for reason in REFUSED), message
            return message
        finally:
            connection.rollback()
    raise AssertionError(f"not refused: {statement}")


def event_tables(engine: Engine) -> list[str]:
    with engine.connect() as connection:
        return list(
            connection.execute(
                text(
                    "SELECT tablename FROM pg_tables WHERE schemaname = "
                    "current_schema() AND (tablename LIKE '%\\_events' "
                    "OR tablename LIKE '%\\_snapshots') ORDER BY tablename"
                )
            ).scalars()
        )


def record_and_read(service: Settings, *, snapshot: bool = True) -> None:
    """What the service does: record, read, snapshot, rebuild, log a read."""
    services = build_services(service)
    try:
        for _line in create_demo_clinic(services.cases):
            pass
        cases = services.cases.directory()
        assert len(cases) == 4
        case_id = cases["demo-trauma"]
        assert services.cases.history(case_id)
        if snapshot:
            services.cases.take_snapshot(case_id)
        assert services.cases.projector.rebuild() > 0
        assert (
            services.read_models.position()
            == services.cases.recorder.max_notification_id()
        )
        assert all(services.cases.verify(c).intact for c in cases.values())
        services.access_log.record(
            case_id=case_id, version=1, actor_id="dr-novak", actor_role="clinician",
            what="plan", correlation_id="test-append-only",
        )  # fmt: skip
        assert services.access_log.every_entry(case_id)
    finally:
        services.close()
    # The command line's application starts as the service role too.
    cases_app = build_cases(service)
    try:
        assert len(list(create_demo_clinic(cases_app))) == 4
    finally:
        cases_app.close()


@pytest.mark.postgres
def test_the_service_role_records_but_cannot_rewrite_history(
    owner: Settings, role: str, service: Settings, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    assert setup(owner, role, monkeypatch) == 0
    out = capsys.readouterr().out
    assert "triggers: UPDATE, DELETE and TRUNCATE refused" in out
    assert f"read models: owned by {role}" in out

    record_and_read(service)

    as_service = engine_of(service)
    try:
        logs = event_tables(as_service)
        assert any(t.endswith("_events") for t in logs)
        assert any(t.endswith("_snapshots") for t in logs)
        for table in [*logs, *APPEND_ONLY]:
            # UPDATE is granted on the event logs, for the event store's LOCK
            # TABLE: the trigger refuses it. Elsewhere it is not granted.
            message = refused(
                as_service, f"UPDATE {table} SET {_column(table)} = {_column(table)}"
            )
            if table.endswith("_events"):
                assert "append-only" in message
            refused(as_service, f"DELETE FROM {table}")
            refused(as_service, f"TRUNCATE {table}")
            refused(as_service, f"DROP TABLE {table}")
            refused(as_service, f"ALTER TABLE {table} DISABLE TRIGGER ALL")
            refused(as_service, f"DROP TRIGGER casebook_append_only ON {table}")
        assert "append-only" in refused(
            as_service, "UPDATE witnessed_heads SET version = version - 1"
        )
        refused(as_service, "UPDATE witnessed_heads SET version = version")
        refused(as_service, "DELETE FROM witnessed_heads")
        refused(as_service, "TRUNCATE witnessed_heads")
        refused(as_service, "DROP TRIGGER casebook_heads_forward ON witnessed_heads")
        with as_service.begin() as connection:
            moved = connection.execute(
                text("UPDATE witnessed_heads SET version = version + 1")
            )
            assert moved.rowcount == 4
    finally:
        as_service.dispose()

    # The owner is refused too: only dropping the triggers, on purpose, lets
    # anyone rewrite a record.
    as_owner = engine_of(owner)
    try:
        for table in [*event_tables(as_owner), *APPEND_ONLY]:
            column = _column(table)
            changes = [f"UPDATE {table} SET {column} = {column}"]
            changes += [f"DELETE FROM {table}", f"TRUNCATE {table}"]
            for statement in changes:
                assert "append-only" in refused(as_owner, statement)
        backwards = "UPDATE witnessed_heads SET version = version - 1"
        for statement in (backwards, "DELETE FROM witnessed_heads"):
            assert "append-only" in refused(as_owner, statement)
        assert "append-only" in refused(as_owner, "TRUNCATE witnessed_heads")
    finally:
        as_owner.dispose()


@pytest.mark.postgres
def test_setup_runs_again_and_after_a_rebuild_by_the_service(
    owner: Settings, role: str, service: Settings, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    assert setup(owner, role, monkeypatch) == 0
    first = capsys.readouterr().out
    as_owner = engine_of(owner)
    try:
        triggers = _triggers(as_owner)
        record_and_read(service)  # the rebuild leaves read models it created
        assert setup(owner, role, monkeypatch) == 0
        assert capsys.readouterr().out == first
        assert _triggers(as_owner) == triggers
        record_and_read(service, snapshot=False)
    finally:
        as_owner.dispose()


@pytest.mark.postgres
@pytest.mark.parametrize(
    ("chosen", "reason"),
    [
        ("postgres", "superuser"),
        ("Robert'); DROP TABLE audit_trail;--", "one lowercase identifier"),
        ("casebook_nobody_at_all", "does not exist"),
    ],
)
def test_setup_refuses_a_role_that_cannot_be_the_service(
    owner: Settings, chosen: str, reason: str, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    assert setup(owner, chosen, monkeypatch) == 2
    error = capsys.readouterr().err
    assert error.startswith("casebook: error: ") and reason in error


@pytest.mark.postgres
def test_setup_refuses_the_owner_of_the_schema(
    owner: Settings, role: str, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    schema = make_url(owner.database_url or "").query["schema"]
    dsn = POSTGRES_URL.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(dsn, autocommit=True) as connection:
        connection.execute(f'ALTER SCHEMA "{schema}" OWNER TO {role}')
        try:
            assert setup(owner, role, monkeypatch) == 2
            assert "owns the schema" in capsys.readouterr().err
        finally:
            connection.execute(f'ALTER SCHEMA "{schema}" OWNER TO CURRENT_USER')


def test_setup_on_the_embedded_store_is_refused(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "CASEBOOK_DATABASE_URL"}
    done = subprocess.run(
        [sys.executable, "-m", "cli.main", "--data-dir", str(tmp_path / "data"),
         "db", "setup", "--service-role", "x"],
        capture_output=True, text=True, env=env, timeout=60,
        cwd=Path(__file__).resolve().parents[2],
    )  # fmt: skip
    assert done.returncode == 2
    assert done.stdout == ""
    lines = done.stderr.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(
        "casebook: error: db setup is for PostgreSQL; the embedded store "
    )
    assert not (tmp_path / "data").exists()


def _column(table: str) -> str:
    return {"audit_trail": "summary", "access_log": "what"}.get(table, "topic")


def _triggers(engine: Engine) -> list[tuple[str, str]]:
    with engine.connect() as connection:
        return [
            (row.tgname, row.tgrelid)
            for row in connection.execute(
                text(
                    "SELECT t.tgname, t.tgrelid::regclass::text AS tgrelid "
                    "FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                    "JOIN pg_namespace n ON n.oid = c.relnamespace "
                    "WHERE n.nspname = current_schema() AND NOT t.tgisinternal "
                    "ORDER BY 2, 1"
                )
            )
        ]
