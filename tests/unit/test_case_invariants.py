"""Every invariant of the Case aggregate refuses the command and records nothing."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

import pytest

from application.sealing import seal_pending
from domain.case import Case
from domain.catalogue import default_catalogue
from domain.commands import (
    AgreeGoal,
    GiveRationale,
    RecordAssessment,
    RecordSession,
    RecordSupervisionNote,
    Subject,
)
from domain.envelope import Actor, NoActor, acting
from domain.exceptions import InvalidValue, InvariantViolated
from domain.vocabulary import Modality, RationaleSubject, Role
from tests.factories import assessment
from tests.keys import TEST_KEYS

CATALOGUE = default_catalogue()


@pytest.fixture(autouse=True)
def clinician() -> Iterator[None]:
    with acting(Actor("dr-rivera", Role.CLINICIAN), "req-test"):
        yield


def opened(**overrides: Any) -> Case:
    fields: dict[str, Any] = {
        "client_ref": "client-1",
        "clinician_id": "dr-rivera",
        "supervisor_ids": ["dr-okafor"],
        "strategy": "technical_eclecticism",
    }
    fields.update(overrides)
    return Case.open(**fields)


def with_goal_and_technique() -> Case:
    case = opened()
    case.record_assessment(RecordAssessment(**assessment()))
    case.agree_goal(
        AgreeGoal(
            goal_id="g1",
            description="Feel safe",
            modalities=(Modality.AFFECT,),
            agreed_with_client=True,
        )
    )
    case.add_technique("grounding", ["g1"], catalogue=CATALOGUE)
    return case


def with_entries() -> Case:
    """With a session (version 5), a rationale (6) and a supervision note (7)."""
    case = with_goal_and_technique()
    case.record_session(RecordSession(date(2026, 1, 5), ("grounding",)))
    give_rationale("technique", "grounding", ["g1"])(case)
    case.record_supervision_note(RecordSupervisionNote("dr-okafor", "t", (2,)))
    return case


def closed() -> Case:
    case = with_goal_and_technique()
    case.close(reason="completed")
    return case


Command = Callable[[Case], None]


def agree_goal(goal_id: str) -> Command:
    def command(case: Case) -> None:
        case.agree_goal(
            AgreeGoal(goal_id=goal_id, description="d", agreed_with_client=True)
        )

    return command


def add_technique(technique: str, goal_ids: list[str]) -> Command:
    def command(case: Case) -> None:
        case.add_technique(technique, goal_ids, catalogue=CATALOGUE)

    return command


def give_rationale(kind: str, ref: str, goal_ids: list[str]) -> Command:
    def command(case: Case) -> None:
        case.give_rationale(
            GiveRationale(
                subject=Subject(RationaleSubject(kind), ref),
                goal_ids=tuple(goal_ids),
                text="t",
                explained_to_client=True,
            )
        )

    return command


def open_another(**fields: Any) -> Command:
    def command(_: Case) -> None:
        opened(**fields)

    return command


def apply_signature(**changes: Any) -> Command:
    """The case's supervisor approves version 1, unless `changes` say otherwise."""

    def command(case: Case) -> None:
        signature = {
            "signer_id": "dr-okafor",
            "signer_role": "supervisor",
            "meaning": "approved",
            "signed_version": 1,
            "signed_chain_value": case.chain_values[0],
            "outcome": "approved",
        }
        case.apply_signature(**(signature | changes))

    return command


