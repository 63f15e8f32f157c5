"""A clinic's policy file, set by CASEBOOK_POLICY_FILE, as the service runs it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e.test_cli import casebook as default_casebook
from tests.e2e.test_cli import refusal

pytestmark = pytest.mark.slow

RELAXED = """
[policy]
version = "clinic-relaxed-1"

[policy.severities]
SEQ-PHASE = "warning"
SEQ-RISK = "warning"
"""


def casebook(
    data_dir: Path, policy: Path, *args: str
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CASEBOOK_POLICY_FILE": str(policy)}
    return subprocess.run(
        [sys.executable, "-m", "cli.main", "--data-dir", str(data_dir), *args],
        capture_output=True, text=True, timeout=120, check=False, env=env,
    )  # fmt: skip


def test_a_relaxed_policy_turns_exposure_during_stabilization_into_a_warning(
    tmp_path: Path,
) -> None:
    policy = tmp_path / "clinic.toml"
    policy.write_text(RELAXED)
    assert casebook(tmp_path / "data", policy, "demo").returncode == 0
    plan = casebook(tmp_path / "data", policy, "plan", "demo-sequencing")
    assert plan.returncode == 0, plan.stderr
    assert "Coherence: attention" in plan.stdout
    assert "warning SEQ-PHASE" in plan.stdout
    assert "(policy clinic-relaxed-1)" in plan.stdout
    default = default_casebook(tmp_path / "data", "plan", "demo-sequencing")
    assert "Coherence: incoherent" in default.stdout
    assert "error   SEQ-PHASE" in default.stdout


def test_a_bad_policy_file_is_refused_at_start_naming_the_key(tmp_path: Path) -> None:
    policy = tmp_path / "clinic.toml"
    policy.write_text(RELAXED.replace('"warning"', '"loud"'))
    for command in (("cases",), ("serve", "--bind", "127.0.0.1:0")):
        message = refusal(casebook(tmp_path / "data", policy, *command))
        assert "SEQ-PHASE" in message
        assert str(policy) in message
