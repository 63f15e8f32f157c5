"""The policy: severities and thresholds a clinic can tune, as versioned data."""

from __future__ import annotations

from typing import Any

import pytest

from domain.coherence import DEFAULT_POLICY, Policy, assess
from domain.coherence.policy import THRESHOLD_FIELDS
from domain.coherence.policy_config import policy_from_config
from domain.exceptions import InvalidValue
from domain.vocabulary import (
    CoherenceStatus,
    FindingSeverity,
    Risk,
    School,
    Strategy,
)
from tests.unit.coherence.builders import (
    adding,
    assimilative,
    of_rule,
    plan,
    session,
)
from tests.unit.coherence.local_catalogue import CATALOGUE

WARNING = FindingSeverity.WARNING


def from_config(config: dict[str, Any]) -> Policy:
    return policy_from_config(config, DEFAULT_POLICY)


def config_of(policy: Policy) -> dict[str, Any]:
    """The configuration data that reads back into `policy`."""

    def named(severity: FindingSeverity | None) -> str | None:
        return None if severity is None else severity.value

    by_strategy: dict[str, dict[str, str | None]] = {}
    for (code, strategy), severity in policy.strategy_severities.items():
        by_strategy.setdefault(strategy.value, {})[code] = named(severity)
    thresholds = {name: getattr(policy, name) for name in THRESHOLD_FIELDS}
    return {
        "version": policy.version,
        "severities": {code: named(s) for code, s in policy.severities.items()},
        "strategy_severities": by_strategy,
        "thresholds": {
            name: value.value if isinstance(value, Risk) else value
            for name, value in thresholds.items()
        },
    }


class TestDefaults:
    def test_the_default_policy_is_versioned(self) -> None:
        assert DEFAULT_POLICY.version == "2026.1"

    def test_seq_phase_is_an_error_by_default(self) -> None:
        severity = DEFAULT_POLICY.severity_for("SEQ-PHASE", Strategy.COMMON_FACTORS)

        assert severity is FindingSeverity.ERROR

    def test_cf_unmeasured_is_an_error_only_under_common_factors(self) -> None:
        policy = DEFAULT_POLICY

        assert policy.severity_for("CF-UNMEASURED", Strategy.COMMON_FACTORS) == "error"
        assert (
            policy.severity_for("CF-UNMEASURED", Strategy.TECHNICAL_ECLECTICISM)
            is WARNING
        )

    def test_asking_for_an_unknown_rule_names_it(self) -> None:
        with pytest.raises(InvalidValue, match="SEQ-NOPE"):
            DEFAULT_POLICY.severity_for("SEQ-NOPE", Strategy.COMMON_FACTORS)


class TestRevising:
    def test_relaxing_stabilization_first_makes_the_case_need_attention(self) -> None:
        early = adding(plan(), "prolonged_exposure", 6)
        relaxed = DEFAULT_POLICY.revised("clinic-1", severities={"SEQ-PHASE": WARNING})

        strict = assess(early, CATALOGUE)
        lenient = assess(early, CATALOGUE, relaxed)

        assert strict.status is CoherenceStatus.INCOHERENT
        assert lenient.status is CoherenceStatus.ATTENTION
        assert [f.severity for f in of_rule(lenient, "SEQ-PHASE")] == [WARNING]
        assert lenient.policy_version == "clinic-1"

    def test_a_rule_switched_off_reports_nothing(self) -> None:
        policy = DEFAULT_POLICY.revised("quiet", severities={"SUP-PENDING": None})

        coherence = assess(adding(plan(), "prolonged_exposure", 6), CATALOGUE, policy)

        assert of_rule(coherence, "SUP-PENDING") == ()
        assert of_rule(coherence, "SEQ-PHASE") != ()

    def test_framed_contradictions_can_be_switched_off_alone(self) -> None:
        policy = DEFAULT_POLICY.revised(
            "framing-accepted", severities={"META-CONTRADICTS/framed": None}
        )
        case = assimilative(
            School.BEHAVIORAL, "transference_interpretation", framed=True
        )

        assert of_rule(assess(case, CATALOGUE, policy), "META-CONTRADICTS") == ()

    def test_a_threshold_can_be_tuned(self) -> None:
        policy = DEFAULT_POLICY.revised("patient", unmeasured_sessions=4)
        case = plan(sessions=(session(6), session(7), session(8)))

        assert of_rule(assess(case, CATALOGUE, policy), "CF-UNMEASURED") == ()

    def test_revising_leaves_the_original_untouched(self) -> None:
        DEFAULT_POLICY.revised("other", severities={"SEQ-PHASE": None})

        assert DEFAULT_POLICY.severities["SEQ-PHASE"] is FindingSeverity.ERROR

    def test_an_unknown_threshold_is_refused(self) -> None:
        with pytest.raises(InvalidValue) as refused:
            DEFAULT_POLICY.revised("x", max_everything=3)

        assert refused.value.field == "thresholds.max_everything"

    def test_an_out_of_range_threshold_is_refused(self) -> None:
        with pytest.raises(InvalidValue) as refused:
            Policy(version="x", srs_low_at_most=41)

        assert refused.value.field == "thresholds.srs_low_at_most"


