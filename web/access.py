"""Who may do what to which case (DOMAIN.md, "Who may do what")."""

from __future__ import annotations

from collections.abc import Sequence
from enum import Enum
from typing import Protocol
from uuid import UUID

from domain.envelope import Actor
from domain.exceptions import CaseNotFound
from domain.vocabulary import Role
from web.problems import Forbidden


class Parties(Protocol):
    """Who a case is for: its clinician and its supervisors."""

    @property
    def clinician_id(self) -> str: ...
    @property
    def supervisor_ids(self) -> Sequence[str]: ...


class Need(Enum):
    READ = "read clinical content of"
    WRITE = "record on"
    SUPERVISE = "supervise"
    AUDIT = "read the audit trail of"
    ASSIGN = "manage the supervisors of"
    ERASE = "erase or hold"


def authorize(actor: Actor, case_id: UUID, parties: Parties | None, need: Need) -> None:
    """Refuse unless `actor` may `need` this case; a case they cannot see is 404."""
    if parties is None:
        raise CaseNotFound(case_id)
    treats = actor.role is Role.CLINICIAN and parties.clinician_id == actor.actor_id
    supervises = (
        actor.role is Role.SUPERVISOR and actor.actor_id in parties.supervisor_ids
    )
    if need is Need.AUDIT and actor.role is Role.AUDITOR:
        return
    if need is Need.ASSIGN and actor.role is Role.ADMIN:
        return
    if need is Need.ERASE and actor.role in (Role.ADMIN, Role.AUDITOR):
        return
    if not (treats or supervises) and actor.role in (Role.CLINICIAN, Role.SUPERVISOR):
        raise CaseNotFound(case_id)
    allowed = {
        Need.READ: treats or supervises,
        Need.WRITE: treats,
        Need.SUPERVISE: supervises,
        Need.AUDIT: treats or supervises,
        Need.ASSIGN: treats,
        Need.ERASE: False,
    }[need]
    if not allowed:
        raise Forbidden(f"{_a(actor.role.value)} may not {need.value} this case")


def require_role(actor: Actor, *roles: Role) -> None:
    if actor.role not in roles:
        names = " or ".join(_a(r.value) for r in roles)
        raise Forbidden(f"only {names} may do this")


def _a(noun: str) -> str:
    """The noun with its indefinite article: "an auditor", "a clinician"."""
    return f"{'an' if noun[:1] in 'aeiou' else 'a'} {noun}"
