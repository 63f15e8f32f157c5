"""The Case's rationales, sessions and measures: why, what happened, how it went."""

from __future__ import annotations

from datetime import date
from typing import Any

from eventsourcing.domain import event

from domain import entries, payloads, values
from domain.case_state import CaseEvent, CaseState, refuse
from domain.commands import GiveRationale, RecordSession
from domain.exceptions import InvalidValue
from domain.plan import Measure, SessionRecord
from domain.vocabulary import (
    ALLIANCE_INSTRUMENTS,
    OUTCOME_INSTRUMENTS,
    SCORE_RANGES,
    Instrument,
    RationaleSubject,
    member,
)


class RationalesSessionsAndMeasures(CaseState):
    """Justifying what is in force by the goals it serves, recording sessions,
    and scoring the alliance and the outcome."""

    def give_rationale(self, command: GiveRationale) -> None:
        self._check_open()
        payload = payloads.rationale(payloads.fields_of(command))
        self._check_subject_exists(payload["subject"])
        self._check_goals_exist(payload["goal_ids"])
        self._give_rationale(**payload)

    def _check_subject_exists(self, subject: dict[str, str]) -> None:
        kind, ref = RationaleSubject(subject["kind"]), subject["ref"]
        exists = {
            RationaleSubject.TECHNIQUE: ref in self.active_technique_ids(),
            RationaleSubject.PHASE: ref == self.phase,
            RationaleSubject.STRATEGY: ref == self.strategy,
        }[kind]
        if not exists:
            raise refuse(
                "subject-exists",
                f"the rationale's subject {kind.value} {ref!r} is not in force",
            )

    class RationaleGiven(CaseEvent):
        subject: dict[str, str]
        goal_ids: list[str]
        text: str
        FREE_TEXT = ("text",)
        explained_to_client: bool

    @event(RationaleGiven)
    def _give_rationale(
        self,
        subject: dict[str, str],
        goal_ids: list[str],
        text: str,
        explained_to_client: bool,
    ) -> None:
        payload = {
            "subject": subject,
            "goal_ids": goal_ids,
            "text": text,
            "explained_to_client": explained_to_client,
        }
        self.rationales.append(entries.rationale(payload, self._next_version(), ()))

    def record_session(self, command: RecordSession) -> None:
        self._check_open()
        payload = payloads.session(payloads.fields_of(command))
        active = self.active_technique_ids()
        for technique in payload["techniques_used"]:
            if technique not in active:
                raise refuse(
                    "techniques-active", f"{technique!r} is not an active technique"
                )
        self._record_session(**payload)

    class SessionRecorded(CaseEvent):
        session_date: str
        techniques_used: list[str]
        note: str
        FREE_TEXT = ("note",)

    @event(SessionRecorded)
    def _record_session(
        self, session_date: str, techniques_used: list[str], note: str
    ) -> None:
        self.sessions.append(
            SessionRecord(
                self._next_version(), session_date, tuple(techniques_used), note
            )
        )

    def measure_alliance(
        self, instrument: str, score: int, session_date: date | str
    ) -> None:
        self._check_open()
        self._measure_alliance(
            **self._measure(instrument, score, session_date, ALLIANCE_INSTRUMENTS)
        )

    def measure_outcome(
        self, instrument: str, score: int, session_date: date | str
    ) -> None:
        self._check_open()
        self._measure_outcome(
            **self._measure(instrument, score, session_date, OUTCOME_INSTRUMENTS)
        )

    @staticmethod
    def _measure(
        instrument: str,
        score: int,
        session_date: date | str,
        family: frozenset[Instrument],
    ) -> dict[str, Any]:
        chosen = values.parse(Instrument, instrument, "instrument")
        if chosen not in family:
            allowed = ", ".join(sorted(i.value for i in family))
            raise InvalidValue(
                "instrument", f"{chosen.value!r} is not one of: {allowed}"
            )
        low, high = SCORE_RANGES[chosen]
        return {
            "instrument": chosen.value,
            "score": values.integer(score, "score", low, high),
            "session_date": payloads.session_date(session_date),
        }

    class AllianceMeasured(CaseEvent):
        instrument: str
        score: int
        session_date: str

    @event(AllianceMeasured)
    def _measure_alliance(self, instrument: str, score: int, session_date: str) -> None:
        self.alliance.append(
            Measure(
                self._next_version(),
                member(Instrument, instrument),
                score,
                session_date,
            )
        )

    class OutcomeMeasured(CaseEvent):
        instrument: str
        score: int
        session_date: str

    @event(OutcomeMeasured)
    def _measure_outcome(self, instrument: str, score: int, session_date: str) -> None:
        self.outcomes.append(
            Measure(
                self._next_version(),
                member(Instrument, instrument),
                score,
                session_date,
            )
        )
