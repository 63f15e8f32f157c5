"""Making a store's file private must not disturb a connection already open on it."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

from adapters.files import private_file


def test_an_open_database_keeps_its_write_ahead_log(tmp_path: Path) -> None:
    """A second process that closes its connection deletes the WAL if it finds
    the database unused: it must find this process's connection still there,
    after private_file looked at the file again (as each application does)."""
    path = private_file(tmp_path / "events.sqlite")
    held = sqlite3.connect(path)
    held.execute("PRAGMA journal_mode=WAL")
    held.execute("CREATE TABLE t (x)")
    held.execute("INSERT INTO t VALUES (1)")
    held.commit()
    held.execute("SELECT * FROM t").fetchall()
    private_file(path)
    other = (
        "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); "
        "c.execute('SELECT 1 FROM t').fetchall(); c.close()"
    )
    subprocess.run([sys.executable, "-c", other, str(path)], check=True)
    assert Path(f"{path}-wal").exists()
    assert held.execute("SELECT x FROM t").fetchall() == [(1,)]
    held.close()


def test_a_new_file_is_created_for_its_owner_only(tmp_path: Path) -> None:
    path = private_file(tmp_path / "keys" / "store.sqlite")
    assert path.stat().st_mode & 0o777 == 0o600
    path.chmod(0o644)
    assert private_file(path).stat().st_mode & 0o777 == 0o600
