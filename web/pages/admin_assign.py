"""The admin's page of case assignments: who supervises which case, and
assigning or taking off a supervisor, as the API's supervisors writes do
(Need.ASSIGN). Only structure is shown: client reference, clinician, status
and supervisors, never clinical content."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from flask import g, render_template
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import HiddenField, StringField
from wtforms.validators import InputRequired, Length, Regexp

from domain.commands import AssignSupervisor, RemoveSupervisor
from domain.envelope import acting
from domain.exceptions import CasebookError, InvalidValue
from domain.vocabulary import Role
from projections.supervision import supervision
from web.access import Need
from web.pages.auth import page
from web.pages.blueprint import pages
from web.problems import from_domain
from web.resources.common import authorized, check_supervisors, services


class RemoveForm(FlaskForm):  # type: ignore[misc]
    version = HiddenField(
        "Version", [InputRequired(), Regexp(r"^\d{1,9}$", message="must be a number")]
    )


class AssignForm(RemoveForm):
    supervisor_id = StringField("Supervisor", [InputRequired(), Length(max=64)])


def _supervisors_of_cases() -> dict[UUID, list[str]]:
    query = select(supervision.c.case_id, supervision.c.supervisor_id).order_by(
        supervision.c.supervisor_id
    )
    found: dict[UUID, list[str]] = {}
    with services().read_models.engine.connect() as connection:
        for case_id, supervisor_id in connection.execute(query):
            found.setdefault(case_id, []).append(supervisor_id)
    return found


def _render(status: int = 200, *, notice: str | None = None,
            refused: str | None = None) -> Any:  # fmt: skip
    cases = services().read_models.cases(limit=500).items
    assigned = _supervisors_of_cases()
    supervisors = [
        u.user_id for u in services().accounts.users() if u.role == Role.SUPERVISOR
    ]
    return render_template(
        "pages/admin_assignments.html", cases=cases, assigned=assigned,
        supervisors=supervisors, form=AssignForm(formdata=None), notice=notice,
        refused=refused,
    ), status  # fmt: skip


@pages.route("/assignments")
@page(Role.ADMIN)
def assignments() -> Any:
    return _render()


@pages.route("/assignments/<uuid:case_id>", methods=["POST"])
@page(Role.ADMIN)
def assign_supervisor(case_id: UUID) -> Any:
    return _change(case_id, None)


@pages.route("/assignments/<uuid:case_id>/<supervisor_id>", methods=["POST"])
@page(Role.ADMIN)
def remove_supervisor(case_id: UUID, supervisor_id: str) -> Any:
    return _change(case_id, supervisor_id)


def _change(case_id: UUID, removing: str | None) -> Any:
    form = AssignForm() if removing is None else RemoveForm()
    if not form.validate():
        problems = [
            f"{f.label.text}: {'; '.join(f.errors)}" for f in form if f.errors
        ]  # fmt: skip
        return _render(422, refused=" ".join(problems))
    user = authorized(case_id, Need.ASSIGN)
    supervisor_id = removing or (form.supervisor_id.data or "").strip()
    version = int(form.version.data)
    cases = services().cases
    try:
        with acting(user, g.request_id):
            if removing is None:
                check_supervisors("supervisor_id", [supervisor_id])
                cases.assign_supervisor(
                    case_id, version, AssignSupervisor(supervisor_id)
                )
            else:
                cases.remove_supervisor(case_id, version, RemoveSupervisor(removing))
    except CasebookError as error:
        if isinstance(error, InvalidValue):
            refused = f"Supervisor: {error.reason}"
        else:
            refused = error.message
        return _render(from_domain(error).status_code, refused=refused)
    done = "assigned to" if removing is None else "taken off"
    return _render(notice=f"{supervisor_id} was {done} the case.")
