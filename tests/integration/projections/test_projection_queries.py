"""What the web layer reads: plans, caseloads, supervision queues, audit trails."""

from __future__ import annotations

import json
from uuid import UUID, uuid4

import pytest

from bootstrap import EmbeddedCaseManagement
from domain.envelope import Actor
from domain.vocabulary import Role
from projections.queries import ReadModels
from tests.clinic import SUPERVISOR, Clinic
from tests.factories import assessment

OTHER_CLINICIAN = Actor("dr-chen", Role.CLINICIAN)


def _exposure_case(clinic: Clinic, client_ref: str) -> UUID:
    """A case with prolonged exposure during stabilization: an error finding."""
    case_id = clinic.open(client_ref=client_ref)
    clinic.act("record_assessment", case_id, **assessment())
    clinic.act(
        "agree_goal", case_id, goal_id="g-1", description="Sleep through the night",
        modalities=["affect"], agreed_with_client=True,
    )  # fmt: skip
    clinic.act(
        "add_technique", case_id, technique="prolonged_exposure", goal_ids=["g-1"]
    )
    return case_id


def _sign(clinic: Clinic, case_id: UUID, version: int, meaning: str) -> None:
    chain = clinic.app.history(case_id)[version - 1].chain
    clinic.as_(SUPERVISOR).act(
        "apply_signature", case_id, meaning=meaning, signed_version=version,
        signed_chain_value=chain, outcome="approved", comment="",
    )  # fmt: skip


class TestReadingYourOwnWrites:
    def test_every_command_is_in_the_read_models_when_it_returns(
        self, clinic: Clinic, app: EmbeddedCaseManagement
    ) -> None:
        case_id = clinic.open()
        for version in (2, 3):
            plan = app.read_models.plan(case_id)
            assert plan is not None and plan["version"] == version - 1
            clinic.act("measure_alliance", case_id, instrument="srs", score=38,
                       session_date="2026-02-01")  # fmt: skip
        assert app.read_models.plan(case_id) == app.report(case_id)["plan"]
        assert app.read_models.coherence(case_id) == {
            "version": 3,
            **app.report(case_id)["coherence"],
        }
        current = app.read_models.current(case_id)
        assert current is not None
        answer = {"plan": current.report, "coherence": current.coherence}
        assert json.loads(json.dumps(answer)) == app.report(case_id)
        parties = (current.clinician_id, current.supervisor_ids)
        assert (current.version, parties) == (3, ("dr-rivera", ["dr-okafor"]))

    def test_a_new_application_catches_up_with_what_another_one_wrote(
        self, clinic: Clinic, app: EmbeddedCaseManagement
    ) -> None:
        case_id = clinic.open()
        other = EmbeddedCaseManagement(app.settings)
        Clinic(other).act("close_case", case_id, reason="completed")
        again = EmbeddedCaseManagement(app.settings)
        plan = again.read_models.plan(case_id)
        assert plan is not None and plan["status"] == "closed"
        other.close()
        again.close()

    def test_an_unknown_case_has_no_plan_and_no_coherence(
        self, app: EmbeddedCaseManagement
    ) -> None:
        assert app.read_models.plan(uuid4()) is None
        assert app.read_models.current(uuid4()) is None
        assert app.read_models.coherence(uuid4()) is None


class TestCaseload:
    @pytest.fixture
    def cases(self, clinic: Clinic) -> dict[str, UUID]:
        made = {f"calm-{n}": clinic.open(client_ref=f"calm-{n}") for n in range(4)}
        made["exposure"] = _exposure_case(clinic, "exposure")
        for closed in ("calm-0", "calm-1"):
            clinic.act("close_case", made[closed], reason="completed")
        clinic.as_(OTHER_CLINICIAN).open(
            client_ref="elsewhere", clinician_id=OTHER_CLINICIAN.actor_id
        )
        return made

    def test_a_clinician_sees_only_their_own_cases_most_recent_first(
        self, cases: dict[str, UUID], app: EmbeddedCaseManagement
    ) -> None:
        page = app.read_models.caseload("dr-rivera")
        assert page.total == 5
        assert [row["client_ref"] for row in page.items] == [
            "calm-1", "calm-0", "exposure", "calm-3", "calm-2"
        ]  # fmt: skip

    def test_the_caseload_filters_by_case_status_and_coherence_status(
        self, cases: dict[str, UUID], app: EmbeddedCaseManagement
    ) -> None:
        read = app.read_models
        closed = read.caseload("dr-rivera", status="closed")
        assert {row["client_ref"] for row in closed.items} == {"calm-0", "calm-1"}
        incoherent = read.caseload("dr-rivera", coherence_status="incoherent")
        assert [row["case_id"] for row in incoherent.items] == [cases["exposure"]]
        open_and_coherent = read.caseload(
            "dr-rivera", status="open", coherence_status="coherent"
        )
        assert {row["client_ref"] for row in open_and_coherent.items} == {
            "calm-2", "calm-3"
        }  # fmt: skip

    def test_pages_cover_the_caseload_once_and_report_the_total(
        self, cases: dict[str, UUID], app: EmbeddedCaseManagement
    ) -> None:
        pages = [app.read_models.caseload("dr-rivera", limit=2, offset=o)
                 for o in (0, 2, 4)]  # fmt: skip
        assert [len(p.items) for p in pages] == [2, 2, 1]
        assert {p.total for p in pages} == {5}
        seen = [row["case_id"] for p in pages for row in p.items]
        assert sorted(seen) == sorted(cases.values())


