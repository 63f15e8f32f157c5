"""What the coherence rules report: observations, findings and the overall status."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from domain.vocabulary import CoherenceStatus, FindingSeverity

SEVERITY_ORDER: tuple[FindingSeverity, ...] = (
    FindingSeverity.ERROR,
    FindingSeverity.WARNING,
    FindingSeverity.INFO,
)


@dataclass(frozen=True)
class Observation:
    """What a rule noticed, before the policy decides how much it matters.

    `variant` names a qualified form of the rule (e.g. "framed") that the policy
    may weigh differently; the finding keeps the rule's own code.
    """

    message: str
    subject: str
    cites: Iterable[int] = ()
    variant: str | None = None


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: FindingSeverity
    message: str
    subject: str
    cites: tuple[int, ...]

    @property
    def sort_key(self) -> tuple[int, str, str, tuple[int, ...]]:
        return (
            SEVERITY_ORDER.index(self.severity),
            self.rule,
            self.subject,
            self.cites,
        )


@dataclass(frozen=True)
class Coherence:
    status: CoherenceStatus
    findings: tuple[Finding, ...]
    policy_version: str


def finding(rule: str, severity: FindingSeverity, seen: Observation) -> Finding:
    """The finding a rule's observation becomes under the severity given."""
    return Finding(
        rule=rule,
        severity=severity,
        message=seen.message,
        subject=seen.subject,
        cites=tuple(sorted(set(seen.cites))),
    )


def status_of(findings: Iterable[Finding]) -> CoherenceStatus:
    """Incoherent if any error, else attention if any warning, else coherent."""
    severities = {f.severity for f in findings}
    if FindingSeverity.ERROR in severities:
        return CoherenceStatus.INCOHERENT
    if FindingSeverity.WARNING in severities:
        return CoherenceStatus.ATTENTION
    return CoherenceStatus.COHERENT
