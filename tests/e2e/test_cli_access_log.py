"""`casebook verify --access-log`: the seals of every read, from a shell."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.e2e.test_cli import casebook

pytestmark = pytest.mark.slow


def test_the_access_log_verifies_until_a_row_is_edited(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    assert casebook(data_dir, "demo").returncode == 0
    for command in (("replay", "demo-trauma"), ("diff", "demo-trauma", "1", "5")):
        assert casebook(data_dir, *command).returncode == 0  # each read is logged
    intact = casebook(data_dir, "verify", "--access-log")
    assert intact.returncode == 0, intact.stderr
    assert intact.stdout.strip() == "access log: intact (2 reads verified)"
    with sqlite3.connect(data_dir / "readmodels.sqlite") as connection:
        connection.execute("UPDATE access_log SET actor_id = 'nobody' WHERE id = 1")
    broken = casebook(data_dir, "verify", "--access-log")
    assert broken.returncode == 1
    assert broken.stdout.startswith("access log: BROKEN at row 1: ")
