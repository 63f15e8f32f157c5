"""A small test-local technique catalogue, stable whatever the clinic's data says."""

from __future__ import annotations

from typing import Any

from domain.catalogue import Catalogue, Compatibility, Technique
from domain.vocabulary import Level, Modality, Phase, School, StageOfChange, Tier

M = Modality


def _technique(
    id: str,
    name: str,
    school: School,
    tier: Tier,
    modalities: set[Modality],
    **extra: Any,
) -> Technique:
    fields: dict[str, Any] = {
        "directive": False,
        "min_phase": Phase.STABILIZATION,
        "min_stage": None,
        "min_mindedness": Level.LOW,
        "reactivity_caution": False,
    }
    fields.update(extra)
    return Technique(id, name, school, tier, frozenset(modalities), **fields)


TECHNIQUES = (
    _technique(
        "empathic_reflection",
        "Empathic reflection",
        School.COMMON,
        Tier.RELATIONAL,
        {M.AFFECT, M.INTERPERSONAL},
    ),
    _technique("grounding", "Grounding", School.DBT, Tier.STABILIZATION, {M.SENSATION}),
    _technique(
        "thought_record",
        "Thought record",
        School.COGNITIVE,
        Tier.SKILLS,
        {M.COGNITION},
        min_mindedness=Level.MODERATE,
    ),
    _technique(
        "structured_homework",
        "Structured homework",
        School.BEHAVIORAL,
        Tier.SKILLS,
        {M.BEHAVIOR},
        min_stage=StageOfChange.PREPARATION,
    ),
    _technique(
        "communication_training",
        "Communication training",
        School.SYSTEMIC,
        Tier.SKILLS,
        {M.INTERPERSONAL},
    ),
    _technique(
        "transference_interpretation",
        "Transference interpretation",
        School.PSYCHODYNAMIC,
        Tier.INSIGHT,
        {M.INTERPERSONAL, M.AFFECT},
        min_phase=Phase.PROCESSING,
        min_mindedness=Level.HIGH,
    ),
    _technique(
        "prolonged_exposure",
        "Prolonged exposure",
        School.BEHAVIORAL,
        Tier.EXPOSURE,
        {M.AFFECT, M.IMAGERY},
        min_phase=Phase.PROCESSING,
        reactivity_caution=True,
    ),
    _technique(
        "emdr_reprocessing",
        "EMDR reprocessing",
        School.EMDR,
        Tier.EXPOSURE,
        {M.IMAGERY, M.SENSATION},
        min_phase=Phase.PROCESSING,
    ),
    _technique(
        "meaning_making",
        "Existential meaning-making",
        School.EXISTENTIAL,
        Tier.MEANING,
        {M.COGNITION},
        min_phase=Phase.INTEGRATION,
    ),
)

_SPECIAL = {
    (School.BEHAVIORAL, School.PSYCHODYNAMIC): Compatibility.CONTRADICTS,
    (School.PSYCHODYNAMIC, School.COGNITIVE): Compatibility.NEEDS_FRAMING,
    (School.PSYCHODYNAMIC, School.BEHAVIORAL): Compatibility.NEEDS_FRAMING,
}
CATALOGUE = Catalogue(
    techniques={t.id: t for t in TECHNIQUES},
    assimilation={
        (home, imported): _SPECIAL.get((home, imported), Compatibility.COMPATIBLE)
        for home in School
        for imported in School
    },
)