class TestSupervisionQueue:
    def test_a_review_request_waits_until_the_supervisor_signs_that_far(
        self, clinic: Clinic, app: EmbeddedCaseManagement
    ) -> None:
        case_id = clinic.open()
        clinic.act("request_review", case_id, up_to_version=1)
        [row] = app.read_models.supervision_queue(SUPERVISOR.actor_id).items
        assert (row["case_id"], row["pending_reviews"]) == (case_id, [1])
        assert row["pending_signatures"] == 1 and not row["sup_pending"]
        clinic.act("request_review", case_id, up_to_version=2)
        _sign(clinic, case_id, 1, "reviewed")
        [row] = app.read_models.supervision_queue(SUPERVISOR.actor_id).items
        assert row["pending_reviews"] == [2]
        _sign(clinic, case_id, 3, "reviewed")
        assert app.read_models.supervision_queue(SUPERVISOR.actor_id).total == 0
        everything = app.read_models.supervision_queue(
            SUPERVISOR.actor_id, waiting_only=False
        )
        assert everything.items[0]["pending_signatures"] == 0

    def test_insight_or_exposure_work_waits_for_an_approval(
        self, clinic: Clinic, app: EmbeddedCaseManagement
    ) -> None:
        case_id = _exposure_case(clinic, "exposure")
        [row] = app.read_models.supervision_queue(SUPERVISOR.actor_id).items
        assert row["sup_pending"] and row["coherence_status"] == "incoherent"
        _sign(clinic, case_id, 4, "approved")
        assert app.read_models.supervision_queue(SUPERVISOR.actor_id).total == 0

    def test_only_the_supervisors_of_a_case_see_it(
        self, clinic: Clinic, app: EmbeddedCaseManagement
    ) -> None:
        case_id = clinic.open()
        clinic.act("request_review", case_id, up_to_version=1)
        clinic.act("assign_supervisor", case_id, supervisor_id="dr-adeyemi")
        assert app.read_models.supervision_queue("dr-adeyemi").total == 1
        clinic.act("remove_supervisor", case_id, supervisor_id="dr-adeyemi")
        assert app.read_models.supervision_queue("dr-adeyemi").total == 0
        assert app.read_models.supervision_queue(SUPERVISOR.actor_id).total == 1


class TestAuditTrail:
    def test_a_case_trail_has_one_row_per_event_in_order(
        self, clinic: Clinic, app: EmbeddedCaseManagement
    ) -> None:
        case_id = _exposure_case(clinic, "exposure")
        trail = app.read_models.audit_trail(case_id=case_id)
        history = app.history(case_id)
        assert trail.total == 4
        assert [(r["version"], r["event_type"], r["actor_id"], r["actor_role"],
                 r["timestamp"], r["correlation_id"], r["chain"], r["summary"])
                for r in trail.items] == [
            (h.version, h.event_type, h.actor_id, h.actor_role, h.timestamp,
             h.correlation_id, h.chain, h.summary) for h in history
        ]  # fmt: skip

    def test_the_trail_never_quotes_clinical_free_text(
        self, clinic: Clinic, app: EmbeddedCaseManagement
    ) -> None:
        case_id = clinic.open()
        secret = "nightmares-about-the-accident"
        clinic.act("record_assessment", case_id, **assessment(notes=secret))
        clinic.act("agree_goal", case_id, goal_id="g-1", description=secret,
                   modalities=["affect"], agreed_with_client=True)  # fmt: skip
        clinic.act("close_case", case_id, reason="completed", summary=secret)
        rows = app.read_models.audit_trail(case_id=case_id).items
        assert rows and not [r for r in rows if secret in str(r)]

    def test_the_trail_filters_by_actor_and_by_time_range(
        self, clinic: Clinic, app: EmbeddedCaseManagement
    ) -> None:
        case_id = clinic.open()
        clinic.act("request_review", case_id, up_to_version=1)
        _sign(clinic, case_id, 2, "reviewed")
        other = _exposure_case(clinic, "exposure")
        by_supervisor = app.read_models.audit_trail(actor_id=SUPERVISOR.actor_id)
        assert [(r["case_id"], r["event_type"]) for r in by_supervisor.items] == [
            (case_id, "SignatureApplied")
        ]
        rows = app.read_models.audit_trail(limit=500).items
        since, until = rows[2]["timestamp"], rows[5]["timestamp"]
        window = app.read_models.audit_trail(since=since, until=until)
        expected = [r for r in rows if since <= r["timestamp"] < until]
        assert window.items == expected and window.total == 3
        assert (
            app.read_models.audit_trail(case_id=other, since=since, until=until).total
            == 2
        )

    def test_the_trail_pages_through_a_long_history(
        self, clinic: Clinic, app: EmbeddedCaseManagement
    ) -> None:
        case_id = clinic.open()
        for _ in range(6):
            clinic.act("request_review", case_id, up_to_version=1)
        pages = [app.read_models.audit_trail(case_id=case_id, limit=3, offset=o)
                 for o in (0, 3, 6)]  # fmt: skip
        assert [[r["version"] for r in p.items] for p in pages] == [
            [1, 2, 3], [4, 5, 6], [7]
        ]  # fmt: skip
        assert {p.total for p in pages} == {7}


def test_the_read_models_report_how_far_they_have_read(
    clinic: Clinic, app: EmbeddedCaseManagement
) -> None:
    recorded = clinic.act("open_case", client_ref="c", clinician_id="dr-rivera",
                          supervisor_ids=[], strategy="common_factors")  # fmt: skip
    read = ReadModels(app.projector.engine, app.chain_keys, app.text_cipher)
    assert read.position() == recorded.notification_id
    assert read.wait_for(recorded.notification_id, timeout=0)
    assert not read.wait_for(recorded.notification_id + 1, timeout=0)
