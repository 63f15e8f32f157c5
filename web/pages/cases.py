"""Review-room pages about cases: a clinician's caseload (the case pages follow)."""

from __future__ import annotations

from typing import Any

from flask import render_template

from domain.vocabulary import Role
from web.pages.auth import page, signed_in
from web.pages.blueprint import pages
from web.resources.common import services


@pages.route("/caseload")
@page(Role.CLINICIAN)
def caseload() -> Any:
    user = signed_in()
    assert user is not None
    found = services().read_models.caseload(user.actor_id, limit=200)
    return render_template("pages/caseload.html", page=found)


@pages.route("/cases/<uuid:case_id>")
@page(Role.CLINICIAN, Role.SUPERVISOR)
def case(case_id: Any) -> Any:
    from flask import abort

    abort(404)
