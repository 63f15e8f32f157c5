"""Review-room pages about cases: a clinician's caseload and each case's page
(plan, coherence, signatures, notes, progress chart and history), for the
case's clinician and its supervisors only; the clinician asks for review here."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

from flask import g, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from domain.commands import RequestReview
from domain.envelope import acting
from domain.exceptions import InvalidValue, VersionConflict
from domain.vocabulary import Role
from web.access import Need
from web.pages import case_data as data
from web.pages.auth import page, signed_in
from web.pages.blueprint import pages
from web.pages.case_forms import NoteForm, ReviewRequestForm, SignForm, VersionedForm
from web.pages.charts import figures, thresholds
from web.resources.common import services

DONE = {
    "review-requested": "Review requested: your supervisors see it in their queue.",
    "approved": "Approved and signed.",
    "edits-requested": "Signed, requesting edits: the clinician sees your comment.",
    "note": "Note added.",
}
STALE = (
    "The case changed while you were looking at it (you saw version {seen}, it is "
    "now at version {now}). Nothing was recorded: read the changes below and try "
    "again."
)


@pages.route("/caseload")
@page(Role.CLINICIAN)
def caseload() -> Any:
    user = signed_in()
    assert user is not None
    found = services().read_models.caseload(user.actor_id, limit=200)
    return render_template("pages/caseload.html", page=found)


@pages.route("/cases/<uuid:case_id>")
@page(Role.CLINICIAN, Role.SUPERVISOR)
def case(case_id: UUID) -> Any:
    return render_case(data.read_case(case_id, "plan"))


def render_case(
    read: data.CaseRead,
    *,
    forms: dict[str, VersionedForm] | None = None,
    message: str | None = None,
    status: int = 200,
) -> tuple[str, int]:
    """The case page; a refused form comes back with its errors and `message`."""
    role = read.user.role
    given = forms or {}
    version = {"version": str(read.version)}

    def form(name: str, kind: type[VersionedForm]) -> VersionedForm:
        # A refused form keeps what was typed, but takes the case's version now.
        found = given.get(name) or kind(formdata=None, data=version)
        found.version.data = str(read.version)
        return found

    supervisor = role is Role.SUPERVISOR
    body = render_template(
        "pages/case.html",
        read=read,
        plan=read.plan,
        coherence=read.coherence,
        status_words=data.STATUS_WORDS,
        signatures=data.signatures(read),
        pending=data.pending_reviews(read),
        notes=data.notes(read),
        events=[data.step_view(s) for s in read.steps],
        figures=figures(read),
        thresholds=thresholds(),
        sign_form=form("sign", SignForm) if supervisor else None,
        note_form=form("note", NoteForm) if supervisor else None,
        review_form=form("review", ReviewRequestForm) if not supervisor else None,
        message=message,
        done=DONE.get(request.args.get("done", "")) if message is None else None,
    )
    return body, status


def record(
    case_id: UUID,
    name: str,
    form: VersionedForm,
    need: Need,
    write: Callable[[data.CaseRead], Any],
    done: str,
) -> Any:
    """Run `write` if the form is valid and made on the case's current version;
    otherwise the case page again, saying why, nothing recorded."""
    read = data.read_case(case_id, "plan", need)
    if not form.validate_on_submit():
        problem = "Nothing was recorded: " + "; ".join(
            f"{getattr(form, f).label.text}: {' '.join(e)}"
            for f, e in form.errors.items()
        )
        return render_case(read, forms={name: form}, message=problem, status=422)
    if form.expected != read.version:
        stale = STALE.format(seen=form.expected, now=read.version)
        return render_case(read, forms={name: form}, message=stale, status=409)
    try:
        with acting(read.user, g.request_id):
            write(read)
    except VersionConflict as error:
        stale = STALE.format(seen=error.expected, now=error.current)
        return render_case(read, forms={name: form}, message=stale, status=409)
    except InvalidValue as error:
        field = getattr(form, error.field, None)
        label = field.label.text if field is not None else error.field
        if field is not None:
            field.errors = [error.reason]
        problem = f"Nothing was recorded: {label}: {error.reason}"
        return render_case(read, forms={name: form}, message=problem, status=422)
    return redirect(url_for("pages.case", case_id=case_id, done=done) + "#done")


@pages.route("/cases/<uuid:case_id>/review-requests", methods=["POST"])
@page(Role.CLINICIAN)
def request_review(case_id: UUID) -> Response:
    def write(read: data.CaseRead) -> None:
        command = RequestReview(up_to_version=read.version)
        services().cases.request_review(case_id, read.version, command)

    form = ReviewRequestForm()
    done = "review-requested"
    return record(case_id, "review", form, Need.WRITE, write, done)  # type: ignore[no-any-return]


from web.pages import case_timeline  # noqa: E402, F401  (its routes)
