"""`casebook backup` and `casebook restore` on PostgreSQL, as an operator runs
them: real processes, the demo clinic in a fresh schema, restored into a fresh
database with the key folder restored apart.

pg_restore recreates a schema under the name it was dumped from and cannot
rename it, so a store is restored into another database under the same
`?schema=` (docs/operations.md: "restore it under the same `?schema=` (into
another database)"). The test proves that:

- the backup holds the store's schema alone, not the rest of the database
  (here, another application's schema beside it);
- the dump holds none of the demo clinic's clinical text in the clear, read
  after undoing pg_dump's compression and the hex encoding of the events'
  bytea columns (a scan of the file's raw bytes alone would see nothing even
  in a store that encrypted nothing);
- a restore under a schema the dump does not hold is refused, instead of
  succeeding into a schema Casebook never reads;
- the restored store without its keys cannot be verified; with the keys
  restored apart, `casebook verify --all` reports every case intact and a
  case's plan reads its clinical text.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest

from application.settings import Settings
from tests.backends import (
    POSTGRES_URL,
    made_on_the_server,
    postgres_schema,
    require_postgres,
)
from tests.e2e.test_cli import refusal
from tests.e2e.test_cli_encryption import recorded_texts

pytestmark = [pytest.mark.slow, pytest.mark.postgres]

DSN = POSTGRES_URL.replace("postgresql+psycopg://", "postgresql://")
SERVER = POSTGRES_URL.rsplit("/", 1)[0]
"""The server's URL without the database: `SERVER/NAME` is database NAME."""
PLAN_TEXT = "Tolerate distress and feel safe in the body"
BYTEA = re.compile(rb"\\{1,2}x([0-9a-f]+)")
"""A bytea value in the COPY data of pg_restore's SQL: `\\x` then hex."""


def casebook_on(
    database_url: str, data_dir: Path, *args: str
) -> subprocess.CompletedProcess[str]:
    """`casebook ARGS` with CASEBOOK_DATABASE_URL naming the store."""
    return subprocess.run(
        [sys.executable, "-m", "cli.main", "--data-dir", str(data_dir), *args],
        env={**os.environ, "CASEBOOK_DATABASE_URL": database_url},
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip


@contextmanager
def fresh_database() -> Iterator[str]:
    """A new, empty database on the test server, dropped afterwards."""
    name = f"casebook_restore_{uuid.uuid4().hex[:12]}"
    drop = f'DROP DATABASE "{name}" WITH (FORCE)'
    with made_on_the_server(f'CREATE DATABASE "{name}"', drop):
        yield name


def script_of(dump: Path) -> bytes:
    """The SQL pg_restore makes of a dump: its data decompressed."""
    return subprocess.run(
        ["pg_restore", "--file=-", str(dump)], capture_output=True, check=True
    ).stdout


def bytea_in(script: bytes) -> bytes:
    """Every bytea value in a script's COPY data, decoded from hex: the events'
    and snapshots' stored states."""
    return b"\n".join(bytes.fromhex(h.decode()) for h in BYTEA.findall(script))


def schemas_in(dump: Path) -> set[str]:
    """The schemas a dump holds tables in."""
    listed = subprocess.run(
        ["pg_restore", "--list", str(dump)], capture_output=True, text=True,
        check=True,
    ).stdout  # fmt: skip
    return set(re.findall(r"^\d+; \d+ \d+ TABLE (?!DATA )(\S+) ", listed, re.M))


def test_a_postgres_backup_restores_into_a_new_database_with_its_keys_apart(
    tmp_path: Path,
) -> None:
    require_postgres()
    with postgres_schema() as schema, postgres_schema() as neighbour:
        with psycopg.connect(DSN, autocommit=True) as connection:
            connection.execute(f'CREATE TABLE "{neighbour}".notes (body text)')
            connection.execute(f"INSERT INTO \"{neighbour}\".notes VALUES ('n')")
        source = f"{POSTGRES_URL}?schema={schema}"
        clinic = tmp_path / "clinic" / "data"
        made = casebook_on(source, clinic, "demo")
        assert made.returncode == 0, made.stderr
        verified = casebook_on(source, clinic, "verify", "--all")  # read models
        assert "all intact" in verified.stdout, verified.stderr
        texts = recorded_texts(Settings(data_dir=clinic, database_url=source))
        assert len(texts) > 30 and PLAN_TEXT in texts

        copy, keys = tmp_path / "copy", tmp_path / "copy-keys"
        backed = casebook_on(source, clinic, "backup", str(copy), "--keys", str(keys))
        assert backed.returncode == 0, backed.stderr
        assert [p.name for p in copy.iterdir()] == ["casebook.pgdump"]
        assert {p.name for p in keys.iterdir()} >= {"master.json", "data-keys.sqlite"}
        dump = copy / "casebook.pgdump"
        assert schemas_in(dump) == {schema}  # not the neighbour's
        script = script_of(dump)
        states = bytea_in(script)
        assert b"demo-trauma" in states  # the scan reads what is in the clear
        contents = b"\n".join([dump.read_bytes(), script, states])
        assert [t[:40] for t in texts if t.encode() in contents] == []

        with fresh_database() as database:
            elsewhere = f"{SERVER}/{database}?schema=casebook"
            restored = tmp_path / "restored" / "data"
            wrong = refusal(casebook_on(elsewhere, restored, "restore", str(copy)))
            assert f"holds the store in schema {schema}, not casebook" in wrong
            target = f"{SERVER}/{database}?schema={schema}"
            done = casebook_on(target, restored, "restore", str(copy),
                               "--keys", str(keys))  # fmt: skip
            assert done.returncode == 0, done.stderr

            bare = tmp_path / "bare" / "data"  # the restored store, no keys
            assert "is missing" in refusal(casebook_on(target, bare, "verify", "--all"))
            verified = casebook_on(target, restored, "verify", "--all")
            assert verified.returncode == 0, verified.stderr
            assert verified.stdout.splitlines()[-1] == "verified 4 cases: all intact"
            plan = casebook_on(target, restored, "plan", "demo-trauma")
            assert plan.returncode == 0, plan.stderr
            assert PLAN_TEXT in plan.stdout
