"""The chain check alone, and with a witness of what was recorded."""

from __future__ import annotations

from adapters.keys import KeyRing
from application.sealing import seal_pending
from domain.case import Case
from domain.chain import first_break
from tests.keys import TEST_KEYS
from tests.unit.test_case_invariants import clinician, with_goal_and_technique

__all__ = ["clinician"]  # the autouse fixture that sets who is acting


def events() -> list[Case.Event]:
    case = with_goal_and_technique()
    seal_pending(case, TEST_KEYS)
    return list(case.collect_events())


def test_an_intact_history_agrees_with_its_witness() -> None:
    history = events()
    witness = {e.originator_version: e.chain for e in history}
    assert first_break(history, TEST_KEYS, witness).intact


def test_a_history_cut_short_is_intact_alone_but_not_before_its_witness() -> None:
    history = events()
    witness = {e.originator_version: e.chain for e in history}
    assert first_break(history[:-1], TEST_KEYS).intact
    report = first_break(history[:-1], TEST_KEYS, witness)
    assert (report.intact, report.first_broken_version) == (False, len(history))
    assert report.reason == f"version {len(history)} was recorded but is missing"


def test_a_chain_value_the_witness_saw_differently_breaks_at_that_version() -> None:
    history = events()
    witness = {e.originator_version: e.chain for e in history} | {3: "f" * 64}
    report = first_break(history, TEST_KEYS, witness)
    assert (report.intact, report.first_broken_version, report.events_checked) == (
        False, 3, 2,
    )  # fmt: skip


def test_a_value_sealed_under_another_key_breaks_at_its_version() -> None:
    history = events()
    forger = KeyRing("t1", {"t1": b"not-the-clinic-key-but-32-bytes!"})
    case = with_goal_and_technique()
    seal_pending(case, forger)
    forged = list(case.collect_events())
    report = first_break(forged, TEST_KEYS)
    assert (report.intact, report.first_broken_version) == (False, 1)
    assert report.reason == "content does not match its chain value"
    assert first_break(history, TEST_KEYS).intact


def test_a_value_naming_an_unknown_key_is_refused() -> None:
    history = events()
    rotated = KeyRing("t2", {"t2": b"a-later-key-of-exactly-32-bytes!"})
    report = first_break(history, rotated)
    assert (report.intact, report.first_broken_version) == (False, 1)
    assert "names key 't1'" in report.reason
    both = KeyRing("t2", {**TEST_KEYS.secrets, **rotated.secrets})
    assert first_break(history, both).intact  # older values keep their key


def test_an_unkeyed_sha256_chain_is_not_sealed() -> None:
    history = events()
    for event in history:
        object.__setattr__(event, "chain", event.chain.partition(":")[2])
    report = first_break(history, TEST_KEYS)
    assert report.reason == "its chain value is not sealed with a key"
