"""Signing re-authenticates: the signer re-enters a secret kept apart from tokens."""

from __future__ import annotations

from uuid import UUID

from flask import g

from domain.envelope import Actor
from domain.vocabulary import Role, SignatureMeaning
from web.access import Need
from web.problems import Forbidden
from web.resources.common import authorized, services
from web.schemas.oversight import Signing


def check_signing_secret(case_id: UUID, signing: Signing, user: Actor) -> None:
    """Refuse (and log the refusal) unless the signer's role and secret fit."""
    signature = signing.command
    authored = signature.meaning is SignatureMeaning.AUTHORED
    need = Need.WRITE if authored else Need.SUPERVISE
    authorized(case_id, need)
    if user.role not in (Role.CLINICIAN, Role.SUPERVISOR):
        raise Forbidden("only clinicians and supervisors sign")
    if not services().accounts.check_signing_secret(
        user.actor_id, signing.signing_secret
    ):
        services().access_log.record(
            case_id=case_id, version=signature.signed_version,
            actor_id=user.actor_id, actor_role=user.role.value,
            what="signature-refused", correlation_id=g.request_id,
        )  # fmt: skip
        raise Forbidden("the signing secret is wrong; nothing was signed")
