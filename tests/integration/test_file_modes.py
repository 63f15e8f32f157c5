"""The embedded store's files are its owner's alone (0600 in a 0700 directory)."""

from __future__ import annotations

import stat
from pathlib import Path

from application.demo_clinic import create_demo_clinic
from application.settings import Settings
from bootstrap import build_services


def test_every_file_of_a_fresh_embedded_store_is_private(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    services = build_services(Settings(data_dir=data_dir))
    try:
        list(create_demo_clinic(services.cases))
        files = sorted(data_dir.iterdir())
        assert {f.name for f in files} >= {
            "events.sqlite", "readmodels.sqlite", "events.sqlite-wal",
            "readmodels.sqlite-wal",
        }  # fmt: skip
        assert stat.S_IMODE(data_dir.stat().st_mode) == 0o700
        for found in files:
            assert stat.S_IMODE(found.stat().st_mode) == 0o600, found.name
    finally:
        services.close()
