"""Reading a clinic's coherence policy from plain configuration data."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from domain.coherence.policy import (
    DEFAULT_SEVERITIES,
    RISK_THRESHOLDS,
    THRESHOLD_FIELDS,
    Policy,
)
from domain.exceptions import InvalidValue
from domain.values import identifier, parse
from domain.vocabulary import FindingSeverity, Risk, Strategy

SECTIONS = frozenset({"version", "severities", "strategy_severities", "thresholds"})
OFF = "off"


def policy_from_config(config: Mapping[str, Any], base: Policy) -> Policy:
    """`base` revised by a clinic's configuration, naming the field that is wrong."""
    section = _mapping(config, "policy")
    for key in section:
        if key not in SECTIONS:
            raise InvalidValue(str(key), f"is not a policy setting; use {_known()}")
    version = identifier(section.get("version"), "version", max_length=64)
    severities = _severities(section.get("severities", {}), "severities")
    by_strategy: dict[tuple[str, Strategy], FindingSeverity | None] = {}
    strategies = _mapping(section.get("strategy_severities", {}), "strategy_severities")
    for name, rules in strategies.items():
        where = f"strategy_severities.{name}"
        strategy = parse(Strategy, name, where)
        for code, severity in _severities(rules, where).items():
            by_strategy[(code, strategy)] = severity
    thresholds: dict[str, Any] = {}
    for name, value in _mapping(section.get("thresholds", {}), "thresholds").items():
        where = f"thresholds.{name}"
        if name not in THRESHOLD_FIELDS:
            raise InvalidValue(
                where, f"is not a policy threshold; use {THRESHOLD_FIELDS}"
            )
        thresholds[name] = (
            parse(Risk, value, where) if name in RISK_THRESHOLDS else value
        )
    return base.revised(
        version, severities=severities, strategy_severities=by_strategy, **thresholds
    )


def _severities(raw: object, where: str) -> dict[str, FindingSeverity | None]:
    result: dict[str, FindingSeverity | None] = {}
    for code, value in _mapping(raw, where).items():
        field = f"{where}.{code}"
        if code not in DEFAULT_SEVERITIES:
            raise InvalidValue(field, f"unknown rule {code!r}; known rules: {_rules()}")
        result[code] = (
            None if value in (None, OFF) else parse(FindingSeverity, value, field)
        )
    return result


def _mapping(raw: object, where: str) -> Mapping[str, Any]:
    if not isinstance(raw, Mapping) or not all(isinstance(k, str) for k in raw):
        raise InvalidValue(where, "must be an object with string keys")
    return raw


def _known() -> str:
    return ", ".join(sorted(SECTIONS))


def _rules() -> str:
    return ", ".join(DEFAULT_SEVERITIES)
