"""The coherence policy: severities and thresholds as versioned, tunable data."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Any

from domain.exceptions import InvalidValue
from domain.values import integer, parse
from domain.vocabulary import FindingSeverity, Risk, School, Strategy

ERROR, WARNING, INFO = (
    FindingSeverity.ERROR,
    FindingSeverity.WARNING,
    FindingSeverity.INFO,
)

Severities = Mapping[str, FindingSeverity | None]
StrategySeverities = Mapping[tuple[str, Strategy], FindingSeverity | None]


def variant_code(rule: str, variant: str) -> str:
    """The policy key of a qualified form of a rule, e.g. "META-CONTRADICTS/framed"."""
    return f"{rule}/{variant}"


DEFAULT_SEVERITIES: Severities = MappingProxyType(
    {
        "SEQ-PHASE": ERROR,
        "SEQ-RISK": ERROR,
        "SEQ-ADVANCE": WARNING,
        "FIT-NO-ASSESSMENT": WARNING,
        "FIT-STAGE": WARNING,
        "FIT-MINDEDNESS": WARNING,
        "FIT-REACTIVITY": WARNING,
        "RAT-MISSING": WARNING,
        "RAT-NO-GOAL": WARNING,
        "RAT-NOT-EXPLAINED": INFO,
        "GOAL-NONE": WARNING,
        "META-CONTRADICTS": ERROR,
        variant_code("META-CONTRADICTS", "framed"): WARNING,
        "META-UNFRAMED": WARNING,
        "META-OUTSIDE": ERROR,
        "META-UNTARGETED": WARNING,
        "META-ECLECTIC": WARNING,
        "CF-UNMEASURED": WARNING,
        "CF-LOW-ALLIANCE": WARNING,
        "SUP-PENDING": INFO,
    }
)
"""Every rule code (and qualified variant) the policy knows, with its default."""

DEFAULT_STRATEGY_SEVERITIES: StrategySeverities = MappingProxyType(
    {("CF-UNMEASURED", Strategy.COMMON_FACTORS): ERROR}
)

# Inclusive bounds of each integer threshold, checked whenever a policy is built.
INTEGER_THRESHOLDS: Mapping[str, tuple[int, int]] = MappingProxyType(
    {
        "unmeasured_sessions": (1, 1000),
        "srs_low_at_most": (0, 40),
        "wai_sr_low_below": (12, 61),
        "eclectic_max_schools": (1, len(School) - 1),
        "untargeted_below_severity": (0, 4),
    }
)
RISK_THRESHOLDS = ("advance_risk_at_least", "deep_work_risk_at_least")
THRESHOLD_FIELDS = (*INTEGER_THRESHOLDS, *RISK_THRESHOLDS)


@dataclass(frozen=True)
class Policy:
    version: str
    severities: Severities = field(default_factory=lambda: DEFAULT_SEVERITIES)
    strategy_severities: StrategySeverities = field(
        default_factory=lambda: DEFAULT_STRATEGY_SEVERITIES
    )
    unmeasured_sessions: int = 3
    srs_low_at_most: int = 36
    wai_sr_low_below: int = 36
    eclectic_max_schools: int = 3
    untargeted_below_severity: int = 2
    advance_risk_at_least: Risk = Risk.HIGH
    deep_work_risk_at_least: Risk = Risk.HIGH

    def __post_init__(self) -> None:
        if not isinstance(self.version, str) or not self.version.strip():
            raise InvalidValue("version", "a policy needs a non-empty version")
        severities = {**DEFAULT_SEVERITIES, **self.severities}
        for code, severity in severities.items():
            _check_severity(f"severities.{code}", code, severity)
        for (code, strategy), severity in self.strategy_severities.items():
            parse(Strategy, strategy, f"strategy_severities.{strategy}")
            _check_severity(f"strategy_severities.{strategy}.{code}", code, severity)
        for name, (low, high) in INTEGER_THRESHOLDS.items():
            integer(getattr(self, name), f"thresholds.{name}", low, high)
        for name in RISK_THRESHOLDS:
            if not isinstance(getattr(self, name), Risk):
                raise InvalidValue(f"thresholds.{name}", "must be a risk level")
        object.__setattr__(self, "severities", MappingProxyType(severities))
        object.__setattr__(
            self,
            "strategy_severities",
            MappingProxyType(dict(self.strategy_severities)),
        )

    def severity_for(self, rule: str, strategy: Strategy) -> FindingSeverity | None:
        """How much `rule` matters in a case of `strategy`; None means switched off."""
        if (rule, strategy) in self.strategy_severities:
            return self.strategy_severities[(rule, strategy)]
        try:
            return self.severities[rule]
        except KeyError:
            raise InvalidValue("rule", f"{rule!r} is not a coherence rule") from None

    def revised(
        self,
        version: str,
        *,
        severities: Severities | None = None,
        strategy_severities: StrategySeverities | None = None,
        **thresholds: Any,
    ) -> Policy:
        """A new policy version: these severities and thresholds changed, the rest kept.

        `policy.revised("clinic-1", severities={"SEQ-PHASE": WARNING})` relaxes
        "stabilization first" into a warning; a severity of None switches a rule off.
        """
        for name in sorted(set(thresholds) - set(THRESHOLD_FIELDS)):
            raise InvalidValue(f"thresholds.{name}", "is not a policy threshold")
        return replace(
            self,
            version=version,
            severities={**self.severities, **(severities or {})},
            strategy_severities={
                **self.strategy_severities,
                **(strategy_severities or {}),
            },
            **thresholds,
        )


def _check_severity(field_name: str, code: str, severity: object) -> None:
    if code not in DEFAULT_SEVERITIES:
        known = ", ".join(DEFAULT_SEVERITIES)
        raise InvalidValue(field_name, f"unknown rule {code!r}; known rules: {known}")
    if severity is not None and not isinstance(severity, FindingSeverity):
        raise InvalidValue(field_name, "must be error, warning, info or off")


DEFAULT_POLICY = Policy(version="2026.1")
