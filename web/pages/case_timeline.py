"""A case's timeline: every event in order, stepped through with buttons, a
slider and the arrow keys (static/timeline.js, over data rendered once), or as
plain links (?step=N) without script; and the diff between two steps."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from flask import render_template, request

from application.replay import diff
from domain.exceptions import InvalidValue
from domain.vocabulary import Role
from web.pages import case_data as data
from web.pages.auth import page
from web.pages.blueprint import pages
from web.pages.checks import whole_number
from web.resources.common import services


def _number(name: str, default: int, last: int) -> int:
    """A step from the query: 1..last, or a 422 page naming it."""
    given = request.args.get(name)
    if given is None or given == "":
        return default
    step = whole_number(given, 1, last)
    if step is None:
        raise InvalidValue(name, f"must be a step from 1 to {last}")
    return step


@pages.route("/cases/<uuid:case_id>/timeline")
@page(Role.CLINICIAN, Role.SUPERVISOR)
def timeline(case_id: UUID) -> Any:
    read = data.read_case(case_id, "replay")
    step = _number("step", read.version, read.version)
    steps = [data.step_view(s) for s in read.steps]
    return render_template(
        "pages/timeline.html", read=read, steps=steps, step=steps[step - 1],
        before=max(1, step - 1),
    )  # fmt: skip


@pages.route("/cases/<uuid:case_id>/diff")
@page(Role.CLINICIAN, Role.SUPERVISOR)
def case_diff(case_id: UUID) -> Any:
    read = data.read_case(case_id, "diff")
    to = _number("to", read.version, read.version)
    start = _number("from", max(1, to - 1), read.version)
    if start > to:
        start, to = to, start  # the diff reads forwards, whichever way it was picked
    changed = diff(services().cases, case_id, start, to)
    techniques = changed["techniques"]
    return render_template(
        "pages/case_diff.html", read=read, changed=changed,
        added=[data.named(t) for t in techniques["added"]],
        removed=[data.named(t) for t in techniques["removed"]],
        events=[data.step_view(read.step(e["version"])) for e in changed["events"]],
        status_words=data.STATUS_WORDS,
    )  # fmt: skip
