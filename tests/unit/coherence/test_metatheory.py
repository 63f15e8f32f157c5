"""Metatheory rules: each integration strategy's own test of principled integration."""

from __future__ import annotations

from dataclasses import replace

from domain.plan import Plan
from domain.vocabulary import FindingSeverity, Modality, School, Strategy
from tests.unit.coherence.builders import (
    adding,
    assessment,
    assimilative,
    found,
    plan,
)


class TestContradictsHome:
    def test_an_unframed_contradiction_is_an_error(self) -> None:
        case = assimilative(School.BEHAVIORAL, "transference_interpretation")

        (finding,) = found(case, "META-CONTRADICTS")

        assert finding.severity is FindingSeverity.ERROR
        assert finding.subject == "technique:transference_interpretation"
        assert finding.cites == (1, 6)
        assert finding.message == (
            "Transference interpretation, a psychodynamic technique, contradicts "
            "the behavioral home orientation: its process of change denies the "
            "home theory's."
        )

    def test_a_framed_contradiction_is_a_warning_citing_the_rationale(self) -> None:
        case = assimilative(
            School.BEHAVIORAL, "transference_interpretation", framed=True
        )

        (finding,) = found(case, "META-CONTRADICTS")

        assert finding.severity is FindingSeverity.WARNING
        assert finding.cites == (1, 6, 7)

    def test_a_technique_of_the_home_school_is_quiet(self) -> None:
        case = assimilative(School.PSYCHODYNAMIC, "transference_interpretation")

        assert found(case, "META-CONTRADICTS") == ()

    def test_other_strategies_are_quiet(self) -> None:
        case = replace(
            assimilative(School.BEHAVIORAL, "transference_interpretation"),
            strategy=Strategy.COMMON_FACTORS,
            home_orientation=None,
        )

        assert found(case, "META-CONTRADICTS") == ()


class TestUnframedImport:
    def test_a_technique_needing_framing_without_rationale_is_a_warning(self) -> None:
        (finding,) = found(
            assimilative(School.PSYCHODYNAMIC, "thought_record"), "META-UNFRAMED"
        )

        assert finding.severity is FindingSeverity.WARNING
        assert finding.subject == "technique:thought_record"
        assert finding.cites == (1, 6)
        assert "goals of the psychodynamic home theory" in finding.message

    def test_a_framed_import_is_quiet(self) -> None:
        case = assimilative(School.PSYCHODYNAMIC, "thought_record", framed=True)

        assert found(case, "META-UNFRAMED") == ()

    def test_a_compatible_import_is_quiet(self) -> None:
        case = assimilative(School.BEHAVIORAL, "thought_record")

        assert found(case, "META-UNFRAMED") == ()


def theoretical(*techniques: str) -> Plan:
    base = plan(
        strategy=Strategy.THEORETICAL_INTEGRATION,
        integrated_schools=(School.DBT, School.COGNITIVE),
    )
    for i, technique in enumerate(techniques):
        base = adding(base, technique, 6 + 2 * i)
    return base


class TestOutsideIntegratedSchools:
    def test_a_technique_from_another_school_is_an_error(self) -> None:
        (finding,) = found(theoretical("structured_homework"), "META-OUTSIDE")

        assert finding.severity is FindingSeverity.ERROR
        assert finding.subject == "technique:structured_homework"
        assert finding.cites == (1, 6)
        assert finding.message == (
            "Structured homework, a behavioral technique, lies outside the "
            "integrated schools (dbt, cognitive)."
        )

    def test_integrated_and_common_techniques_are_quiet(self) -> None:
        case = theoretical("thought_record", "empathic_reflection")

        assert found(case, "META-OUTSIDE") == ()

    def test_other_strategies_are_quiet(self) -> None:
        case = adding(plan(), "structured_homework", 6)

        assert found(case, "META-OUTSIDE") == ()


def eclectic(sensation: int) -> Plan:
    basic_id = {modality: 2 for modality in Modality} | {Modality.SENSATION: sensation}
    return plan(assessments=(assessment(2, basic_id=basic_id),))


class TestUntargeted:
    def test_a_technique_targeting_no_problem_modality_is_a_warning(self) -> None:
        (finding,) = found(eclectic(sensation=1), "META-UNTARGETED")

        assert finding.severity is FindingSeverity.WARNING
        assert finding.subject == "technique:grounding"
        assert finding.cites == (2, 4)
        assert finding.message == (
            "Grounding (stabilization) targets sensation; none was assessed as "
            "moderate (2) or worse."
        )

    def test_a_technique_targeting_a_moderate_problem_is_quiet(self) -> None:
        assert found(eclectic(sensation=2), "META-UNTARGETED") == ()

    def test_without_an_assessment_it_is_quiet(self) -> None:
        assert found(plan(assessments=()), "META-UNTARGETED") == ()

    def test_other_strategies_are_quiet(self) -> None:
        case = replace(eclectic(sensation=0), strategy=Strategy.COMMON_FACTORS)

        assert found(case, "META-UNTARGETED") == ()


def schools(*techniques: str) -> Plan:
    base = plan()
    for i, technique in enumerate(techniques):
        base = adding(base, technique, 6 + 2 * i)
    return base


class TestTooManySchools:
    def test_four_schools_at_once_is_a_warning(self) -> None:
        case = schools(
            "thought_record", "structured_homework", "communication_training"
        )

        (finding,) = found(case, "META-ECLECTIC")

        assert finding.severity is FindingSeverity.WARNING
        assert finding.subject == "case"
        assert finding.cites == (4, 6, 8, 10)
        assert "4 schools" in finding.message
        assert "(behavioral, cognitive, dbt, systemic)" in finding.message

    def test_three_schools_and_common_work_are_quiet(self) -> None:
        case = schools("thought_record", "structured_homework", "empathic_reflection")

        assert found(case, "META-ECLECTIC") == ()

    def test_discontinued_techniques_do_not_count(self) -> None:
        case = schools(
            "thought_record", "structured_homework", "communication_training"
        )
        first, *rest = case.techniques
        stopped = replace(
            case, techniques=(replace(first, discontinued_version=12), *rest)
        )

        assert found(stopped, "META-ECLECTIC") == ()
