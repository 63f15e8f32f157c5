"""A clinic's configuration file: its policy and its own techniques, or a refusal."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from adapters.clinic_config import ClinicConfig, load_clinic_config
from domain.catalogue import default_catalogue
from domain.coherence import DEFAULT_POLICY, assess
from domain.exceptions import InvalidValue
from domain.vocabulary import CoherenceStatus, FindingSeverity, Phase, School, Tier
from tests.unit.coherence.builders import adding, of_rule, plan
from tests.unit.coherence.local_catalogue import CATALOGUE

RELAXED_TOML = """
[policy]
version = "clinic-2026-1"

[policy.severities]
SEQ-PHASE = "warning"
"""

SANDTRAY_TOML = """
[[techniques]]
id = "sandtray"
name = "Sandtray work"
school = "humanistic"
tier = "insight"
modalities = ["imagery", "affect"]
min_phase = "processing"
min_mindedness = "moderate"
"""

SANDTRAY = {
    "id": "sandtray",
    "name": "Sandtray work",
    "school": "humanistic",
    "tier": "insight",
    "modalities": ["imagery", "affect"],
    "min_phase": "processing",
}


def write(tmp_path: Path, name: str, content: str) -> Path:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    return path


def refusal(path: Path) -> InvalidValue:
    with pytest.raises(InvalidValue) as refused:
        load_clinic_config(path)
    assert str(path) in refused.value.message
    return refused.value


class TestAClinicPolicy:
    def test_relaxing_stabilization_first_turns_incoherent_into_attention(
        self, tmp_path: Path
    ) -> None:
        exposure_too_early = adding(plan(), "prolonged_exposure", 6)
        config = load_clinic_config(write(tmp_path, "clinic.toml", RELAXED_TOML))

        before = assess(exposure_too_early, CATALOGUE, DEFAULT_POLICY)
        after = assess(exposure_too_early, CATALOGUE, config.policy)

        assert before.status is CoherenceStatus.INCOHERENT
        assert after.status is CoherenceStatus.ATTENTION
        (relaxed,) = of_rule(after, "SEQ-PHASE")
        assert relaxed.severity is FindingSeverity.WARNING

    def test_each_answer_names_the_clinic_policy_version(self, tmp_path: Path) -> None:
        config = load_clinic_config(write(tmp_path, "clinic.toml", RELAXED_TOML))

        assert assess(plan(), CATALOGUE, config.policy).policy_version == (
            "clinic-2026-1"
        )

    def test_a_file_without_a_policy_keeps_the_default(self, tmp_path: Path) -> None:
        config = load_clinic_config(write(tmp_path, "clinic.toml", SANDTRAY_TOML))

        assert config.policy == DEFAULT_POLICY

    def test_an_empty_file_is_the_defaults(self, tmp_path: Path) -> None:
        config = load_clinic_config(write(tmp_path, "clinic.toml", ""))

        assert config == ClinicConfig(DEFAULT_POLICY, default_catalogue())


class TestACatalogueExtension:
    def test_the_rules_know_a_clinic_technique(self, tmp_path: Path) -> None:
        config = load_clinic_config(write(tmp_path, "clinic.toml", SANDTRAY_TOML))
        sandtray_too_early = adding(plan(), "sandtray", 6)

        (finding,) = of_rule(
            assess(sandtray_too_early, config.catalogue, config.policy), "SEQ-PHASE"
        )

        assert finding.subject == "technique:sandtray"
        assert "Sandtray work (insight)" in finding.message
        assert (
            of_rule(assess(sandtray_too_early, default_catalogue()), "SEQ-PHASE") == ()
        )

    def test_the_entry_keeps_every_field_and_the_defaults_stay(
        self, tmp_path: Path
    ) -> None:
        config = load_clinic_config(write(tmp_path, "clinic.toml", SANDTRAY_TOML))
        sandtray = config.catalogue.get("sandtray")

        assert (sandtray.school, sandtray.tier, sandtray.min_phase) == (
            School.HUMANISTIC,
            Tier.INSIGHT,
            Phase.PROCESSING,
        )
        assert (sandtray.directive, sandtray.min_stage) == (False, None)
        assert len(config.catalogue.techniques) == (
            len(default_catalogue().techniques) + 1
        )


class TestFileFormats:
    def test_json_reads_as_toml_does(self, tmp_path: Path) -> None:
        both = json.dumps(
            {
                "policy": {
                    "version": "clinic-2026-1",
                    "severities": {"SEQ-PHASE": "warning"},
                },
                "techniques": [SANDTRAY | {"min_mindedness": "moderate"}],
            }
        )
        from_json = load_clinic_config(write(tmp_path, "clinic.json", both))
        from_toml = load_clinic_config(
            write(tmp_path, "clinic.toml", RELAXED_TOML + SANDTRAY_TOML)
        )

        assert from_json == from_toml

    def test_a_rule_switched_off_in_json_uses_null(self, tmp_path: Path) -> None:
        config = {"policy": {"version": "c1", "severities": {"SUP-PENDING": None}}}
        path = write(tmp_path, "clinic.json", json.dumps(config))

        assert load_clinic_config(path).policy.severities["SUP-PENDING"] is None


def refused_toml(tmp_path: Path, content: str) -> InvalidValue:
    return refusal(write(tmp_path, "clinic.toml", content))


def refused_json(tmp_path: Path, config: Any) -> InvalidValue:
    return refusal(write(tmp_path, "clinic.json", json.dumps(config)))


class TestABadFileIsRefused:
    def test_an_unknown_severity(self, tmp_path: Path) -> None:
        refused = refused_toml(tmp_path, RELAXED_TOML.replace('"warning"', '"fatal"'))

        assert refused.field.endswith(": policy.severities.SEQ-PHASE")
        assert "'fatal' is not one of" in refused.reason

    def test_an_unknown_rule(self, tmp_path: Path) -> None:
        refused = refused_toml(tmp_path, RELAXED_TOML.replace("SEQ-PHASE", "SEQ-NOPE"))

        assert refused.field.endswith(": policy.severities.SEQ-NOPE")
        assert "unknown rule 'SEQ-NOPE'" in refused.reason

    def test_an_unknown_section(self, tmp_path: Path) -> None:
        refused = refused_toml(tmp_path, RELAXED_TOML + "\n[colours]\nred = 1\n")

        assert refused.field.endswith(": colours")
        assert "is not a section" in refused.reason

    def test_an_unknown_policy_setting(self, tmp_path: Path) -> None:
        refused = refused_json(tmp_path, {"policy": {"version": "c1", "severity": {}}})

        assert refused.field.endswith(": policy.severity")

    def test_a_policy_without_a_version(self, tmp_path: Path) -> None:
        refused = refused_json(tmp_path, {"policy": {"severities": {}}})

        assert refused.field.endswith(": policy.version")

    def test_a_changed_policy_that_keeps_the_default_version(
        self, tmp_path: Path
    ) -> None:
        refused = refused_toml(
            tmp_path, RELAXED_TOML.replace("clinic-2026-1", DEFAULT_POLICY.version)
        )

        assert refused.field.endswith(": policy.version")

    def test_a_technique_of_an_unknown_school(self, tmp_path: Path) -> None:
        jungian = SANDTRAY | {"id": "active_imagination", "school": "jungian"}
        refused = refused_json(tmp_path, {"techniques": [SANDTRAY, jungian]})

        assert refused.field.endswith(": techniques[1].school")
        assert "'jungian' is not one of" in refused.reason

    def test_a_technique_that_repeats_a_default_id(self, tmp_path: Path) -> None:
        refused = refused_json(
            tmp_path, {"techniques": [SANDTRAY | {"id": "grounding"}]}
        )

        assert refused.field.endswith(": techniques[0].id")
        assert "already in the technique catalogue" in refused.reason

    def test_a_technique_listed_twice(self, tmp_path: Path) -> None:
        refused = refused_json(tmp_path, {"techniques": [SANDTRAY, SANDTRAY]})

        assert refused.field.endswith(": techniques[1].id")
        assert "techniques[0]" in refused.reason

    @pytest.mark.parametrize(
        ("change", "key"),
        [
            ({"colour": "red"}, "colour"),
            ({"directive": "yes"}, "directive"),
            ({"modalities": "affect"}, "modalities"),
            ({"modalities": ["affect", "smell"]}, "modalities[1]"),
            ({"id": "Sand Tray"}, "id"),
            ({"min_stage": "ready"}, "min_stage"),
        ],
    )
    def test_a_bad_technique_field(
        self, tmp_path: Path, change: dict[str, Any], key: str
    ) -> None:
        refused = refused_json(tmp_path, {"techniques": [SANDTRAY | change]})

        assert refused.field.endswith(f": techniques[0].{key}")

    def test_a_technique_without_a_tier(self, tmp_path: Path) -> None:
        entry = {k: v for k, v in SANDTRAY.items() if k != "tier"}
        refused = refused_json(tmp_path, {"techniques": [entry]})

        assert refused.field.endswith(": techniques[0].tier")
        assert refused.reason == "is required"

    def test_malformed_toml_names_the_line(self, tmp_path: Path) -> None:
        refused = refused_toml(tmp_path, '[policy]\nversion = "c1\n')

        assert "is not well-formed" in refused.reason
        assert "line 2" in refused.reason

    def test_malformed_json(self, tmp_path: Path) -> None:
        refused = refusal(write(tmp_path, "clinic.json", '{"policy": '))

        assert "is not well-formed" in refused.reason

    def test_a_json_key_given_twice(self, tmp_path: Path) -> None:
        path = write(tmp_path, "clinic.json", '{"policy": {}, "policy": {}}')

        assert refusal(path).field.endswith(": policy")

    def test_a_missing_file(self, tmp_path: Path) -> None:
        refused = refusal(tmp_path / "absent.toml")

        assert "cannot be read" in refused.reason

    def test_a_file_of_another_kind(self, tmp_path: Path) -> None:
        refused = refusal(write(tmp_path, "clinic.yaml", "policy: {}"))

        assert ".toml or .json" in refused.reason
