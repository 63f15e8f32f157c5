"""Request bodies of the writes that oversee a case rather than its treatment:
supervision notes, review requests, signatures, corrections, supervisors,
closing and reopening. Each loads as its use case's command, but for the
supervision note (the supervisor is whoever acts) and the signature (its
secret is checked at the door)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from marshmallow import Schema, fields, post_load, validate

from domain import commands as c
from domain import limits
from domain.vocabulary import ClosingReason, SignatureMeaning, SignatureOutcome
from web.schemas.vocab import case_version, identifier, one_of, string, text

Loaded = dict[str, Any]


class SupervisionNoteSchema(Schema):
    """The supervisor is whoever is acting: the write builds the command."""

    text = text(required=True)
    refers_to = fields.List(case_version(), load_default=list)


class ReviewRequestSchema(Schema):
    up_to_version = case_version(required=True)

    @post_load
    def command(self, data: Loaded, **_: Any) -> c.RequestReview:
        return c.RequestReview(up_to_version=data["up_to_version"])


@dataclass(frozen=True)
class Signing:
    """A signature and the secret that re-authenticates its signer: the secret
    is checked at the door and never reaches the domain."""

    command: c.ApplySignature
    signing_secret: str


class SignatureSchema(Schema):
    meaning = one_of(SignatureMeaning, required=True)
    signed_version = case_version(required=True)
    signed_chain_value = string(
        required=True,
        validate=validate.Regexp(
            limits.CHAIN_VALUE, error="must be a chain value as the history shows it"
        ),
    )
    outcome = one_of(SignatureOutcome, required=True)
    comment = text(load_default="")
    signing_secret = string(
        required=True, load_only=True, validate=validate.Length(min=1, max=200)
    )

    @post_load
    def signing(self, data: Loaded, **_: Any) -> Signing:
        command = c.ApplySignature(
            meaning=SignatureMeaning(data["meaning"]),
            signed_version=data["signed_version"],
            signed_chain_value=data["signed_chain_value"],
            outcome=SignatureOutcome(data["outcome"]),
            comment=data["comment"],
        )
        return Signing(command, data["signing_secret"])


class CorrectionSchema(Schema):
    corrects = case_version(required=True)
    reason = text(required=True)
    replacement = fields.Dict(
        required=True, metadata={"description": "same shape as the corrected entry"}
    )

    @post_load
    def command(self, data: Loaded, **_: Any) -> c.CorrectEntry:
        return c.CorrectEntry(
            corrects=data["corrects"],
            reason=data["reason"],
            replacement=data["replacement"],
        )


class SupervisorSchema(Schema):
    supervisor_id = identifier(required=True)

    @post_load
    def command(self, data: Loaded, **_: Any) -> c.AssignSupervisor:
        return c.AssignSupervisor(supervisor_id=data["supervisor_id"])


class ClosureSchema(Schema):
    reason = one_of(ClosingReason, required=True)
    summary = text(load_default="")

    @post_load
    def command(self, data: Loaded, **_: Any) -> c.CloseCase:
        return c.CloseCase(
            reason=ClosingReason(data["reason"]), summary=data["summary"]
        )


class ReopeningSchema(Schema):
    reason = text(required=True)
    summary = text(load_default="")

    @post_load
    def command(self, data: Loaded, **_: Any) -> c.ReopenCase:
        return c.ReopenCase(reason=data["reason"], summary=data["summary"])
