"""The tampering matrix: raw SQL edits, deletes, reorders and inserts of stored
events, each detected at the version where the history stops being the one
that was recorded, on SQLite and on PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from uuid import UUID

import pytest

from application.cases import CaseManagement
from application.settings import Settings
from bootstrap import EmbeddedCaseManagement
from domain.chain import ChainReport
from tests import tamper
from tests.clinic import Clinic
from tests.integration.projections.logs import rewind

Tampering = Callable[[CaseManagement, UUID], None]
LAST = 5

MATRIX: list[tuple[str, Tampering, int]] = [
    ("edit a goal's text", lambda app, case: tamper.edit_ciphertext(app, case, 3), 3),
    ("edit a goal's structure", lambda app, case: tamper.edit_state(
        app, case, 3, b'"agreed_with_client":true', b'"agreed_with_client":false'), 3),
    ("delete the assessment", lambda app, case: tamper.delete(app, case, 2), 2),
    ("reorder goal and technique", lambda app, case: tamper.swap(app, case, 3, 4), 3),
    ("insert a copy after the assessment",
     lambda app, case: tamper.insert_copy(app, case, 2), 3),
    ("append a copy of the last event",
     lambda app, case: tamper.insert_copy(app, case, LAST), LAST + 1),
    ("make the bytes undecodable",
     lambda app, case: tamper.edit_state(app, case, 2, b"{", b"["), 2),
]  # fmt: skip


CUT_SHORT = [
    pytest.param(lambda app, case: tamper.delete(app, case, LAST), LAST,
                 id="delete the last event"),
    pytest.param(lambda app, case: [tamper.delete(app, case, v)
                                    for v in (LAST - 1, LAST)], LAST - 1,
                 id="cut off the last two events"),
]  # fmt: skip


def recorded_case(clinic: Clinic) -> UUID:
    case_id = clinic.assessed_case_with_goal()
    clinic.act("add_technique", case_id, technique="grounding", goal_ids=["g-safety"])
    clinic.act(
        "give_rationale", case_id, subject={"kind": "technique", "ref": "grounding"},
        goal_ids=["g-safety"], text="Regulate first", explained_to_client=True,
    )  # fmt: skip
    return case_id


@pytest.mark.parametrize(
    ("tampering", "broken_at"),
    [pytest.param(t, v, id=name) for name, t, v in MATRIX],
)
def test_tampering_is_detected_at_the_version_it_breaks(
    clinic: Clinic, app: CaseManagement, tampering: Tampering, broken_at: int
) -> None:
    case_id = recorded_case(clinic)
    assert app.verify(case_id).intact
    tampering(app, case_id)
    report = app.verify(case_id)
    assert not report.intact
    assert report.first_broken_version == broken_at
    assert report.events_checked == broken_at - 1
    assert report.reason


def test_an_untouched_history_verifies(clinic: Clinic, app: CaseManagement) -> None:
    report = app.verify(recorded_case(clinic))
    assert report.intact and report.events_checked == LAST


@pytest.fixture
def witnessed(settings: Settings) -> Iterator[EmbeddedCaseManagement]:
    """The application whose audit trail saw every event as it was recorded."""
    application = EmbeddedCaseManagement(settings)
    yield application
    application.close()


@pytest.mark.parametrize(
    ("tampering", "broken_at"),
    [pytest.param(t, v, id=name) for name, t, v in MATRIX] + CUT_SHORT,
)
def test_with_the_audit_trail_as_witness_a_history_cut_short_is_detected_too(
    witnessed: EmbeddedCaseManagement, tampering: Tampering, broken_at: int
) -> None:
    case_id = recorded_case(Clinic(witnessed))
    assert witnessed.verify(case_id).intact
    tampering(witnessed, case_id)
    report = witnessed.verify(case_id)
    assert (report.intact, report.first_broken_version) == (False, broken_at)


@pytest.mark.parametrize(("tampering", "broken_at"), CUT_SHORT)
def test_a_history_cut_short_is_still_detected_once_the_read_models_are_rebuilt(
    witnessed: EmbeddedCaseManagement, tampering: Tampering, broken_at: int
) -> None:
    case_id = recorded_case(Clinic(witnessed))
    untouched = recorded_case(Clinic(witnessed))
    tampering(witnessed, case_id)
    witnessed.projector.rebuild()  # the read models hold only what is left
    assert max(witnessed.read_models.chain_witness(case_id)) == LAST
    report = witnessed.verify(case_id)
    assert (report.intact, report.first_broken_version) == (False, broken_at)
    assert report.reason == f"version {broken_at} was recorded but is missing"
    assert witnessed.verify(untouched) == ChainReport(True, LAST)


@pytest.mark.parametrize(("tampering", "broken_at"), CUT_SHORT)
def test_a_new_application_that_rebuilds_the_read_models_still_detects_it(
    witnessed: EmbeddedCaseManagement, tampering: Tampering, broken_at: int
) -> None:
    case_id = recorded_case(Clinic(witnessed))
    tampering(witnessed, case_id)
    rewind(witnessed.projector, 0)  # position 0: the next application rebuilds
    again = EmbeddedCaseManagement(witnessed.settings)
    try:
        assert again.projector.position() == again.recorder.max_notification_id()
        report = again.verify(case_id)
        assert (report.intact, report.first_broken_version) == (False, broken_at)
    finally:
        again.close()


def test_a_rebuild_from_a_forged_last_event_keeps_the_head_it_witnessed(
    witnessed: EmbeddedCaseManagement,
) -> None:
    case_id = recorded_case(Clinic(witnessed))
    recorded = witnessed.history(case_id)[-1].chain
    forged = "0" * len(recorded)
    tamper.edit_state(witnessed, case_id, LAST, recorded.encode(), forged.encode())
    witnessed.projector.rebuild()
    trail = witnessed.read_models.audit_trail(case_id=case_id).items
    assert trail[-1]["chain"] == recorded  # the kept audit trail keeps what it saw
    assert witnessed.read_models.chain_witness(case_id)[LAST] == recorded
    report = witnessed.verify(case_id)
    assert (report.intact, report.first_broken_version) == (False, LAST)
