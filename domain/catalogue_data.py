"""The default technique catalogue: every clinic starts from these entries."""

from __future__ import annotations

from domain.catalogue import Technique
from domain.vocabulary import Level, Modality, Phase, School, StageOfChange, Tier

_STABILIZATION = Phase.STABILIZATION
_PROCESSING = Phase.PROCESSING
_INTEGRATION = Phase.INTEGRATION
_CONTEMPLATION = StageOfChange.CONTEMPLATION
_PREPARATION = StageOfChange.PREPARATION
_ACTION = StageOfChange.ACTION


def _t(
    technique_id: str,
    name: str,
    school: School,
    tier: Tier,
    modalities: str,
    *,
    directive: bool = False,
    phase: Phase = _STABILIZATION,
    stage: StageOfChange | None = None,
    mindedness: Level = Level.LOW,
    caution: bool = False,
) -> Technique:
    return Technique(
        id=technique_id,
        name=name,
        school=school,
        tier=tier,
        modalities=frozenset(Modality(word) for word in modalities.split()),
        directive=directive,
        min_phase=phase,
        min_stage=stage,
        min_mindedness=mindedness,
        reactivity_caution=caution,
    )


# One entry per row reads as a table; the formatter would explode each into ten.
# fmt: off
TECHNIQUES: tuple[Technique, ...] = (
    # Relational: the common factors every school relies on; usable with anyone.
    _t("empathic_reflection", "Empathic reflection", School.COMMON, Tier.RELATIONAL,
       "affect interpersonal"),
    _t("collaborative_goal_setting", "Collaborative goal setting", School.COMMON,
       Tier.RELATIONAL, "cognition behavior interpersonal"),
    _t("alliance_repair", "Alliance rupture repair", School.COMMON, Tier.RELATIONAL,
       "interpersonal affect"),
    _t("psychoeducation", "Psychoeducation", School.COMMON, Tier.RELATIONAL,
       "cognition drugs_biology", directive=True),
    # Stage-matched by design: it is how precontemplators are met, not moved.
    _t("motivational_interviewing", "Motivational interviewing", School.COMMON,
       Tier.RELATIONAL, "cognition affect behavior"),
    # Stabilization: safety and affect regulation, which must precede deep work.
    _t("grounding", "Grounding", School.COMMON, Tier.STABILIZATION,
       "sensation affect", directive=True),
    _t("safety_planning", "Safety planning", School.COMMON, Tier.STABILIZATION,
       "behavior interpersonal cognition", directive=True),
    _t("containment_imagery", "Containment imagery", School.EMDR, Tier.STABILIZATION,
       "imagery affect", directive=True),
    _t("resource_installation", "Resource development and installation", School.EMDR,
       Tier.STABILIZATION, "imagery affect sensation", directive=True),
    _t("dbt_distress_tolerance", "DBT distress tolerance skills", School.DBT,
       Tier.STABILIZATION, "behavior affect sensation", directive=True),
    _t("dbt_emotion_regulation", "DBT emotion regulation skills", School.DBT,
       Tier.STABILIZATION, "affect behavior drugs_biology", directive=True),
    _t("relaxation_training", "Relaxation training", School.BEHAVIORAL,
       Tier.STABILIZATION, "sensation affect drugs_biology", directive=True),
    # Skills: structured learning; behaviour change presumes readiness to act.
    _t("thought_record", "Thought record", School.COGNITIVE, Tier.SKILLS,
       "cognition affect", directive=True, stage=_CONTEMPLATION),
    _t("cognitive_restructuring", "Cognitive restructuring", School.COGNITIVE,
       Tier.SKILLS, "cognition affect", directive=True, stage=_CONTEMPLATION),
    _t("behavioural_activation", "Behavioural activation", School.BEHAVIORAL,
       Tier.SKILLS, "behavior affect", directive=True, stage=_ACTION),
    _t("structured_homework", "Structured homework", School.COGNITIVE, Tier.SKILLS,
       "behavior cognition", directive=True, stage=_PREPARATION),
    _t("problem_solving", "Problem-solving training", School.COGNITIVE, Tier.SKILLS,
       "cognition behavior", directive=True, stage=_CONTEMPLATION),
    _t("communication_training", "Communication training", School.BEHAVIORAL,
       Tier.SKILLS, "interpersonal behavior", directive=True, stage=_PREPARATION),
    _t("ibct_behaviour_exchange", "IBCT behaviour exchange", School.BEHAVIORAL,
       Tier.SKILLS, "behavior interpersonal", directive=True, stage=_ACTION),
    _t("mindfulness_skills", "Mindfulness skills", School.DBT, Tier.SKILLS,
       "sensation cognition affect", directive=True),
    _t("dbt_interpersonal_skills", "DBT interpersonal effectiveness skills",
       School.DBT, Tier.SKILLS, "interpersonal behavior", directive=True,
       stage=_CONTEMPLATION),
    _t("chain_analysis", "Behavioural chain analysis", School.DBT, Tier.SKILLS,
       "behavior cognition affect", directive=True, stage=_CONTEMPLATION),
    _t("play_therapy_verbalization", "Play therapy with verbalization",
       School.HUMANISTIC, Tier.SKILLS, "affect imagery behavior interpersonal"),
    _t("structural_enactment", "Structural enactment", School.SYSTEMIC, Tier.SKILLS,
       "interpersonal behavior", directive=True, stage=_CONTEMPLATION),
    # Insight: needs processing phase and enough psychological mindedness.
    _t("transference_interpretation", "Transference interpretation",
       School.PSYCHODYNAMIC, Tier.INSIGHT, "interpersonal affect cognition",
       phase=_PROCESSING, stage=_CONTEMPLATION, mindedness=Level.HIGH, caution=True),
    _t("defence_analysis", "Defence analysis", School.PSYCHODYNAMIC, Tier.INSIGHT,
       "cognition affect", phase=_PROCESSING, stage=_CONTEMPLATION,
       mindedness=Level.MODERATE),
    _t("dream_work", "Dream work", School.PSYCHODYNAMIC, Tier.INSIGHT,
       "imagery affect", phase=_PROCESSING, mindedness=Level.MODERATE),
    # Mentalization is built for clients who mentalize poorly, hence no caution.
    _t("mentalization", "Mentalization-based exploration", School.PSYCHODYNAMIC,
       Tier.INSIGHT, "interpersonal affect cognition", phase=_PROCESSING,
       mindedness=Level.MODERATE),
    _t("rfp_c_interpretation", "RFP-C regulation-focused interpretation",
       School.PSYCHODYNAMIC, Tier.INSIGHT, "affect behavior interpersonal",
       phase=_PROCESSING, mindedness=Level.MODERATE),
    _t("schema_exploration", "Schema exploration", School.COGNITIVE, Tier.INSIGHT,
       "cognition affect interpersonal", directive=True, phase=_PROCESSING,
       stage=_CONTEMPLATION, mindedness=Level.MODERATE),
    _t("experiential_focusing", "Experiential focusing", School.HUMANISTIC,
       Tier.INSIGHT, "sensation affect imagery", phase=_PROCESSING,
       mindedness=Level.MODERATE),
    _t("phenomenological_exploration", "Phenomenological exploration",
       School.EXISTENTIAL, Tier.INSIGHT, "affect cognition sensation",
       phase=_PROCESSING, mindedness=Level.MODERATE),
    _t("circular_questioning", "Circular questioning", School.SYSTEMIC, Tier.INSIGHT,
       "interpersonal cognition", phase=_PROCESSING, mindedness=Level.MODERATE),
    _t("genogram_exploration", "Genogram exploration", School.SYSTEMIC, Tier.INSIGHT,
       "interpersonal cognition", phase=_PROCESSING, mindedness=Level.MODERATE),
    # Exposure: emotionally demanding; always processing phase and cautioned.
    _t("prolonged_exposure", "Prolonged exposure", School.BEHAVIORAL, Tier.EXPOSURE,
       "imagery affect sensation", directive=True, phase=_PROCESSING,
       stage=_PREPARATION, caution=True),
    _t("in_vivo_exposure", "In-vivo exposure", School.BEHAVIORAL, Tier.EXPOSURE,
       "behavior sensation affect", directive=True, phase=_PROCESSING,
       stage=_ACTION, caution=True),
    _t("emdr_reprocessing", "EMDR reprocessing", School.EMDR, Tier.EXPOSURE,
       "imagery affect sensation cognition", directive=True, phase=_PROCESSING,
       stage=_CONTEMPLATION, caution=True),
    _t("trauma_narrative", "Trauma narrative", School.COGNITIVE, Tier.EXPOSURE,
       "cognition affect imagery", directive=True, phase=_PROCESSING,
       stage=_CONTEMPLATION, caution=True),
    _t("empty_chair_work", "Empty-chair work", School.HUMANISTIC, Tier.EXPOSURE,
       "affect interpersonal imagery", directive=True, phase=_PROCESSING,
       stage=_CONTEMPLATION, mindedness=Level.MODERATE, caution=True),
    # Meaning: integration phase where it presumes processed material.
    _t("existential_meaning_making", "Existential meaning-making",
       School.EXISTENTIAL, Tier.MEANING, "cognition affect interpersonal",
       phase=_INTEGRATION, mindedness=Level.MODERATE),
    _t("values_clarification", "Values clarification", School.EXISTENTIAL,
       Tier.MEANING, "cognition behavior"),
    # IBCT's acceptance arm is its humanistic half (seed 3.2), so it sits there.
    _t("ibct_empathic_joining", "IBCT empathic joining", School.HUMANISTIC,
       Tier.MEANING, "affect interpersonal"),
    _t("ibct_unified_detachment", "IBCT unified detachment", School.HUMANISTIC,
       Tier.MEANING, "cognition interpersonal"),
    _t("narrative_reauthoring", "Narrative re-authoring", School.SYSTEMIC,
       Tier.MEANING, "cognition interpersonal imagery", phase=_INTEGRATION,
       mindedness=Level.MODERATE),
)
# fmt: on
