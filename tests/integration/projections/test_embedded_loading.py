"""The embedded application loads a case from the projector's copy when it can,
and from the store whenever that copy is not what the store holds."""

from __future__ import annotations

from application.cases import CaseManagement
from domain.envelope import acting
from projections.embedded import ProjectedCaseManagement
from tests import tamper
from tests.clinic import CLINICIAN, Clinic


def test_a_command_starts_from_what_another_application_recorded_since(
    app: ProjectedCaseManagement,
) -> None:
    clinic = Clinic(app)
    case_id = clinic.assessed_case_with_goal()  # the projector holds version 3
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
    app: ProjectedCaseManagement,
) -> None:
    case_id = Clinic(app).assessed_case_with_goal()
    tamper.delete(app, case_id, 3)
    assert app.load_case(case_id).version == 2


def test_each_load_is_a_copy_of_its_own(app: ProjectedCaseManagement) -> None:
    case_id = Clinic(app).assessed_case_with_goal()
    first = app.load_case(case_id)
    with acting(CLINICIAN, "never-saved"):
        first.close("completed")  # recorded on this copy only
    again = app.load_case(case_id)
    assert again is not first
    assert (again.version, again.is_open) == (3, True)
