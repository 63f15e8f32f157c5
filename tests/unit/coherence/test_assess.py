"""Assessing a plan: all rules under one policy, sorted findings and a status."""

from __future__ import annotations

from dataclasses import replace

from domain.coherence import (
    DEFAULT_POLICY,
    RULES,
    Finding,
    assess,
    status_of,
)
from domain.coherence.policy import DEFAULT_SEVERITIES
from domain.plan import Plan
from domain.vocabulary import (
    CoherenceStatus,
    FindingSeverity,
    Phase,
    RationaleSubject,
    School,
    Strategy,
)
from tests.unit.coherence.builders import (
    adding,
    alliance,
    approval,
    goal,
    phase_change,
    plan,
    rationale,
    session,
    use,
)
from tests.unit.coherence.local_catalogue import CATALOGUE

ERROR, WARNING, INFO = (
    FindingSeverity.ERROR,
    FindingSeverity.WARNING,
    FindingSeverity.INFO,
)


def finding(
    severity: FindingSeverity, rule: str = "X", subject: str = "case"
) -> Finding:
    return Finding(rule, severity, "m", subject, (1,))


class TestStatus:
    def test_no_findings_is_coherent(self) -> None:
        assert status_of([]) is CoherenceStatus.COHERENT

    def test_only_info_is_coherent(self) -> None:
        assert status_of([finding(INFO)]) is CoherenceStatus.COHERENT

    def test_any_warning_without_error_needs_attention(self) -> None:
        assert status_of([finding(INFO), finding(WARNING)]) is CoherenceStatus.ATTENTION

    def test_any_error_is_incoherent(self) -> None:
        status = status_of([finding(WARNING), finding(ERROR), finding(INFO)])

        assert status is CoherenceStatus.INCOHERENT


class TestAssess:
    def test_a_sound_stabilization_plan_is_coherent(self) -> None:
        coherence = assess(plan(), CATALOGUE)

        assert coherence.status is CoherenceStatus.COHERENT
        assert coherence.findings == ()
        assert coherence.policy_version == DEFAULT_POLICY.version

    def test_findings_are_sorted_by_severity_then_rule_then_subject(self) -> None:
        messy = adding(plan(goals=()), "prolonged_exposure", 6)

        keys = [
            (f.severity, f.rule, f.subject) for f in assess(messy, CATALOGUE).findings
        ]

        assert keys == [
            (ERROR, "SEQ-PHASE", "technique:prolonged_exposure"),
            (WARNING, "GOAL-NONE", "case"),
            (WARNING, "RAT-NO-GOAL", "rationale:5"),
            (WARNING, "RAT-NO-GOAL", "rationale:7"),
            (INFO, "SUP-PENDING", "technique:prolonged_exposure"),
        ]

    def test_a_technique_missing_from_the_catalogue_is_skipped(self) -> None:
        unknown = plan(techniques=(use("grounding", 4), use("retired_technique", 6)))

        coherence = assess(unknown, CATALOGUE)

        assert coherence.status is CoherenceStatus.COHERENT

    def test_every_rule_has_a_default_severity_and_a_description(self) -> None:
        codes = [rule.code for rule in RULES]

        assert sorted(codes) == sorted(c for c in DEFAULT_SEVERITIES if "/" not in c)
        assert all(rule.description.endswith(".") for rule in RULES)

    def test_a_rule_can_be_run_alone(self) -> None:
        (seq_phase,) = [rule for rule in RULES if rule.code == "SEQ-PHASE"]

        (seen,) = seq_phase(
            adding(plan(), "prolonged_exposure", 6), CATALOGUE, DEFAULT_POLICY
        )

        assert seen.subject == "technique:prolonged_exposure"


def worked_example() -> Plan:
    """DBT skills, then EMDR in processing, then meaning-making, all explained."""
    goals = (goal("g1", 3), goal("g2", 4), goal("g3", 5))
    return plan(
        version=25,
        strategy=Strategy.THEORETICAL_INTEGRATION,
        integrated_schools=(School.DBT, School.EMDR, School.EXISTENTIAL),
        phase=Phase.INTEGRATION,
        goals=goals,
        techniques=(
            use("grounding", 6),
            use("emdr_reprocessing", 13, discontinued=20),
            use("meaning_making", 22),
        ),
        rationales=(
            rationale("grounding", 7),
            rationale("processing", 12, RationaleSubject.PHASE, goal_ids=("g2",)),
            rationale("emdr_reprocessing", 14, goal_ids=("g2",)),
            rationale("integration", 21, RationaleSubject.PHASE, goal_ids=("g3",)),
            rationale("meaning_making", 23, goal_ids=("g3",)),
        ),
        phase_changes=(
            phase_change(11, Phase.PROCESSING),
            phase_change(20, Phase.INTEGRATION),
        ),
        sessions=(session(9), session(10), session(18), session(19)),
        alliance=(alliance(8), alliance(17, 39), alliance(24, 39)),
        signatures=(approval(16, signed_version=14),),
    )


class TestWorkedExample:
    def test_the_seeds_worked_example_is_coherent(self) -> None:
        coherence = assess(worked_example(), CATALOGUE)

        assert coherence.findings == ()
        assert coherence.status is CoherenceStatus.COHERENT

    def test_the_worked_example_in_processing_is_coherent(self) -> None:
        example = worked_example()
        processing = replace(
            example,
            phase=Phase.PROCESSING,
            techniques=(use("grounding", 6), use("emdr_reprocessing", 13)),
            rationales=example.rationales[:3],
            phase_changes=example.phase_changes[:1],
            sessions=example.sessions[:2],
            alliance=example.alliance[:2],
        )

        assert assess(processing, CATALOGUE).status is CoherenceStatus.COHERENT
