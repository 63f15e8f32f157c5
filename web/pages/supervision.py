"""Review-room pages for supervisors: the supervision queue, signing a case
(approve or request edits) with the signing secret, and supervision notes."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from flask import render_template

from domain.commands import ApplySignature, RecordSupervisionNote
from domain.vocabulary import Role, SignatureMeaning, SignatureOutcome
from web.access import Need
from web.pages import case_data as data
from web.pages.auth import page, signed_in
from web.pages.blueprint import pages
from web.pages.case_forms import NoteForm, SignForm
from web.pages.cases import record, render_case
from web.problems import Forbidden
from web.resources.common import services
from web.resources.signing import check_signing_secret
from web.schemas.oversight import Signing


@pages.route("/queue")
@page(Role.SUPERVISOR)
def queue() -> Any:
    user = signed_in()
    assert user is not None
    found = services().read_models.supervision_queue(
        user.actor_id, waiting_only=False, limit=200
    )
    return render_template("pages/queue.html", page=found)


@pages.route("/cases/<uuid:case_id>/signatures", methods=["POST"])
@page(Role.SUPERVISOR)
def sign(case_id: UUID) -> Any:
    """Approve, or request edits with a comment; the signer re-enters their
    signing secret, checked as the API checks it (a refusal is on the record)."""
    form = SignForm()
    approve = not form.request_edits.data

    def write(read: data.CaseRead) -> None:
        head = services().cases.history(case_id)[read.version - 1]
        meaning = SignatureMeaning.APPROVED if approve else SignatureMeaning.REVIEWED
        outcome = (
            SignatureOutcome.APPROVED if approve else SignatureOutcome.EDITS_REQUESTED
        )
        command = ApplySignature(
            meaning=meaning, signed_version=read.version,
            signed_chain_value=head.chain, outcome=outcome,
            comment=(form.comment.data or "").strip(),
        )  # fmt: skip
        signing = Signing(command, form.signing_secret.data)
        check_signing_secret(case_id, signing, read.user)
        services().cases.apply_signature(case_id, read.version, command)

    try:
        done = "approved" if approve else "edits-requested"
        return record(case_id, "sign", form, Need.SUPERVISE, write, done)
    except Forbidden as refused:
        form.signing_secret.errors = [refused.message]
        read = data.read_case(case_id, "plan", Need.SUPERVISE)
        label = form.signing_secret.label.text
        message = f"Nothing was signed: {label}: {refused.message}"
        return render_case(read, forms={"sign": form}, message=message, status=403)


@pages.route("/cases/<uuid:case_id>/notes", methods=["POST"])
@page(Role.SUPERVISOR)
def add_note(case_id: UUID) -> Any:
    form = NoteForm()

    def write(read: data.CaseRead) -> None:
        command = RecordSupervisionNote(
            read.user.actor_id, form.text.data, form.versions()
        )
        services().cases.record_supervision_note(case_id, read.version, command)

    return record(case_id, "note", form, Need.SUPERVISE, write, "note")