REFUSALS: list[tuple[str, Callable[[], Case], Command, str]] = [
    ("assessment on a closed case", closed,
     lambda c: c.record_assessment(RecordAssessment(**assessment())), "case-open"),
    ("goal on a closed case", closed, agree_goal("g2"), "case-open"),
    ("a goal id used twice", with_goal_and_technique, agree_goal("g1"), "goal-id-new"),
    ("status of an unknown goal", with_goal_and_technique,
     lambda c: c.change_goal_status("nope", "achieved"), "goal-exists"),
    ("technique on a closed case", closed,
     add_technique("thought_record", []), "case-open"),
    ("a technique already active", with_goal_and_technique,
     add_technique("grounding", []), "technique-new"),
    ("a technique for an unknown goal", with_goal_and_technique,
     add_technique("thought_record", ["nope"]), "goal-exists"),
    ("discontinuing an inactive technique", with_goal_and_technique,
     lambda c: c.discontinue_technique("thought_record", "done"), "technique-active"),
    ("skipping a phase", opened,
     lambda c: c.advance_phase("integration"), "phase-next-only"),
    ("advancing on a closed case", closed,
     lambda c: c.advance_phase("processing"), "case-open"),
    ("returning to the current phase", opened,
     lambda c: c.return_phase("stabilization", "crisis"), "phase-earlier-only"),
    ("a rationale for an inactive technique", with_goal_and_technique,
     give_rationale("technique", "thought_record", ["g1"]), "subject-exists"),
    ("a rationale for a phase not in force", with_goal_and_technique,
     give_rationale("phase", "processing", ["g1"]), "subject-exists"),
    ("a rationale for another strategy", with_goal_and_technique,
     give_rationale("strategy", "common_factors", []), "subject-exists"),
    ("a rationale for an unknown goal", with_goal_and_technique,
     give_rationale("technique", "grounding", ["nope"]), "goal-exists"),
    ("a session using an inactive technique", with_goal_and_technique,
     lambda c: c.record_session(RecordSession(date(2026, 1, 5), ("thought_record",))),
     "techniques-active"),
    ("a note by someone who does not supervise", with_goal_and_technique,
     lambda c: c.record_supervision_note(RecordSupervisionNote("dr-who", "t")),
     "author-is-supervisor"),
    ("a clinician approving", with_goal_and_technique,
     apply_signature(signer_id="dr-rivera", signer_role="clinician"), "signer-role"),
    ("a supervisor of another case signing", with_goal_and_technique,
     apply_signature(signer_id="dr-who", meaning="reviewed"), "author-is-supervisor"),
    ("a signature on a wrong chain value", with_goal_and_technique,
     apply_signature(signed_version=2), "chain-matches"),
    ("a signature on a version that does not exist", with_goal_and_technique,
     apply_signature(signed_version=99, signed_chain_value="x"), "version-exists"),
    ("correcting a version that does not exist", with_goal_and_technique,
     lambda c: c.correct_entry(99, "typo", {}), "version-exists"),
    ("correcting a technique addition", with_goal_and_technique,
     lambda c: c.correct_entry(4, "typo", {}), "correctable"),
    ("a correction that renames a goal", with_goal_and_technique,
     lambda c: c.correct_entry(3, "typo", {"goal_id": "g9", "description": "d",
                                           "modalities": [],
                                           "agreed_with_client": True}),
     "correction-keeps-identity"),
    # A replacement is checked exactly like a new entry of its kind.
    ("a corrected rationale for an unknown goal", with_entries,
     lambda c: c.correct_entry(6, "typo", {
         "subject": {"kind": "technique", "ref": "grounding"},
         "goal_ids": ["nope"], "text": "t", "explained_to_client": True}),
     "goal-exists"),
    ("a corrected note on a version that does not exist", with_entries,
     lambda c: c.correct_entry(7, "typo", {"supervisor_id": "dr-okafor",
                                           "text": "t", "refers_to": [99]}),
     "version-exists"),
    ("a corrected session using an inactive technique", with_entries,
     lambda c: c.correct_entry(5, "typo", {"session_date": "2026-01-05",
                                           "techniques_used": ["thought_record"]}),
     "techniques-active"),
    ("assigning a supervisor twice", opened,
     lambda c: c.assign_supervisor("dr-okafor"), "supervisor-new"),
    ("removing someone who does not supervise", opened,
     lambda c: c.remove_supervisor("dr-who"), "author-is-supervisor"),
    ("closing a closed case", closed,
     lambda c: c.close(reason="completed"), "case-open"),
    ("reopening an open case", opened,
     lambda c: c.reopen(reason="back"), "case-closed"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("build", "command", "rule"),
    [pytest.param(b, c, r, id=name) for name, b, c, r in REFUSALS],
)
def test_a_broken_invariant_is_refused_and_records_nothing(
    build: Callable[[], Case], command: Command, rule: str
) -> None:
    case = build()
    seal_pending(case, TEST_KEYS)  # as saving it would
    case.collect_events()
    version, chain = case.version, list(case.chain_values)
    with pytest.raises(InvariantViolated) as refused:
        command(case)
    assert refused.value.rule == rule
    assert refused.value.message
    assert case.version == version
    assert case.chain_values == chain
    assert case.collect_events() == []


INVALID: list[tuple[str, Callable[[], Case], Command, str]] = [
    ("an unknown risk level", opened,
     lambda c: c.record_assessment(RecordAssessment(**assessment(risk="extreme"))),
     "risk"),
    ("an assessment missing a modality", opened,
     lambda c: c.record_assessment(
         RecordAssessment(**assessment(basic_id={"behavior": 1}))),
     "basic_id.affect"),
    ("a severity above 4", opened,
     lambda c: c.record_assessment(RecordAssessment(**assessment(basic_id={
         "behavior": 5, "affect": 0, "sensation": 0, "imagery": 0, "cognition": 0,
         "interpersonal": 0, "drugs_biology": 0}))), "basic_id.behavior.severity"),
    ("an unknown goal status", with_goal_and_technique,
     lambda c: c.change_goal_status("g1", "finished"), "status"),
    ("a technique outside the catalogue", with_goal_and_technique,
     add_technique("reiki", []), "technique"),
    ("an SRS score above 40", opened,
     lambda c: c.measure_alliance("srs", 41, "2026-01-05"), "score"),
    ("a WAI-SR score below 12", opened,
     lambda c: c.measure_alliance("wai_sr", 11, "2026-01-05"), "score"),
    ("an outcome instrument used for the alliance", opened,
     lambda c: c.measure_alliance("ors", 20, "2026-01-05"), "instrument"),
    ("an ORS score below 0", opened,
     lambda c: c.measure_outcome("ors", -1, "2026-01-05"), "score"),
    ("a session date that is not a date", with_goal_and_technique,
     lambda c: c.record_session(RecordSession(session_date="yesterday")),  # type: ignore[arg-type]
     "session_date"),
    ("a session date in the ISO week form", with_goal_and_technique,
     lambda c: c.record_session(RecordSession(session_date="2026-W03-1")),  # type: ignore[arg-type]
     "session_date"),
    ("a corrected session's date without its dashes", with_entries,
     lambda c: c.correct_entry(5, "typo", {"session_date": "20260105"}),
     "session_date"),
    ("a correction without a reason", with_goal_and_technique,
     lambda c: c.correct_entry(2, "  ", assessment()), "reason"),
    ("a correction whose replacement is malformed", with_goal_and_technique,
     lambda c: c.correct_entry(2, "typo", assessment(risk="very")), "risk"),
    # A JSON object is no list, though Python iterates over its keys.
    ("a corrected goal's modalities as an object", with_goal_and_technique,
     lambda c: c.correct_entry(3, "typo", {
         "goal_id": "g1", "description": "d", "modalities": {"affect": 1},
         "agreed_with_client": True}), "modalities"),
    ("a corrected rationale's goals as an object", with_entries,
     lambda c: c.correct_entry(6, "typo", {
         "subject": {"kind": "technique", "ref": "grounding"},
         "goal_ids": {"g1": "g1"}, "text": "t", "explained_to_client": True}),
     "goal_ids"),
    ("a corrected session's techniques as an object", with_entries,
     lambda c: c.correct_entry(5, "typo", {
         "session_date": "2026-01-05", "techniques_used": {"grounding": True}}),
     "techniques_used"),
    # An id named twice was recorded twice (up to a megabyte of one id).
    ("a session using a technique twice", with_goal_and_technique,
     lambda c: c.record_session(
         RecordSession(date(2026, 1, 5), ("grounding", "grounding"))),
     "techniques_used[1]"),
    ("a technique for a goal named twice", with_goal_and_technique,
     add_technique("thought_record", ["g1", "g1"]), "goal_ids[1]"),
    ("a rationale for a goal named twice", with_goal_and_technique,
     give_rationale("technique", "grounding", ["g1", "g1"]), "goal_ids[1]"),
    ("a case opened with a supervisor named twice", opened,
     open_another(supervisor_ids=["dr-okafor", "dr-okafor"]), "supervisor_ids[1]"),
    ("edits requested without a comment", with_goal_and_technique,
     apply_signature(meaning="reviewed", outcome="edits_requested"), "comment"),
    ("an unknown closing reason", with_goal_and_technique,
     lambda c: c.close(reason="bored"), "reason"),
    ("a discontinuation without a reason", with_goal_and_technique,
     lambda c: c.discontinue_technique("grounding", ""), "reason"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("build", "command", "field"),
    [pytest.param(b, c, f, id=name) for name, b, c, f in INVALID],
)
def test_an_invalid_value_is_refused_naming_the_field(
    build: Callable[[], Case], command: Command, field: str
) -> None:
    case = build()
    case.collect_events()
    version = case.version
    with pytest.raises(InvalidValue) as refused:
        command(case)
    assert refused.value.field == field
    assert refused.value.reason
    assert case.version == version
    assert case.collect_events() == []


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"strategy": "mix_and_match"}, "strategy"),
        ({"strategy": "assimilative_integration"}, "home_orientation"),
        ({"home_orientation": "cognitive"}, "home_orientation"),
        ({"strategy": "assimilative_integration", "home_orientation": "common"},
         "home_orientation"),
        ({"strategy": "theoretical_integration"}, "integrated_schools"),
        ({"strategy": "theoretical_integration", "integrated_schools": ["cognitive"]},
         "integrated_schools"),
        ({"integrated_schools": ["cognitive", "behavioral"]}, "integrated_schools"),
        ({"client_ref": ""}, "client_ref"),
        ({"client_ref": "x" * 65}, "client_ref"),
        ({"supervisor_ids": "dr-okafor"}, "supervisor_ids"),
    ],
)  # fmt: skip
def test_opening_a_case_with_invalid_values_is_refused(
    fields: dict[str, Any], field: str
) -> None:
    with pytest.raises(InvalidValue) as refused:
        opened(**fields)
    assert refused.value.field == field


