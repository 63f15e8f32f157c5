"""User accounts: roles, API tokens and signing secrets, every change on the record."""

from __future__ import annotations

from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain import values
from domain.exceptions import InvariantViolated
from domain.sealed import SealedEvent
from domain.vocabulary import Role

ACCOUNT_NAMESPACE = uuid5(NAMESPACE_URL, "https://casebook.example/accounts")


def account_id(user_id: str) -> UUID:
    """Accounts are found by user id alone, so no index is needed to authenticate."""
    return uuid5(ACCOUNT_NAMESPACE, user_id)


class Account(Aggregate):
    """One user. Only hashes of tokens and signing secrets are ever recorded."""

    class Event(SealedEvent):
        pass

    class AccountCreated(Event, Aggregate.Created):
        user_id: str
        display_name: str
        role: str

    @classmethod
    def create(cls, user_id: str, display_name: str, role: str) -> Account:
        user_id = values.identifier(user_id, "user_id")
        return cls._create(
            cls.AccountCreated,
            id=account_id(user_id),
            user_id=user_id,
            display_name=values.text(display_name, "display_name", max_length=200)
            or user_id,
            role=values.parse(Role, role, "role").value,
        )

    def __init__(self, user_id: str, display_name: str, role: str) -> None:
        self.user_id = user_id
        self.display_name = display_name
        self.role = role
        self.tokens: dict[str, str] = {}
        self.signing_secret_hash: str | None = None
        self.chain_values: list[str] = []
        self.kinds: list[str] = []
        self.recorded_at: list[str] = []

    @property
    def is_active(self) -> bool:
        return bool(self.tokens)

    def change_role(self, role: str) -> None:
        chosen = values.parse(Role, role, "role").value
        if chosen == self.role:
            raise InvariantViolated(
                "role-changes", f"{self.user_id} is already {chosen}"
            )
        self._change_role(role=chosen)

    @event("RoleChanged")
    def _change_role(self, role: str) -> None:
        self.role = role

    @event("TokenIssued")
    def issue_token(self, token_id: str, token_hash: str) -> None:
        self.tokens[token_id] = token_hash

    def revoke_tokens(self) -> None:
        if not self.tokens:
            raise InvariantViolated("token-exists", f"{self.user_id} has no live token")
        self._revoke_tokens(token_ids=sorted(self.tokens))

    @event("TokensRevoked")
    def _revoke_tokens(self, token_ids: list[str]) -> None:
        for token_id in token_ids:
            self.tokens.pop(token_id, None)

    @event("SigningSecretSet")
    def set_signing_secret(self, secret_hash: str) -> None:
        self.signing_secret_hash = secret_hash
