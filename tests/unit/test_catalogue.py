"""The default technique catalogue and assimilation table, as clinical data."""

from __future__ import annotations

import re
from itertools import permutations

import pytest

from domain.catalogue import Catalogue, Compatibility, Technique, default_catalogue
from domain.catalogue_config import technique_from_config
from domain.exceptions import InvalidValue
from domain.vocabulary import (
    DEEP_TIERS,
    Level,
    Modality,
    Phase,
    School,
    StageOfChange,
    Tier,
)

REQUIRED_IDS = (
    "empathic_reflection",
    "collaborative_goal_setting",
    "alliance_repair",
    "psychoeducation",
    "grounding",
    "safety_planning",
    "containment_imagery",
    "dbt_distress_tolerance",
    "dbt_emotion_regulation",
    "thought_record",
    "cognitive_restructuring",
    "behavioural_activation",
    "structured_homework",
    "problem_solving",
    "communication_training",
    "ibct_behaviour_exchange",
    "mindfulness_skills",
    "play_therapy_verbalization",
    "transference_interpretation",
    "defence_analysis",
    "dream_work",
    "mentalization",
    "rfp_c_interpretation",
    "prolonged_exposure",
    "in_vivo_exposure",
    "emdr_reprocessing",
    "trauma_narrative",
    "empty_chair_work",
    "existential_meaning_making",
    "values_clarification",
    "ibct_empathic_joining",
    "ibct_unified_detachment",
    "narrative_reauthoring",
)
STABILIZATION_TOOLKIT = (
    "mindfulness_skills",
    "dbt_distress_tolerance",
    "dbt_emotion_regulation",
    "grounding",
    "safety_planning",
    "psychoeducation",
    "empathic_reflection",
    "collaborative_goal_setting",
)
NON_COMMON = tuple(school for school in School if school is not School.COMMON)
SLUG = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")


@pytest.fixture
def catalogue() -> Catalogue:
    return default_catalogue()


def techniques(catalogue: Catalogue) -> list[Technique]:
    return list(catalogue.techniques.values())


class TestDefaultCatalogue:
    def test_it_holds_at_least_thirty_techniques(self, catalogue: Catalogue) -> None:
        assert len(catalogue.techniques) >= 30

    def test_every_school_and_tier_has_at_least_one_technique(
        self, catalogue: Catalogue
    ) -> None:
        entries = techniques(catalogue)
        assert {technique.school for technique in entries} == set(School)
        assert {technique.tier for technique in entries} == set(Tier)

    def test_ids_are_unique_slugs_matching_their_keys(
        self, catalogue: Catalogue
    ) -> None:
        from domain.catalogue_data import TECHNIQUES

        ids = [technique.id for technique in TECHNIQUES]
        assert len(ids) == len(set(ids))
        assert all(SLUG.match(technique_id) for technique_id in ids)
        assert all(key == value.id for key, value in catalogue.techniques.items())

    @pytest.mark.parametrize("technique_id", REQUIRED_IDS)
    def test_every_technique_named_in_the_domain_exists(
        self, catalogue: Catalogue, technique_id: str
    ) -> None:
        assert technique_id in catalogue

    def test_every_technique_has_a_name_and_targets_a_modality(
        self, catalogue: Catalogue
    ) -> None:
        for technique in techniques(catalogue):
            assert technique.name.strip()
            assert technique.modalities
            assert technique.modalities <= set(Modality)


class TestClinicalSequencing:
    def test_insight_and_exposure_work_waits_for_processing(
        self, catalogue: Catalogue
    ) -> None:
        for technique in techniques(catalogue):
            if technique.tier in DEEP_TIERS:
                assert technique.min_phase.rank >= Phase.PROCESSING.rank
            else:
                assert technique.min_phase is not Phase.PROCESSING

    def test_exposure_work_is_cautioned_for_high_reactivity(
        self, catalogue: Catalogue
    ) -> None:
        exposure = [t for t in techniques(catalogue) if t.tier is Tier.EXPOSURE]
        assert exposure
        assert all(technique.reactivity_caution for technique in exposure)

    def test_insight_work_needs_some_psychological_mindedness(
        self, catalogue: Catalogue
    ) -> None:
        insight = [t for t in techniques(catalogue) if t.tier is Tier.INSIGHT]
        assert all(t.min_mindedness is not Level.LOW for t in insight)

    def test_relational_common_factors_fit_every_client(
        self, catalogue: Catalogue
    ) -> None:
        relational = [t for t in techniques(catalogue) if t.tier is Tier.RELATIONAL]
        for technique in relational:
            assert technique.school is School.COMMON
            assert technique.min_stage is None
            assert technique.min_mindedness is Level.LOW
            assert not technique.reactivity_caution
            assert technique.min_phase is Phase.STABILIZATION

    @pytest.mark.parametrize("technique_id", STABILIZATION_TOOLKIT)
    def test_a_contemplating_low_minded_client_can_stabilize_with_it(
        self, catalogue: Catalogue, technique_id: str
    ) -> None:
        technique = catalogue.get(technique_id)
        assert technique.min_phase is Phase.STABILIZATION
        stage = technique.min_stage
        assert stage is None or stage.rank <= StageOfChange.CONTEMPLATION.rank
        assert technique.min_mindedness is Level.LOW

    def test_homework_presumes_a_client_ready_to_act(
        self, catalogue: Catalogue
    ) -> None:
        for technique_id in ("structured_homework", "behavioural_activation"):
            stage = catalogue.get(technique_id).min_stage
            assert stage is not None
            assert stage.rank >= StageOfChange.PREPARATION.rank

    @pytest.mark.parametrize(
        ("technique_id", "phase", "most_mindedness"),
        [
            ("emdr_reprocessing", Phase.PROCESSING, Level.MODERATE),
            ("mentalization", Phase.PROCESSING, Level.MODERATE),
            ("existential_meaning_making", Phase.INTEGRATION, Level.MODERATE),
        ],
    )
    def test_the_seed_trauma_sequence_is_reachable(
        self,
        catalogue: Catalogue,
        technique_id: str,
        phase: Phase,
        most_mindedness: Level,
    ) -> None:
        technique = catalogue.get(technique_id)
        assert technique.min_phase is phase
        assert technique.min_mindedness.rank <= most_mindedness.rank
        stage = technique.min_stage
        assert stage is None or stage.rank <= StageOfChange.PREPARATION.rank