class TestFromConfig:
    def test_a_clinic_configuration_relaxes_and_switches_off(self) -> None:
        policy = from_config(
            {
                "version": "clinic-7.2",
                "severities": {"SEQ-PHASE": "warning", "SUP-PENDING": "off"},
                "strategy_severities": {"common_factors": {"CF-LOW-ALLIANCE": "error"}},
                "thresholds": {"deep_work_risk_at_least": "imminent"},
            }
        )

        assert policy.version == "clinic-7.2"
        assert policy.severities["SEQ-PHASE"] is WARNING
        assert policy.severities["SUP-PENDING"] is None
        assert (
            policy.severity_for("CF-LOW-ALLIANCE", Strategy.COMMON_FACTORS) == "error"
        )
        assert policy.severity_for("CF-UNMEASURED", Strategy.COMMON_FACTORS) == "error"
        assert policy.deep_work_risk_at_least is Risk.IMMINENT
        assert policy.severities["RAT-MISSING"] is WARNING

    def test_an_unknown_rule_is_refused_naming_the_field(self) -> None:
        with pytest.raises(InvalidValue) as refused:
            from_config({"version": "x", "severities": {"SEQ-NOPE": "error"}})

        assert refused.value.field == "severities.SEQ-NOPE"
        assert "unknown rule" in refused.value.reason

    def test_an_unknown_severity_is_refused_naming_the_field(self) -> None:
        with pytest.raises(InvalidValue) as refused:
            from_config({"version": "x", "severities": {"SEQ-PHASE": "fatal"}})

        assert refused.value.field == "severities.SEQ-PHASE"

    def test_an_unknown_strategy_is_refused_naming_the_field(self) -> None:
        config = {"version": "x", "strategy_severities": {"cbt": {"SEQ-PHASE": "info"}}}

        with pytest.raises(InvalidValue) as refused:
            from_config(config)

        assert refused.value.field == "strategy_severities.cbt"

    def test_a_bad_threshold_is_refused_naming_the_field(self) -> None:
        config = {"version": "x", "thresholds": {"unmeasured_sessions": "three"}}

        with pytest.raises(InvalidValue) as refused:
            from_config(config)

        assert refused.value.field == "thresholds.unmeasured_sessions"

    def test_a_version_is_required(self) -> None:
        with pytest.raises(InvalidValue) as refused:
            from_config({"severities": {}})

        assert refused.value.field == "version"

    def test_an_unknown_setting_is_refused(self) -> None:
        with pytest.raises(InvalidValue) as refused:
            from_config({"version": "x", "severity": {}})

        assert refused.value.field == "severity"

    def test_a_policy_reads_back_from_its_own_configuration(self) -> None:
        policy = DEFAULT_POLICY.revised(
            "clinic-3",
            severities={"SEQ-PHASE": WARNING, "SUP-PENDING": None},
            advance_risk_at_least=Risk.MODERATE,
        )

        assert from_config(config_of(policy)) == policy
