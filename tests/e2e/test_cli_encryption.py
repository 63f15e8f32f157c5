"""Encryption at rest, erasure and backups from the command line, as an
operator runs them: real processes on a fresh embedded store."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from application.accounts import AccountManagement
from application.cases import CaseManagement
from application.settings import Settings
from domain.free_text import ERASED, texts_at, value_at
from tests.e2e.test_cli import casebook, refusal

pytestmark = pytest.mark.slow


def confirming(
    data_dir: Path, token: str, *args: str
) -> subprocess.CompletedProcess[str]:
    """`casebook ARGS` with the confirmer's token on standard input."""
    return subprocess.run(
        [sys.executable, "-m", "cli.main", "--data-dir", str(data_dir), *args],
        input=token + "\n", capture_output=True, text=True, timeout=120,
        check=False,
    )  # fmt: skip


def recorded_texts(settings: Settings) -> set[str]:
    """Every free text the store recorded, read with its keys."""
    app = CaseManagement(settings)
    try:
        found = set()
        for _, case_id in app.opened_cases():
            kinds = type(app.load_case(case_id))
            for entry in app.history(case_id):
                patterns = getattr(kinds, entry.event_type).FREE_TEXT
                for path in texts_at(entry.fields, patterns):
                    value = value_at(entry.fields, path)
                    if isinstance(value, str) and len(value) >= 8 and value != ERASED:
                        found.add(value)
        return found
    finally:
        app.close()


def raw_hits(data_dir: Path, texts: set[str]) -> list[tuple[str, str]]:
    """Each (file, text) where a database file or its WAL holds the text as is."""
    return [
        (path.name, text[:40])
        for path in sorted(data_dir.iterdir())
        if path.is_file()
        for text in texts
        if text.encode() in path.read_bytes()
    ]


@pytest.fixture
def demo_dir(tmp_path: Path) -> Path:
    data_dir = tmp_path / "data"
    assert casebook(data_dir, "demo").returncode == 0
    return data_dir


def test_no_demo_text_is_in_any_database_file_before_or_after_a_rebuild(
    demo_dir: Path,
) -> None:
    texts = recorded_texts(Settings(data_dir=demo_dir))
    assert len(texts) > 30
    assert "Tolerate distress and feel safe in the body" in texts
    assert raw_hits(demo_dir, texts) == []
    assert raw_hits(demo_dir, {"demo-trauma"})  # the scan sees what is in the clear
    rebuilt = casebook(demo_dir, "project", "--rebuild")
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert raw_hits(demo_dir, texts) == []
    assert "Tolerate distress" in casebook(demo_dir, "plan", "demo-trauma").stdout


def confirmer_token(data_dir: Path, user_id: str, role: str) -> str:
    added = casebook(data_dir, "users", "add", user_id, "--role", role)
    code = added.stdout.split()[4]
    accounts = AccountManagement(Settings(data_dir=data_dir))
    try:
        return accounts.enroll(user_id, code, None, correlation_id="test")
    finally:
        accounts.close()


def test_erase_needs_a_second_person_then_leaves_the_record_verifiable(
    demo_dir: Path,
) -> None:
    token = confirmer_token(demo_dir, "auditor-lee", "auditor")
    asked = ["erase", "demo-trauma", "--reason", "the client asked"]
    wrong = confirming(demo_dir, token, *asked, "--confirmed-by", "someone-else")
    assert "is not someone-else's" in refusal(wrong)
    early = confirming(demo_dir, token, *asked, "--confirmed-by", "auditor-lee")
    assert "the case is open" in refusal(early)
    erased = confirming(demo_dir, token, *asked, "--override", "consent withdrawn",
                        "--confirmed-by", "auditor-lee")  # fmt: skip
    assert erased.returncode == 0, erased.stderr
    assert "confirmed by auditor-lee" in erased.stdout
    history = casebook(demo_dir, "history", "demo-trauma").stdout.splitlines()
    assert "(admin)" in history[-2] and "asked for the case's text" in history[-2]
    assert "auditor-lee (auditor)" in history[-1]
    assert "Tolerate distress" not in casebook(demo_dir, "plan", "demo-trauma").stdout
    assert casebook(demo_dir, "verify", "demo-trauma").returncode == 0


def test_backup_and_restore_keep_the_keys_apart_and_verify(
    demo_dir: Path, tmp_path: Path
) -> None:
    copy, keys = tmp_path / "copy", tmp_path / "copy-keys"
    made = casebook(demo_dir, "backup", str(copy), "--keys", str(keys))
    assert made.returncode == 0, made.stderr
    assert not any(p.suffix == ".json" for p in copy.iterdir())
    assert {p.name for p in keys.iterdir()} >= {"master.json", "data-keys.sqlite"}
    without_keys = tmp_path / "bare" / "data"
    assert casebook(without_keys, "restore", str(copy)).returncode == 0
    assert "is missing" in refusal(casebook(without_keys, "verify", "--all"))
    restored = tmp_path / "restored" / "data"
    done = casebook(restored, "restore", str(copy), "--keys", str(keys))
    assert done.returncode == 0, done.stderr
    verified = casebook(restored, "verify", "--all")
    assert verified.returncode == 0, verified.stderr
    assert "all intact" in verified.stdout
    assert "Tolerate distress" in casebook(restored, "plan", "demo-trauma").stdout
