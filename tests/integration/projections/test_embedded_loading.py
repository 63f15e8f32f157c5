"""The embedded application loads each case from the store: what another
application recorded since, or a history cut short, is what a command sees,
and each load is a copy of its own."""

from __future__ import annotations

from application.cases import CaseManagement
from bootstrap import EmbeddedCaseManagement
from domain.envelope import acting
from tests import tamper
from tests.clinic import CLINICIAN, Clinic


def test_a_command_starts_from_what_another_application_recorded_since(
    app: EmbeddedCaseManagement,
) -> None:
    clinic = Clinic(app)
    case_id = clinic.assessed_case_with_goal()  # version 3 in its read models
    other = CaseManagement(app.settings)
    Clinic(other).act("measure_outcome", case_id, instrument="ors", score=22,
                      session_date="2026-02-01")  # fmt: skip
    other.close()
    assert app.load_case(case_id).version == 4
    recorded = clinic.act(
        "add_technique", case_id, technique="grounding", goal_ids=["g-safety"]
    )
    assert recorded.version == 5
    assert app.verify(case_id).intact


def test_a_case_cut_short_in_the_store_is_loaded_from_the_store(
    app: EmbeddedCaseManagement,
) -> None:
    case_id = Clinic(app).assessed_case_with_goal()
    tamper.delete(app, case_id, 3)
    assert app.load_case(case_id).version == 2


def test_each_load_is_a_copy_of_its_own(app: EmbeddedCaseManagement) -> None:
    case_id = Clinic(app).assessed_case_with_goal()
    first = app.load_case(case_id)
    with acting(CLINICIAN, "never-saved"):
        first.close("completed")  # recorded on this copy only
    again = app.load_case(case_id)
    assert again is not first
    assert (again.version, again.is_open) == (3, True)
