"""A finding cites every event its premise rests on: the opening that set the
home orientation, the integrated schools or the first phase, the phase change
that set the current phase, the opening an unmeasured stretch counts from."""

from __future__ import annotations

from dataclasses import replace

from domain.plan import Plan
from domain.vocabulary import Phase, School, Strategy
from tests.unit.coherence.builders import (
    adding,
    assimilative,
    found,
    phase_change,
    plan,
    session,
)


def opened_at(case: Plan, version: int) -> Plan:
    """The same plan opened at another version, to see the rule read the field."""
    return replace(case, opened_version=version)


def test_meta_contradicts_cites_the_opening_that_set_the_home_orientation() -> None:
    case = opened_at(assimilative(School.BEHAVIORAL, "transference_interpretation"), 3)

    (finding,) = found(case, "META-CONTRADICTS")

    assert finding.cites == (3, 6)


def test_meta_unframed_cites_the_opening_that_set_the_home_orientation() -> None:
    case = opened_at(assimilative(School.PSYCHODYNAMIC, "thought_record"), 3)

    (finding,) = found(case, "META-UNFRAMED")

    assert finding.cites == (3, 6)


def test_meta_outside_cites_the_opening_that_set_the_integrated_schools() -> None:
    case = opened_at(
        adding(
            plan(
                strategy=Strategy.THEORETICAL_INTEGRATION,
                integrated_schools=(School.DBT, School.COGNITIVE),
            ),
            "structured_homework",
            6,
        ),
        3,
    )

    (finding,) = found(case, "META-OUTSIDE")

    assert finding.cites == (3, 6)


def test_seq_phase_cites_the_opening_while_the_first_phase_holds() -> None:
    case = opened_at(adding(plan(), "prolonged_exposure", 6), 3)

    (finding,) = found(case, "SEQ-PHASE")

    assert finding.cites == (3, 6)


def test_seq_phase_cites_the_phase_change_that_set_the_current_phase() -> None:
    case = replace(
        adding(plan(), "prolonged_exposure", 6),
        phase_changes=(
            phase_change(8, Phase.PROCESSING),
            phase_change(9, Phase.STABILIZATION, advanced=False),
        ),
    )

    (finding,) = found(case, "SEQ-PHASE")

    assert finding.cites == (6, 9)


def test_cf_unmeasured_since_the_opening_cites_the_opening() -> None:
    case = opened_at(plan(sessions=(session(6), session(7), session(8))), 3)

    (finding,) = found(case, "CF-UNMEASURED")

    assert finding.cites == (3, 6, 7, 8)
    assert "since the case opened" in finding.message
