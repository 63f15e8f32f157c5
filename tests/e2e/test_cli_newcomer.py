"""What a newcomer meets on the command line: one-line refusals, global options
anywhere, no store created by a command that only reads, readable text."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e.test_cli import casebook, refusal

pytestmark = pytest.mark.slow

NO_STORE = (
    "no Casebook store in {} (run casebook demo or casebook serve --demo first,"
    " or set --data-dir)"
)


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data_dir = tmp_path_factory.mktemp("clinic")
    assert casebook(data_dir, "demo").returncode == 0
    return data_dir


def bare(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`casebook ARGS` run in `cwd`, with no --data-dir before the command."""
    root = Path(__file__).resolve().parents[2]
    return subprocess.run(
        [sys.executable, "-m", "cli.main", *args],
        capture_output=True, text=True, timeout=120, check=False, cwd=cwd,
        env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"},
    )  # fmt: skip


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("plan",), "the following arguments are required: case"),
        (("frobnicate",), "argument COMMAND: invalid choice: 'frobnicate'"),
        (("plan", "demo-trauma", "--version", "x"), "argument --version: invalid"),
        (("users", "add", "x", "--role", "boss"), "argument --role: invalid choice"),
        (("users",), "the following arguments are required: ACTION"),
        (("replay", "demo-trauma", "--what"), "unrecognized arguments: --what"),
        (("db", "setup"), "the following arguments are required: --service-role"),
    ],
)
def test_every_argument_error_is_one_line_with_exit_2(
    demo_dir: Path, args: tuple[str, ...], message: str
) -> None:
    result = casebook(demo_dir, *args)
    assert refusal(result).startswith(message), result.stderr
    assert "usage:" not in result.stderr


def test_data_dir_may_come_after_the_command(demo_dir: Path, tmp_path: Path) -> None:
    for args in (
        ("cases", "--data-dir", str(demo_dir)),
        ("plan", "demo-trauma", "--data-dir", str(demo_dir)),
        ("users", "list", "--data-dir", str(demo_dir)),
    ):
        result = bare(tmp_path, *args)
        assert result.returncode == 0, result.stderr
    listed = bare(tmp_path, "cases", "--data-dir", str(demo_dir)).stdout
    assert "demo-trauma\t" in listed
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "args",
    [
        ("cases",),
        ("plan", "demo-trauma"),
        ("history", "demo-trauma"),
        ("verify", "--all"),
        ("users", "list"),
        ("replay", "demo-trauma"),
        ("project", "--rebuild"),
    ],
)
def test_a_reading_command_without_a_store_is_refused_and_creates_nothing(
    tmp_path: Path, args: tuple[str, ...]
) -> None:
    result = bare(tmp_path, *args)
    assert refusal(result) == NO_STORE.format("casebook-data")
    assert list(tmp_path.iterdir()) == []
    missing = tmp_path / "elsewhere"
    assert refusal(casebook(missing, *args)) == NO_STORE.format(missing)
    assert not missing.exists()


def test_users_add_creates_the_store_on_purpose(tmp_path: Path) -> None:
    result = casebook(tmp_path / "data", "users", "add", "dr-a", "--role", "admin")
    assert result.returncode == 0, result.stderr
    assert casebook(tmp_path / "data", "users", "list").returncode == 0


def test_replay_past_the_last_step_is_refused(demo_dir: Path) -> None:
    message = refusal(casebook(demo_dir, "replay", "demo-trauma", "--offset", "999"))
    assert message == "offset: the case has only 38 steps (use 0 to 37)"
    last = casebook(demo_dir, "replay", "demo-trauma", "--offset", "37")
    assert last.returncode == 0 and "(steps 38-38 of 38)" in last.stdout


def test_replay_shows_each_findings_message(demo_dir: Path) -> None:
    text = casebook(demo_dir, "replay", "demo-sequencing").stdout
    assert (
        "+ SEQ-PHASE technique:prolonged_exposure (error): Prolonged exposure"
        " (exposure) is active during stabilization; it presumes processing."
    ) in text
    assert "added technique Prolonged exposure" in text


def test_history_and_diff_name_techniques_and_spell_out_signatures(
    demo_dir: Path,
) -> None:
    history = casebook(demo_dir, "history", "demo-trauma").stdout
    assert "added technique EMDR reprocessing (goals: g-memories)" in history
    assert "techniques: DBT distress tolerance skills, Grounding" in history
    assert "emdr_reprocessing" not in history
    assert "signed version 25 as approved (outcome: approved)" in history
    diff = casebook(demo_dir, "diff", "demo-trauma", "19", "20").stdout
    assert "techniques added: EMDR reprocessing; removed: none" in diff
    assert "added technique EMDR reprocessing" in diff


def test_plan_shows_measures_supervisors_and_signatures(demo_dir: Path) -> None:
    lines = casebook(demo_dir, "plan", "demo-trauma").stdout.splitlines()
    assert "  latest alliance: srs 39 on 2026-03-09 (version 35)" in lines
    assert "  latest outcome: ors 31 on 2026-03-09 (version 36)" in lines
    assert "  clinician: dr-rivera; supervisors: dr-okafor" in lines
    assert (
        "    - dr-okafor signed version 37 as approved (outcome: approved)"
        " at version 38"
    ) in lines