def test_nothing_is_recorded_without_an_actor() -> None:
    case = opened()
    with acting(Actor("x", Role.CLINICIAN), "r"):
        pass
    from domain import envelope

    token = envelope._current.set(None)
    try:
        with pytest.raises(NoActor):
            case.agree_goal(
                AgreeGoal(goal_id="g", description="d", agreed_with_client=True)
            )
    finally:
        envelope._current.reset(token)
    assert case.version == 1


def test_a_closed_case_can_still_be_signed_and_reopened() -> None:
    case = closed()
    case.apply_signature(
        signer_id="dr-okafor", signer_role="supervisor", meaning="approved",
        signed_version=case.version, signed_chain_value=case.chain_values[-1],
        outcome="approved",
    )  # fmt: skip
    case.reopen(reason="relapse")
    assert case.is_open
    assert case.kinds[-2:] == ["SignatureApplied", "CaseReopened"]


def test_every_event_carries_the_actor_and_the_request() -> None:
    case = with_goal_and_technique()
    events = case.collect_events()
    assert {(e.actor_id, e.actor_role, e.correlation_id) for e in events} == {
        ("dr-rivera", "clinician", "req-test")
    }
    assert [e.chain for e in events] == case.chain_values


def test_a_correction_keeps_the_original_and_the_plan_uses_the_replacement() -> None:
    from domain.case_view import plan_of

    case = with_goal_and_technique()
    case.correct_entry(2, "risk was misrecorded", assessment(risk="moderate"))
    plan = plan_of(case)
    assert plan.latest_assessment is not None
    assert plan.latest_assessment.risk.value == "moderate"
    assert plan.latest_assessment.corrected_by == (5,)
    assert case.kinds[1] == "AssessmentRecorded"


def test_a_corrected_session_keeps_a_technique_stopped_since() -> None:
    case = with_entries()
    case.discontinue_technique("grounding", "no longer needed")
    replacement = {"session_date": "2026-01-06", "techniques_used": ["grounding"],
                   "note": "the date was misrecorded"}  # fmt: skip
    case.correct_entry(5, "typo", replacement)
    (session,) = case.sessions
    assert session.session_date == "2026-01-06"
    assert session.techniques_used == ("grounding",)
