"""CaseManagement on a real store: commands, versions, time travel and verification."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest

from application.cases import CaseManagement
from domain.commands import AddTechnique
from domain.envelope import acting
from domain.exceptions import (
    CaseNotFound,
    InvalidValue,
    InvariantViolated,
    VersionConflict,
)
from tests.clinic import CLINICIAN, Clinic
from tests.factories import assessment


class TestRecordingACase:
    def test_a_command_returns_the_new_version_and_its_notification(
        self, clinic: Clinic
    ) -> None:
        case_id = clinic.open()
        recorded = clinic.act("record_assessment", case_id, **assessment())
        assert recorded.version == 2
        assert recorded.notification_id >= 2

    def test_the_plan_reloaded_from_the_store_shows_what_was_recorded(
        self, clinic: Clinic, app: CaseManagement
    ) -> None:
        case_id = clinic.assessed_case_with_goal()
        clinic.act(
            "add_technique", case_id, technique="grounding", goal_ids=["g-safety"]
        )
        report = CaseManagement(app.settings).report(case_id)
        assert [t["technique"] for t in report["plan"]["techniques"]] == ["grounding"]
        assert report["plan"]["version"] == 4

    def test_an_unknown_case_is_not_found(self, app: CaseManagement) -> None:
        from uuid import uuid4

        with pytest.raises(CaseNotFound):
            app.plan(uuid4())


class TestOptimisticConcurrency:
    def test_a_stale_version_is_refused_naming_the_current_one(
        self, clinic: Clinic, app: CaseManagement
    ) -> None:
        case_id = clinic.assessed_case_with_goal()
        with acting(CLINICIAN, "req-stale"), pytest.raises(VersionConflict) as conflict:
            app.add_technique(case_id, 1, AddTechnique("grounding"))
        assert conflict.value.current == 3
        assert "version 3" in str(conflict.value)
        assert app.plan(case_id).version == 3

    def test_a_writer_that_lost_the_race_gets_a_conflict_and_nothing_is_lost(
        self, clinic: Clinic, app: CaseManagement
    ) -> None:
        case_id = clinic.assessed_case_with_goal()
        other = CaseManagement(app.settings)
        loser = other.load_case(case_id)
        clinic.act("add_technique", case_id, technique="grounding", goal_ids=[])
        with acting(CLINICIAN, "req-loser"):
            loser.add_technique("psychoeducation", [], catalogue=other.catalogue)
            with pytest.raises(VersionConflict) as conflict:
                other._save_case(loser)
        assert conflict.value.current == 4
        plan = app.plan(case_id)
        assert [t.technique for t in plan.active_techniques] == ["grounding"]
        other.close()

    def test_two_concurrent_writers_with_the_same_version_one_wins(
        self, clinic: Clinic, app: CaseManagement
    ) -> None:
        case_id = clinic.assessed_case_with_goal()
        apps = [CaseManagement(app.settings) for _ in range(2)]
        start = threading.Barrier(2)
        outcomes: list[object] = []

        def write(writer: CaseManagement, technique: str) -> None:
            start.wait()
            with acting(CLINICIAN, f"req-{technique}"):
                try:
                    outcomes.append(
                        writer.add_technique(case_id, 3, AddTechnique(technique))
                    )
                except VersionConflict as conflict:
                    outcomes.append(conflict)

        threads = [
            threading.Thread(target=write, args=(a, t))
            for a, t in zip(apps, ["grounding", "psychoeducation"], strict=True)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        conflicts = [o for o in outcomes if isinstance(o, VersionConflict)]
        assert len(outcomes) == 2 and len(conflicts) == 1
        history = app.history(case_id)
        assert len(history) == 4 and history[-1].event_type == "TechniqueAdded"
        assert app.verify(case_id).intact
        for writer in apps:
            writer.close()


class TestTimeTravel:
    def test_the_plan_at_an_earlier_version_is_the_plan_as_it_was(
        self, clinic: Clinic, app: CaseManagement
    ) -> None:
        case_id = clinic.assessed_case_with_goal()
        clinic.act("add_technique", case_id, technique="grounding", goal_ids=[])
        assert app.plan(case_id, version=3).active_techniques == ()
        assert len(app.plan(case_id, version=4).active_techniques) == 1

    def test_the_plan_as_of_a_time_is_the_last_version_recorded_by_then(
        self, clinic: Clinic, app: CaseManagement
    ) -> None:
        case_id = clinic.assessed_case_with_goal()
        moment = datetime.now(UTC)
        clinic.act("add_technique", case_id, technique="grounding", goal_ids=[])
        assert app.plan(case_id, as_of=moment).version == 3
        with pytest.raises(InvalidValue) as early:
            app.plan(case_id, as_of=moment - timedelta(days=1))
        assert early.value.field == "as_of"

    def test_a_version_beyond_the_history_is_refused(
        self, clinic: Clinic, app: CaseManagement
    ) -> None:
        case_id = clinic.open()
        with pytest.raises(InvalidValue) as refused:
            app.plan(case_id, version=9)
        assert refused.value.field == "version"

    def test_a_long_case_loads_from_a_snapshot(
        self, clinic: Clinic, app: CaseManagement
    ) -> None:
        case_id = clinic.assessed_case_with_goal()
        clinic.act("add_technique", case_id, technique="grounding", goal_ids=[])
        for day in range(1, 60):
            clinic.act(
                "record_session",
                case_id,
                session_date=f"2026-03-{day % 28 + 1:02d}",
                techniques_used=["grounding"],
            )
        assert app.snapshots is not None
        assert list(app.snapshots.get(case_id))
        assert app.plan(case_id).version == 63
        assert len(app.plan(case_id).sessions) == 59


class TestHistoryAndVerification:
    def test_the_history_says_who_did_what_when(
        self, clinic: Clinic, app: CaseManagement
    ) -> None:
        case_id = clinic.assessed_case_with_goal()
        history = app.history(case_id)
        assert [e.event_type for e in history] == ["CaseOpened", "AssessmentRecorded",
                                                   "GoalAgreed"]  # fmt: skip
        assert {e.actor_id for e in history} == {"dr-rivera"}
        assert history[2].summary == "agreed goal g-safety targeting affect"
        assert len({e.correlation_id for e in history}) == 3

    def test_a_correction_shows_the_value_it_replaced_and_why(
        self, clinic: Clinic, app: CaseManagement
    ) -> None:
        case_id = clinic.assessed_case_with_goal(risk="low")
        for risk in ("moderate", "high"):
            clinic.act(
                "correct_entry", case_id, corrects=2, reason=f"risk was {risk}",
                replacement=assessment(risk=risk),
            )  # fmt: skip
        first, second = app.history(case_id)[3:]
        assert first.fields["original"]["risk"] == "low"
        assert first.fields["replacement"]["risk"] == "moderate"
        assert second.fields["original"]["risk"] == "moderate"
        assert second.fields["reason"] == "risk was high"
        assert (second.actor_id, second.summary) == (
            "dr-rivera", "corrected the entry at version 2",
        )  # fmt: skip


def test_the_served_application_reads_the_store_the_command_line_writes(
    clinic: Clinic, app: CaseManagement
) -> None:
    from bootstrap import EmbeddedCaseManagement

    case_id = clinic.assessed_case_with_goal()
    served = EmbeddedCaseManagement(app.settings)
    try:
        assert served.directory() == app.directory()
        assert served.read_models.plan(case_id) is not None
    finally:
        served.close()


class TestClientReferences:
    def test_a_second_case_for_the_same_client_reference_is_refused(
        self, clinic: Clinic, app: CaseManagement
    ) -> None:
        first = clinic.open(client_ref="client-unique")
        with pytest.raises(InvariantViolated) as refused:
            clinic.open(client_ref="client-unique")
        assert refused.value.rule == "client-ref-unique"
        assert app.directory() == {"client-unique": first}
        assert app.recorder.max_notification_id() == 2  # the case and its claim
