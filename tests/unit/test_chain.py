"""The chain check alone, and with a witness of what was recorded."""

from __future__ import annotations

from domain.case import Case
from domain.chain import first_break
from tests.unit.test_case_invariants import clinician, with_goal_and_technique

__all__ = ["clinician"]  # the autouse fixture that sets who is acting


def events() -> list[Case.Event]:
    return list(with_goal_and_technique().collect_events())


def test_an_intact_history_agrees_with_its_witness() -> None:
    history = events()
    witness = {e.originator_version: e.chain for e in history}
    assert first_break(history, witness).intact


def test_a_history_cut_short_is_intact_alone_but_not_before_its_witness() -> None:
    history = events()
    witness = {e.originator_version: e.chain for e in history}
    assert first_break(history[:-1]).intact
    report = first_break(history[:-1], witness)
    assert (report.intact, report.first_broken_version) == (False, len(history))
    assert report.reason == f"version {len(history)} was recorded but is missing"


def test_a_chain_value_the_witness_saw_differently_breaks_at_that_version() -> None:
    history = events()
    witness = {e.originator_version: e.chain for e in history} | {3: "f" * 64}
    report = first_break(history, witness)
    assert (report.intact, report.first_broken_version, report.events_checked) == (
        False, 3, 2,
    )  # fmt: skip