class TestAssimilation:
    def test_every_pair_of_distinct_schools_has_an_entry(
        self, catalogue: Catalogue
    ) -> None:
        for home, imported in permutations(NON_COMMON, 2):
            assert (home, imported) in catalogue.assimilation
            assert isinstance(catalogue.compatibility(home, imported), Compatibility)

    @pytest.mark.parametrize("home", list(School))
    def test_common_factor_work_is_compatible_with_every_home(
        self, catalogue: Catalogue, home: School
    ) -> None:
        assert catalogue.compatibility(home, School.COMMON) is (
            Compatibility.COMPATIBLE
        )

    @pytest.mark.parametrize("home", NON_COMMON)
    def test_a_home_school_is_compatible_with_itself(
        self, catalogue: Catalogue, home: School
    ) -> None:
        assert catalogue.compatibility(home, home) is Compatibility.COMPATIBLE

    def test_a_psychodynamic_home_frames_thought_records_as_ego_strengthening(
        self, catalogue: Catalogue
    ) -> None:
        thought_record = catalogue.get("thought_record")
        assert catalogue.compatibility(School.PSYCHODYNAMIC, thought_record.school) is (
            Compatibility.NEEDS_FRAMING
        )

    def test_transference_interpretation_contradicts_a_behavioral_home(
        self, catalogue: Catalogue
    ) -> None:
        interpretation = catalogue.get("transference_interpretation")
        assert catalogue.compatibility(School.BEHAVIORAL, interpretation.school) is (
            Compatibility.CONTRADICTS
        )

    @pytest.mark.parametrize(
        "home", [school for school in NON_COMMON if school is not School.EMDR]
    )
    def test_importing_emdr_always_needs_framing(
        self, catalogue: Catalogue, home: School
    ) -> None:
        assert catalogue.compatibility(home, School.EMDR) is (
            Compatibility.NEEDS_FRAMING
        )

    def test_a_humanistic_home_frames_behavioral_techniques(
        self, catalogue: Catalogue
    ) -> None:
        assert catalogue.compatibility(School.HUMANISTIC, School.BEHAVIORAL) is (
            Compatibility.NEEDS_FRAMING
        )


class TestLookupAndConfiguration:
    def test_an_unknown_technique_is_refused_naming_the_field(
        self, catalogue: Catalogue
    ) -> None:
        with pytest.raises(InvalidValue) as refused:
            catalogue.get("primal_scream")
        assert refused.value.field == "technique"
        assert "primal_scream" in refused.value.reason

    def test_a_configured_entry_with_an_unknown_school_is_refused(self) -> None:
        record = {"id": "sandtray", "school": "jungian", "tier": "insight"}
        with pytest.raises(InvalidValue) as refused:
            technique_from_config(record)
        assert refused.value.field == "school"

    def test_a_clinic_can_add_its_own_technique(self, catalogue: Catalogue) -> None:
        sandtray = technique_from_config(
            {
                "id": "sandtray",
                "name": "Sandtray work",
                "school": "humanistic",
                "tier": "insight",
                "modalities": ["imagery", "affect"],
                "min_phase": "processing",
                "min_mindedness": "moderate",
            }
        )
        extended = catalogue.extended([sandtray])
        assert extended.get("sandtray") == sandtray
        assert len(extended.techniques) == len(catalogue.techniques) + 1
        assert "sandtray" not in catalogue
        assert extended.assimilation == catalogue.assimilation


def test_ranks_of_same_spelled_members_follow_their_own_vocabulary() -> None:
    from domain.vocabulary import Level, Risk

    assert (Level.MODERATE.rank, Risk.MODERATE.rank) == (1, 2)
    assert Level.HIGH.rank == 2 and Risk.HIGH.rank == 3
