"""The Case aggregate: one client case as an immutable, hash-chained event history.

Its commands and events live in one module per concept (domain/case_*.py),
parts the Case inherits; every event class is still the Case's own, stored
under `domain.case:Case.<Event>` (domain/case_state.py says how)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeAlias
from uuid import UUID, uuid4

from eventsourcing.domain import Aggregate

from domain import values
from domain.case_corrections import CORRECTABLE, Corrections
from domain.case_erasure import Erasure
from domain.case_goals import AssessmentAndGoals
from domain.case_lifecycle import SupervisorsAndClosing
from domain.case_sessions import RationalesSessionsAndMeasures
from domain.case_state import CaseEvent
from domain.case_supervision import SIGNING_ROLES, SupervisionAndSignatures
from domain.case_techniques import TechniquesAndPhases
from domain.entries_v1 import upcast_v1
from domain.exceptions import InvalidValue
from domain.vocabulary import Phase, School, Strategy

__all__ = ["CORRECTABLE", "SIGNING_ROLES", "Case"]


class Case(
    AssessmentAndGoals,
    TechniquesAndPhases,
    RationalesSessionsAndMeasures,
    SupervisionAndSignatures,
    Corrections,
    SupervisorsAndClosing,
    Erasure,
    Aggregate,
):
    """A client case: its entries are typed value objects (domain/entries.py),
    built once from each event's plain-JSON payload."""

    class_version = 2
    """1 held each entry as a dict; snapshots taken then are read by upcasting."""

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        upcast_v1(state)

    # The parts' events derive from CaseEvent, and mypy takes Case.Event to be
    # it; when the class is made, eventsourcing defines each of them anew as a
    # subclass of this Event too, stored as domain.case:Case.<Event> as before.
    if TYPE_CHECKING:
        Event: TypeAlias = CaseEvent
    else:

        class Event(CaseEvent):
            pass

    class CaseOpened(Event, Aggregate.Created):
        client_ref: str
        clinician_id: str
        supervisor_ids: list[str]
        strategy: str
        home_orientation: str | None
        integrated_schools: list[str]

    @classmethod
    def open(
        cls,
        *,
        client_ref: str,
        clinician_id: str,
        supervisor_ids: list[str],
        strategy: str,
        home_orientation: str | None = None,
        integrated_schools: list[str] | None = None,
        case_id: UUID | None = None,
    ) -> Case:
        chosen = values.parse(Strategy, strategy, "strategy")
        home = values.parse_optional(School, home_orientation, "home_orientation")
        schools = values.parse_list(
            School, integrated_schools or [], "integrated_schools"
        )
        assimilative = chosen is Strategy.ASSIMILATIVE_INTEGRATION
        theoretical = chosen is Strategy.THEORETICAL_INTEGRATION
        if assimilative != (home is not None):
            raise InvalidValue(
                "home_orientation",
                "is required for, and only for, assimilative_integration",
            )
        if home is School.COMMON:
            raise InvalidValue(
                "home_orientation", "common factors are not a home school"
            )
        if theoretical != bool(schools):
            raise InvalidValue(
                "integrated_schools",
                "is required for, and only for, theoretical_integration",
            )
        if theoretical and (len(set(schools)) < 2 or School.COMMON in schools):
            raise InvalidValue(
                "integrated_schools",
                "must name at least two distinct schools besides common",
            )
        supervisors = values.identifiers(supervisor_ids, "supervisor_ids")
        return cls._create(
            cls.CaseOpened,
            id=case_id or uuid4(),
            client_ref=values.identifier(client_ref, "client_ref", max_length=64),
            clinician_id=values.identifier(clinician_id, "clinician_id"),
            supervisor_ids=sorted(set(supervisors)),
            strategy=chosen.value,
            home_orientation=home.value if home else None,
            integrated_schools=sorted({s.value for s in schools}),
        )

    def __init__(
        self,
        client_ref: str,
        clinician_id: str,
        supervisor_ids: list[str],
        strategy: str,
        home_orientation: str | None,
        integrated_schools: list[str],
    ) -> None:
        self.client_ref = client_ref
        self.clinician_id = clinician_id
        self.supervisor_ids = list(supervisor_ids)
        self.strategy = strategy
        self.home_orientation = home_orientation
        self.integrated_schools = list(integrated_schools)
        self.is_open = True
        self.phase = Phase.STABILIZATION.value
        self.chain_values = []
        self.kinds = []
        self.recorded_at = []
        self.assessments = []
        self.goals = []
        self.techniques = []
        self.rationales = []
        self.phase_changes = []
        self.sessions = []
        self.alliance = []
        self.outcomes = []
        self.notes = []
        self.review_requests = []
        self.signatures = []
        self.corrections = []
        self.closures = []
