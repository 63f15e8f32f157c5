"""The technique catalogue and assimilation table: clinical knowledge kept as data."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from domain.exceptions import InvalidValue
from domain.vocabulary import Level, Modality, Phase, School, StageOfChange, Tier


class Compatibility(StrEnum):
    """How a technique of an imported school sits in a home orientation."""

    COMPATIBLE = "compatible"
    NEEDS_FRAMING = "needs_framing"
    CONTRADICTS = "contradicts"


@dataclass(frozen=True)
class Technique:
    id: str
    name: str
    school: School
    tier: Tier
    modalities: frozenset[Modality]
    directive: bool
    min_phase: Phase
    min_stage: StageOfChange | None
    min_mindedness: Level
    reactivity_caution: bool


@dataclass(frozen=True)
class Catalogue:
    techniques: Mapping[str, Technique]
    assimilation: Mapping[tuple[School, School], Compatibility] = field(
        default_factory=dict
    )

    def __contains__(self, technique_id: object) -> bool:
        return technique_id in self.techniques

    def get(self, technique_id: str) -> Technique:
        try:
            return self.techniques[technique_id]
        except KeyError:
            raise InvalidValue(
                "technique", f"{technique_id!r} is not in the technique catalogue"
            ) from None

    def compatibility(self, home: School, imported: School) -> Compatibility:
        """How a technique of `imported` fits a case whose home school is `home`."""
        if imported in (home, School.COMMON):
            return Compatibility.COMPATIBLE
        return self.assimilation[(home, imported)]

    def extended(self, extra: Iterable[Technique]) -> Catalogue:
        """A clinic's catalogue: these entries added to (or replacing) the defaults."""
        techniques = dict(self.techniques)
        techniques.update({technique.id: technique for technique in extra})
        return Catalogue(techniques=techniques, assimilation=self.assimilation)


def default_catalogue() -> Catalogue:
    """The catalogue every clinic starts from."""
    from domain.assimilation import ASSIMILATION
    from domain.catalogue_data import TECHNIQUES

    return Catalogue(
        techniques={technique.id: technique for technique in TECHNIQUES},
        assimilation=ASSIMILATION,
    )
