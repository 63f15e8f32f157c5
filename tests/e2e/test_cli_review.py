"""`casebook replay|diff|export` as a reviewer runs them against the demo clinic."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from fhir.resources.R4B.bundle import Bundle

from application.cases import CaseManagement
from application.settings import Settings
from bootstrap import build_services
from tests import tamper
from tests.e2e.test_cli import casebook, refusal

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data_dir = tmp_path_factory.mktemp("clinic")
    result = casebook(data_dir, "demo")
    assert result.returncode == 0, result.stderr
    return data_dir


def test_replay_shows_each_step_with_the_findings_it_raised_and_resolved(
    demo_dir: Path,
) -> None:
    result = casebook(demo_dir, "replay", "demo-trauma")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    added = lines.index(next(line for line in lines if line.startswith("   7  ")))
    assert (
        "TechniqueAdded: added technique DBT distress tolerance skills" in lines[added]
    )
    assert lines[added + 1].startswith("      -> attention [!], phase stabilization")
    assert lines[added + 2].strip() == (
        "+ RAT-MISSING technique:dbt_distress_tolerance (warning): DBT distress"
        " tolerance skills (stabilization) is active without a rationale."
    )
    assert lines[added + 3].startswith("   8  ")
    assert lines[added + 5].strip().startswith("- RAT-MISSING technique:dbt_")
    assert lines[-1].startswith("      -> coherent [OK], phase integration")


def test_replay_pages_and_prints_json_on_request(demo_dir: Path) -> None:
    result = casebook(
        demo_dir, "replay", "demo-trauma", "--limit", "2", "--offset", "17", "--json"
    )
    assert result.returncode == 0, result.stderr
    page = json.loads(result.stdout)
    assert (page["total"], page["offset"]) == (38, 17)
    assert [s["event_type"] for s in page["items"]] == [
        "PhaseAdvanced",
        "RationaleGiven",
    ]
    assert page["items"][0]["appeared"][0]["subject"] == "phase:processing"


def test_diff_lists_what_changed_between_two_versions(demo_dir: Path) -> None:
    result = casebook(demo_dir, "diff", "demo-trauma", "21", "38")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "Case demo-trauma: version 21 -> 38"
    assert "  phase: processing -> integration" in lines
    assert (
        "  techniques added: Existential meaning-making; removed: EMDR reprocessing"
    ) in lines
    assert "  goal g-memories status: in_progress -> achieved" in lines
    assert any(
        line.startswith("  - SUP-PENDING technique:emdr_reprocessing (info): EMDR")
        for line in lines
    )


def test_export_writes_json_lines_with_an_intact_manifest_to_stdout(
    demo_dir: Path,
) -> None:
    result = casebook(demo_dir, "export", "demo-trauma")
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(records) == 39
    assert records[0]["type"] == "CaseOpened"
    assert records[-1]["record"] == "manifest"
    assert (records[-1]["event_count"], records[-1]["intact"]) == (38, True)


def test_export_writes_a_valid_fhir_bundle_to_a_file(
    demo_dir: Path, tmp_path: Path
) -> None:
    output = tmp_path / "trauma.fhir.json"
    result = casebook(
        demo_dir, "export", "demo-trauma", "--format", "fhir", "--output", str(output)
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"exported demo-trauma as fhir to {output}\n"
    bundle = Bundle.model_validate(json.loads(output.read_text()))
    kinds = [entry.resource.get_resource_type() for entry in bundle.entry]
    assert kinds.count("CarePlan") == 1 and kinds.count("Provenance") == 38


def test_each_read_from_the_shell_is_on_the_access_log(tmp_path: Path) -> None:
    assert casebook(tmp_path, "demo").returncode == 0
    for args in (("replay", "demo-trauma", "--limit", "2"),
                 ("diff", "demo-trauma", "1", "5"),
                 ("export", "demo-trauma", "--format", "fhir")):  # fmt: skip
        assert casebook(tmp_path, *args).returncode == 0
    services = build_services(Settings(data_dir=tmp_path))
    try:
        case_id = services.cases.find_case("demo-trauma")
        rows = services.access_log.every_entry(case_id)
    finally:
        services.close()
    assert [(r["what"], r["version"], r["actor_role"]) for r in rows] == [
        ("cli-replay", 38, "operator"), ("cli-diff", 5, "operator"),
        ("cli-export-fhir", 38, "operator"),
    ]  # fmt: skip
    assert all(r["actor_id"].startswith("cli:") for r in rows)


def test_an_export_after_tampering_says_where_the_history_breaks(
    demo_dir: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(demo_dir, copy)
    shutil.copytree(Settings(data_dir=demo_dir).keys, Settings(data_dir=copy).keys)
    app = CaseManagement(Settings(data_dir=copy))
    try:
        case_id = app.find_case("demo-assimilative")
        tamper.edit_ciphertext(app, case_id, 3)
    finally:
        app.close()
    result = casebook(copy, "export", "demo-assimilative")
    manifest = json.loads(result.stdout.splitlines()[-1])
    assert (manifest["intact"], manifest["first_broken_version"]) == (False, 3)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("replay", "no-such-case"), "case no-such-case does not exist"),
        (("replay", "demo-trauma", "--limit", "0"), "limit: must be from 1 to 500"),
        (("diff", "demo-trauma", "0", "5"), "from: must be 1 or more"),
        (("diff", "demo-trauma", "5", "99"), "to: the case has only 38 versions"),
        (
            ("diff", "demo-trauma", "9", "8"),
            "to: must not be earlier than from (9): diffs read forwards",
        ),
        (
            ("export", "demo-trauma", "--format", "xml"),
            "format: must be one of: jsonl, fhir",
        ),
        (
            ("export", "demo-trauma", "--output", "/nonexistent/dir/x.jsonl"),
            "cannot write /nonexistent/dir/x.jsonl: [Errno 2] No such file or "
            "directory: '/nonexistent/dir/x.jsonl'",
        ),
    ],
)
def test_a_bad_argument_gets_one_line_and_a_non_zero_exit(
    demo_dir: Path, args: tuple[str, ...], message: str
) -> None:
    assert refusal(casebook(demo_dir, *args)) == message
