"""The integrity key file as an operator meets it: created apart from the data,
rotated without rewriting history, and required by a store with a history."""

from __future__ import annotations

import json
import shutil
import stat
from pathlib import Path

import pytest

from tests.e2e.test_cli import casebook, refusal

pytestmark = pytest.mark.slow


def test_the_key_file_is_private_and_beside_the_data_not_in_it(
    tmp_path: Path,
) -> None:
    data_dir = tmp_path / "data"
    assert casebook(data_dir, "demo").returncode == 0
    key_file = tmp_path / "data-keys" / "integrity.json"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert stat.S_IMODE(key_file.parent.stat().st_mode) == 0o700
    secret = json.loads(key_file.read_text())["keys"]["i1"]
    for stored in data_dir.iterdir():
        assert secret.encode() not in stored.read_bytes(), stored.name


def test_a_rotated_key_seals_what_follows_and_the_older_key_still_checks(
    tmp_path: Path,
) -> None:
    data_dir = tmp_path / "data"
    assert casebook(data_dir, "demo").returncode == 0
    rotated = casebook(data_dir, "keys", "rotate")
    assert rotated.returncode == 0
    assert rotated.stdout.startswith("new integrity key i2")
    assert (
        casebook(data_dir, "users", "add", "dr-new", "--role", "clinician").returncode
        == 0
    )  # recorded after the rotation, sealed with i2
    history = casebook(data_dir, "verify", "--all")
    assert history.returncode == 0, history.stdout
    assert history.stdout.splitlines()[-1] == "verified 4 cases: all intact"


def test_a_store_with_a_history_refuses_to_start_without_its_key(
    tmp_path: Path,
) -> None:
    data_dir = tmp_path / "data"
    assert casebook(data_dir, "demo").returncode == 0
    shutil.rmtree(tmp_path / "data-keys")
    message = refusal(casebook(data_dir, "cases"))
    assert "integrity.json is missing" in message
    assert "restore the key file" in message
