"""The plan's indexed lookups answer as a scan of the whole plan would."""

from __future__ import annotations

import pickle
from dataclasses import fields, replace

import pytest

from domain.plan import Assessment, Plan, Rationale, TechniqueUse
from domain.vocabulary import Level, Phase, RationaleSubject, Risk, member
from tests.unit.coherence.builders import (
    assessment,
    phase_change,
    plan,
    rationale,
    use,
)

TECHNIQUE, PHASE = RationaleSubject.TECHNIQUE, RationaleSubject.PHASE


def scanned_rationale(
    subject: Plan, kind: RationaleSubject, ref: str, after: int
) -> Rationale | None:
    """The latest matching rationale, found as the rules first did: a full scan."""
    matching = [
        r
        for r in subject.rationales
        if r.subject_kind is kind and r.subject_ref == ref and r.version > after
    ]
    return matching[-1] if matching else None


def scanned_assessment(subject: Plan, version: int) -> Assessment | None:
    earlier = [a for a in subject.assessments if a.version < version]
    return earlier[-1] if earlier else None


def eventful() -> Plan:
    """Grounding discontinued and re-added, corrected and out-of-order rationales,
    a phase advanced and returned, and assessments before and between them."""
    return plan(
        version=40,
        phase=Phase.STABILIZATION,
        assessments=(assessment(2), assessment(9), assessment(30)),
        techniques=(
            use("grounding", 4, discontinued=12),
            use("thought_record", 6),
            use("grounding", 20),
            use("emdr_reprocessing", 22, discontinued=25),
            use("trauma_narrative", 26),
        ),
        rationales=(
            rationale("grounding", 5),
            replace(rationale("grounding", 7), corrected_by=(15, 18)),
            rationale("thought_record", 8, explained=False),
            rationale("processing", 11, kind=PHASE),
            rationale("grounding", 24),
            rationale("grounding", 21),  # recorded out of order
            rationale("emdr_reprocessing", 23),
            rationale("stabilization", 31, kind=PHASE),
            rationale("technical_eclecticism", 3, kind=RationaleSubject.STRATEGY),
        ),
        phase_changes=(
            phase_change(10, Phase.PROCESSING),
            phase_change(30, Phase.STABILIZATION, advanced=False),
        ),
    )


class TestIndexedLookups:
    def test_each_techniques_rationale_is_the_one_a_scan_finds(self) -> None:
        subject = eventful()

        for technique in subject.techniques:
            assert subject.rationale_for_technique(technique) is scanned_rationale(
                subject, TECHNIQUE, technique.technique, technique.added_version - 1
            )

    def test_a_readded_technique_ignores_rationales_from_before(self) -> None:
        subject = eventful()
        readded = subject.techniques[2]

        found = subject.rationale_for_technique(readded)

        assert found is not None
        assert found.version == 21  # the last given in the plan's order

    def test_every_lookup_matches_a_scan_for_any_cut_off(self) -> None:
        subject = eventful()
        subjects = {(r.subject_kind, r.subject_ref) for r in subject.rationales}

        for kind, ref in sorted(subjects):
            for after in range(0, 42):
                assert subject._latest_rationale(kind, ref, after) is (
                    scanned_rationale(subject, kind, ref, after)
                )

    def test_phase_and_strategy_rationales_match_a_scan(self) -> None:
        subject = eventful()
        for change in subject.phase_changes:
            assert subject.rationale_for_phase_change(change) is scanned_rationale(
                subject, PHASE, change.to_phase.value, change.version - 1
            )
        assert subject.rationale_for_strategy() is scanned_rationale(
            subject, RationaleSubject.STRATEGY, "technical_eclecticism", 0
        )

    def test_the_assessment_before_a_version_is_the_one_a_scan_finds(self) -> None:
        subject = eventful()

        for version in range(0, 42):
            assert subject.assessment_before(version) is scanned_assessment(
                subject, version
            )

    def test_only_undiscontinued_techniques_are_active(self) -> None:
        active = eventful().active_techniques

        assert [u.technique for u in active] == [
            "thought_record",
            "grounding",
            "trauma_narrative",
        ]

    def test_current_rationales_are_unique_and_in_version_order(self) -> None:
        versions = [r.version for r in eventful().current_rationales()]

        assert versions == [3, 8, 21, 31]


class TestCachedLookupsLeaveThePlanAsItWas:
    def warmed(self) -> Plan:
        subject = eventful()
        subject.current_rationales()
        subject.rationale_for_technique(subject.techniques[0])
        return subject

    def test_a_warmed_plan_equals_a_fresh_one(self) -> None:
        assert self.warmed() == eventful()

    def test_a_warmed_plan_survives_pickling_equal(self) -> None:
        assert pickle.loads(pickle.dumps(self.warmed())) == eventful()

    def test_replacing_a_field_does_not_keep_a_stale_index(self) -> None:
        warmed = self.warmed()
        changed = replace(
            warmed, techniques=(TechniqueUse("grounding", ("g1",), "", 4),)
        )

        assert [u.added_version for u in changed.active_techniques] == [4]
        assert changed.rationale_for_technique(changed.techniques[0]) is (
            scanned_rationale(changed, TECHNIQUE, "grounding", 3)
        )

    def test_the_fields_are_still_only_the_declared_ones(self) -> None:
        names = [f.name for f in fields(self.warmed())]

        assert "active_techniques" not in names
        assert not any(name.startswith("_") for name in names)


class TestMember:
    def test_it_is_the_enums_own_lookup(self) -> None:
        assert member(Level, "high") is Level("high")
        assert member(Phase, Phase.PROCESSING) is Phase.PROCESSING

    def test_the_same_spelling_in_two_vocabularies_stays_apart(self) -> None:
        assert member(Level, "moderate") is Level.MODERATE
        assert member(Risk, "moderate") is Risk.MODERATE

    def test_an_unknown_value_raises_as_the_enum_does(self) -> None:
        for _ in range(2):  # a failure is not remembered
            with pytest.raises(ValueError):
                member(Level, "extreme")

    def test_an_unhashable_value_raises_as_the_enum_does(self) -> None:
        with pytest.raises(ValueError):
            member(Level, ["high"])

    def test_ranks_follow_declaration_order_per_vocabulary(self) -> None:
        assert [m.rank for m in Risk] == [0, 1, 2, 3, 4]
        assert Level.MODERATE.rank == 1
        assert Risk.MODERATE.rank == 2
