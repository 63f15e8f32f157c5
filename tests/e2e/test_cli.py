"""The casebook command as a user runs it: a fresh data directory, real processes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from application.accounts import AccountManagement
from application.cases import CaseManagement
from application.settings import Settings
from tests import tamper

pytestmark = pytest.mark.slow


def casebook(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cli.main", "--data-dir", str(data_dir), *args],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip


def refusal(result: subprocess.CompletedProcess[str]) -> str:
    """What the command line said when it refused: exit 2 and one line."""
    assert result.returncode == 2
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("casebook: error: ")
    return line.removeprefix("casebook: error: ")


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data_dir = tmp_path_factory.mktemp("clinic")
    result = casebook(data_dir, "demo")
    assert result.returncode == 0, result.stderr
    assert "demo-trauma: coherent" in result.stdout
    return data_dir


def test_demo_then_plan_prints_the_plan_and_its_status(demo_dir: Path) -> None:
    result = casebook(demo_dir, "plan", "demo-sequencing")
    assert result.returncode == 0
    assert "Coherence: incoherent" in result.stdout
    assert "SEQ-PHASE" in result.stdout


def test_history_prints_one_line_per_event_with_the_actor(demo_dir: Path) -> None:
    result = casebook(demo_dir, "history", "demo-sequencing")
    lines = result.stdout.splitlines()
    assert len(lines) == 5
    assert "dr-rivera (clinician)" in lines[0] and "CaseOpened" in lines[0]


def test_verify_all_reports_every_case_intact(demo_dir: Path) -> None:
    result = casebook(demo_dir, "verify", "--all")
    assert result.returncode == 0
    *cases, total = result.stdout.splitlines()
    assert len(cases) == 4 and all(": intact (" in line for line in cases)
    assert total == "verified 4 cases: all intact"


def test_verify_all_visits_every_stored_case_even_one_it_cannot_read(
    tmp_path: Path,
) -> None:
    data_dir = tmp_path / "data"
    assert casebook(data_dir, "demo").returncode == 0
    app = CaseManagement(Settings(data_dir=data_dir))
    try:
        stored = app.opened_cases()
        tamper.edit_state(app, stored[1][1], 2, b"{", b"[")
    finally:
        app.close()
    result = casebook(data_dir, "verify", "--all")
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stdout.splitlines()
    assert lines[-1] == f"verified {len(stored)} cases: 1 broken"
    assert f"{stored[1][0]}: BROKEN at version 2" in lines[1]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("plan", "no-such-case"), "case no-such-case does not exist"),
        (("plan", "demo-trauma", "--version", "0"), "version: must be 1 or more"),
        (
            ("plan", "demo-trauma", "--version", "9999"),
            "version: the case has only 38 versions",
        ),
    ],
)
def test_a_bad_argument_gets_one_line_and_a_non_zero_exit(
    demo_dir: Path, args: tuple[str, ...], message: str
) -> None:
    assert refusal(casebook(demo_dir, *args)) == message


def test_an_unknown_command_is_refused_by_the_parser(demo_dir: Path) -> None:
    result = casebook(demo_dir, "frobnicate")
    assert result.returncode == 2
    assert "invalid choice" in result.stderr


class TestUsers:
    """The operator hands out enrollment codes; no command prints a user's token."""

    def test_adding_a_user_prints_an_enrollment_code_that_the_user_redeems(
        self, tmp_path: Path
    ) -> None:
        data_dir = tmp_path / "data"
        result = casebook(data_dir, "users", "add", "dr-novak", "--role", "clinician")
        assert result.returncode == 0, result.stderr
        assert "cbk." not in result.stdout
        code = _printed_code(result.stdout, "dr-novak")
        listed = casebook(data_dir, "users", "list")
        assert listed.stdout.splitlines() == ["dr-novak\tclinician\tenrolling"]
        accounts = AccountManagement(Settings(data_dir=data_dir))
        try:
            token = accounts.enroll(
                "dr-novak", code, "novak's-own-secret", correlation_id="test"
            )
            assert accounts.authenticate(token).actor_id == "dr-novak"
        finally:
            accounts.close()
        listed = casebook(data_dir, "users", "list")
        assert listed.stdout.splitlines() == ["dr-novak\tclinician\tactive"]

    def test_enroll_prints_a_new_code_and_revoke_withdraws_it(
        self, tmp_path: Path
    ) -> None:
        data_dir = tmp_path / "data"
        casebook(data_dir, "users", "add", "auditor-lee", "--role", "auditor")
        result = casebook(data_dir, "users", "enroll", "auditor-lee")
        assert result.returncode == 0, result.stderr
        assert "cbk." not in result.stdout
        _printed_code(result.stdout, "auditor-lee")
        assert casebook(data_dir, "users", "revoke", "auditor-lee").returncode == 0
        listed = casebook(data_dir, "users", "list")
        assert listed.stdout.splitlines() == ["auditor-lee\tauditor\trevoked"]

    def test_there_is_no_command_that_prints_a_users_token(
        self, tmp_path: Path
    ) -> None:
        result = casebook(tmp_path / "data", "users", "token", "dr-novak")
        assert result.returncode == 2
        assert "invalid choice: 'token'" in result.stderr


def _printed_code(stdout: str, user_id: str) -> str:
    first = stdout.splitlines()[0]
    prefix = f"enrollment code for {user_id}: "
    assert first.startswith(prefix), stdout
    return first.removeprefix(prefix)
