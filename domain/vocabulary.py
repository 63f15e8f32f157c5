"""The controlled vocabularies of DOMAIN.md, spelled exactly as the API spells them."""

from __future__ import annotations

from enum import Enum, IntEnum, StrEnum
from functools import cache, cached_property
from typing import TypeVar, cast

E = TypeVar("E", bound=Enum)


def member(kind: type[E], value: object) -> E:
    """`kind(value)`, remembered: reading a plan looks up a few hundred members,
    and an enum's own lookup costs several times a cache hit."""
    try:
        return cast(E, _member(kind, value))
    except TypeError:  # unhashable: no cache key, so the enum says why
        return kind(value)


@cache
def _member(kind: type[Enum], value: object) -> Enum:
    # Keyed by the vocabulary: members of a StrEnum compare and hash as their
    # strings, and Level.MODERATE is not Risk.MODERATE. A value that is no
    # member raises each time, as `kind(value)` does: exceptions are not cached.
    return kind(value)


class Strategy(StrEnum):
    TECHNICAL_ECLECTICISM = "technical_eclecticism"
    THEORETICAL_INTEGRATION = "theoretical_integration"
    ASSIMILATIVE_INTEGRATION = "assimilative_integration"
    COMMON_FACTORS = "common_factors"


class School(StrEnum):
    PSYCHODYNAMIC = "psychodynamic"
    COGNITIVE = "cognitive"
    BEHAVIORAL = "behavioral"
    DBT = "dbt"
    HUMANISTIC = "humanistic"
    EXISTENTIAL = "existential"
    SYSTEMIC = "systemic"
    EMDR = "emdr"
    COMMON = "common"


class Modality(StrEnum):
    """Lazarus' BASIC I.D."""

    BEHAVIOR = "behavior"
    AFFECT = "affect"
    SENSATION = "sensation"
    IMAGERY = "imagery"
    COGNITION = "cognition"
    INTERPERSONAL = "interpersonal"
    DRUGS_BIOLOGY = "drugs_biology"


class Severity(IntEnum):
    NONE = 0
    MILD = 1
    MODERATE = 2
    SEVERE = 3
    EXTREME = 4


class _Ordered(StrEnum):
    """A vocabulary whose declaration order is its clinical order."""

    @cached_property
    def rank(self) -> int:
        """Kept on the member once worked out: the coherence rules compare ranks
        about a hundred times a plan."""
        return list(type(self)).index(self)


class StageOfChange(_Ordered):
    PRECONTEMPLATION = "precontemplation"
    CONTEMPLATION = "contemplation"
    PREPARATION = "preparation"
    ACTION = "action"
    MAINTENANCE = "maintenance"


class RelationalStyle(StrEnum):
    SECURE = "secure"
    ANXIOUS = "anxious"
    AVOIDANT = "avoidant"
    DISORGANIZED = "disorganized"


class LearningStyle(StrEnum):
    COGNITIVE = "cognitive"
    EXPERIENTIAL = "experiential"
    BEHAVIORAL = "behavioral"


class Level(_Ordered):
    """Psychological mindedness and emotional reactivity."""

    LOW = "low"
    MODERATE = "moderate"
    HIGH = "high"


class Risk(_Ordered):
    NONE = "none"
    LOW = "low"
    MODERATE = "moderate"
    HIGH = "high"
    IMMINENT = "imminent"


class Phase(_Ordered):
    STABILIZATION = "stabilization"
    PROCESSING = "processing"
    INTEGRATION = "integration"


class Tier(StrEnum):
    RELATIONAL = "relational"
    STABILIZATION = "stabilization"
    SKILLS = "skills"
    INSIGHT = "insight"
    EXPOSURE = "exposure"
    MEANING = "meaning"


DEEP_TIERS = frozenset({Tier.INSIGHT, Tier.EXPOSURE})
"""Tiers that presume stabilization, safety and a working alliance."""


class Instrument(StrEnum):
    WAI_SR = "wai_sr"
    SRS = "srs"
    ORS = "ors"


ALLIANCE_INSTRUMENTS = frozenset({Instrument.WAI_SR, Instrument.SRS})
OUTCOME_INSTRUMENTS = frozenset({Instrument.ORS})
SCORE_RANGES: dict[Instrument, tuple[int, int]] = {
    Instrument.WAI_SR: (12, 60),
    Instrument.SRS: (0, 40),
    Instrument.ORS: (0, 40),
}


class SignatureMeaning(StrEnum):
    """21 CFR 11.50: what a signature means."""

    AUTHORED = "authored"
    REVIEWED = "reviewed"
    APPROVED = "approved"


class SignatureOutcome(StrEnum):
    APPROVED = "approved"
    EDITS_REQUESTED = "edits_requested"


class GoalStatus(StrEnum):
    IN_PROGRESS = "in_progress"
    ACHIEVED = "achieved"
    REVISED = "revised"
    DROPPED = "dropped"


class ClosingReason(StrEnum):
    COMPLETED = "completed"
    DROPPED_OUT = "dropped_out"
    REFERRED = "referred"
    OTHER = "other"


class Role(StrEnum):
    CLINICIAN = "clinician"
    SUPERVISOR = "supervisor"
    AUDITOR = "auditor"
    ADMIN = "admin"


class RationaleSubject(StrEnum):
    TECHNIQUE = "technique"
    PHASE = "phase"
    STRATEGY = "strategy"


class FindingSeverity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class CoherenceStatus(StrEnum):
    COHERENT = "coherent"
    ATTENTION = "attention"
    INCOHERENT = "incoherent"
