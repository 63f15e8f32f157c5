"""A clinic's choices as plain data: its coherence policy and its own techniques."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from domain.catalogue import Catalogue, default_catalogue
from domain.catalogue_config import catalogue_from_config
from domain.coherence.policy import DEFAULT_POLICY, Policy
from domain.coherence.policy_config import policy_from_config
from domain.exceptions import InvalidValue

SECTIONS = ("policy", "techniques")


@dataclass(frozen=True)
class ClinicConfig:
    policy: Policy
    catalogue: Catalogue


def clinic_from_config(
    config: object,
    base_policy: Policy = DEFAULT_POLICY,
    base_catalogue: Catalogue | None = None,
) -> ClinicConfig:
    """The bases revised by a clinic's `[policy]` and `[[techniques]]`, each wrong
    key named by its full path (`policy.severities.SEQ-PHASE`, `techniques[2].tier`).
    """
    if not isinstance(config, Mapping) or not all(isinstance(k, str) for k in config):
        raise InvalidValue("(top level)", "must be an object with string keys")
    for key in config:
        if key not in SECTIONS:
            raise InvalidValue(key, f"is not a section; use {', '.join(SECTIONS)}")
    catalogue = base_catalogue or default_catalogue()
    policy = base_policy
    if "policy" in config:
        policy = _policy(config["policy"], base_policy)
    if "techniques" in config:
        catalogue = catalogue_from_config(config["techniques"], catalogue)
    return ClinicConfig(policy=policy, catalogue=catalogue)


def _policy(section: object, base: Policy) -> Policy:
    if not isinstance(section, Mapping) or not all(isinstance(k, str) for k in section):
        raise InvalidValue("policy", "must be an object with string keys")
    try:
        policy = policy_from_config(section, base)
    except InvalidValue as refused:
        raise InvalidValue(f"policy.{refused.field}", refused.reason) from None
    # Each coherence answer names its policy's version: a changed policy that kept
    # the base's version would be read as the base.
    if policy.version == base.version and policy != base:
        raise InvalidValue(
            "policy.version",
            f"{policy.version!r} is the default policy's; name the clinic's own",
        )
    return policy
