"""Key files made by processes that start together: gunicorn's workers each
build the web app at once, and the first start of a data directory makes its
key files then."""

from __future__ import annotations

import multiprocessing
import stat
from pathlib import Path

from adapters.keys import SESSIONS_FILE, load, session_keys


def _make(key_dir: str) -> str:
    return session_keys(Path(key_dir)).current_id


def test_workers_starting_together_all_get_the_one_key_file(tmp_path: Path) -> None:
    key_dir = tmp_path / "keys"
    context = multiprocessing.get_context("fork")
    for attempt in range(5):  # the race is between processes: give it chances
        folder = key_dir / str(attempt)
        with context.Pool(8) as pool:
            made = pool.map(_make, [str(folder)] * 16)
        assert made == ["s1"] * 16
        assert load(folder / SESSIONS_FILE).current_id == "s1"
        assert [p.name for p in folder.iterdir()] == [SESSIONS_FILE]  # no leftovers
        mode = stat.S_IMODE((folder / SESSIONS_FILE).stat().st_mode)
        assert mode == 0o600
