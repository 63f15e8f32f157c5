"""The Case's events keep the topics the store holds them under, though their
commands live in one module per concept (domain/case_*.py)."""

from __future__ import annotations

from eventsourcing.domain import CanMutateAggregate
from eventsourcing.utils import get_topic, resolve_topic

from domain.case import Case

STORED = [
    "AllianceMeasured",
    "AssessmentRecorded",
    "CaseClosed",
    "CaseErased",
    "CaseOpened",
    "CaseReopened",
    "EntryCorrected",
    "ErasureRequested",
    "GoalAgreed",
    "GoalStatusChanged",
    "LegalHoldLifted",
    "LegalHoldPlaced",
    "OutcomeMeasured",
    "PhaseAdvanced",
    "PhaseReturned",
    "RationaleGiven",
    "ReviewRequested",
    "SessionRecorded",
    "SignatureApplied",
    "SupervisionNoteRecorded",
    "SupervisorAssigned",
    "SupervisorRemoved",
    "TechniqueAdded",
    "TechniqueDiscontinued",
]
"""Every kind of event a case has ever stored."""


def event_classes() -> dict[str, type]:
    return {
        name: value
        for name in dir(Case)
        if isinstance(value := getattr(Case, name), type)
        and issubclass(value, CanMutateAggregate)
    }


def test_every_stored_event_keeps_its_topic_in_domain_case() -> None:
    for name in STORED:
        kind = getattr(Case, name)
        assert get_topic(kind) == f"domain.case:Case.{name}"
        assert resolve_topic(f"domain.case:Case.{name}") is kind


def test_every_event_is_a_case_event_named_after_the_case() -> None:
    for name, kind in event_classes().items():
        assert issubclass(kind, Case.Event), name
        assert kind.__qualname__ == f"Case.{name}"


def test_the_case_has_no_event_besides_those() -> None:
    assert set(event_classes()) == {*STORED, "Created", "Event"}


def test_the_case_itself_keeps_its_topic_and_class_version() -> None:
    assert get_topic(Case) == "domain.case:Case"
    assert Case.class_version == 2
