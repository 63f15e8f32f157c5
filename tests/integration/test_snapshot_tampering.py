"""A snapshot edited in the store is never used: the case is read from its
events, and verify says which snapshot was altered, on SQLite and PostgreSQL."""

from __future__ import annotations

from uuid import UUID

from application.cases import SNAPSHOT_INTERVAL, CaseManagement
from tests import tamper
from tests.clinic import Clinic


def case_past_a_snapshot(clinic: Clinic) -> UUID:
    case_id = clinic.assessed_case_with_goal()
    while clinic.app.load_case(case_id).version < SNAPSHOT_INTERVAL + 2:
        clinic.act("record_session", case_id, session_date="2026-02-02",
                   note="Talked about sleep.")  # fmt: skip
    return case_id


def test_an_edited_snapshot_is_set_aside_for_the_events(
    app: CaseManagement, clinic: Clinic
) -> None:
    case_id = case_past_a_snapshot(clinic)
    before = app.report(case_id)
    # Its state is the case's ciphertext: one more character in it.
    tamper.edit_snapshot(app, case_id, SNAPSHOT_INTERVAL, b"enc:", b"enc:A")
    fresh = CaseManagement(app.settings)  # no aggregate cached in memory
    try:
        assert fresh.report(case_id) == before
        report = fresh.verify(case_id)
        assert (report.intact, report.first_broken_version) == (
            False, SNAPSHOT_INTERVAL,
        )  # fmt: skip
        assert "snapshot" in report.reason
    finally:
        fresh.close()


def test_a_snapshot_moved_to_another_case_is_set_aside(
    app: CaseManagement, clinic: Clinic
) -> None:
    first, second = case_past_a_snapshot(clinic), case_past_a_snapshot(clinic)
    expected = app.report(second)
    snapshots = app.snapshots
    assert snapshots is not None
    [stored] = snapshots.recorder.select_events(
        first, gt=SNAPSHOT_INTERVAL - 1, lte=SNAPSHOT_INTERVAL
    )
    [target] = snapshots.recorder.select_events(
        second, gt=SNAPSHOT_INTERVAL - 1, lte=SNAPSHOT_INTERVAL
    )
    tamper.edit_snapshot(app, second, SNAPSHOT_INTERVAL, target.state, stored.state)
    fresh = CaseManagement(app.settings)
    try:
        assert fresh.report(second) == expected
        assert not fresh.verify(second).intact
        assert fresh.verify(first).intact
    finally:
        fresh.close()

