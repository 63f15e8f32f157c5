"""User accounts: roles, enrollment codes, API tokens and signing secrets, every
change on the record."""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain import values
from domain.exceptions import CasebookError, InvariantViolated
from domain.sealed import SealedEvent
from domain.vocabulary import Role

ACCOUNT_NAMESPACE = uuid5(NAMESPACE_URL, "https://casebook.example/accounts")


SIGN_IN_ATTEMPTS = 5
"""Failed sign-ins in a row after which an account is locked for LOCKOUT."""
LOCKOUT = timedelta(minutes=15)

ENROLLMENT_CODE_LIFETIME = timedelta(hours=72)
"""Long enough to hand a code over on another channel, short enough that a
forgotten one stops working by itself."""


def account_id(user_id: str) -> UUID:
    """Accounts are found by user id alone, so no index is needed to authenticate."""
    return uuid5(ACCOUNT_NAMESPACE, user_id)


class UnknownUser(CasebookError):
    rule = "user-not-found"


class EnrollmentCodeRefused(CasebookError):
    """A code that is wrong, used, superseded or expired: the caller learns no more."""

    rule = "enrollment-code"

    def __init__(self) -> None:
        super().__init__("the enrollment code is not valid")


@dataclass(frozen=True)
class PendingEnrollment:
    """An issued, unused enrollment code: its hash and when it stops working."""

    code_hash: str
    expires_at: datetime


@dataclass(frozen=True)
class SignInCredentials:
    """What a user signs in to the review room with: an argon2 hash of their
    password and their TOTP secret, usable once a code from it was shown."""

    password_hash: str
    totp_secret: str
    confirmed: bool = False


class Account(Aggregate):
    """One user. Only hashes of codes, tokens and signing secrets are recorded."""

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
        self.enrollment: PendingEnrollment | None = None
        self.signing_secret_hash: str | None = None
        self.sign_in: SignInCredentials | None = None
        self.failed_sign_ins: list[datetime] = []
        self.chain_values: list[str] = []
        self.kinds: list[str] = []
        self.recorded_at: list[str] = []

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

    class EnrollmentCodeIssued(Event):
        code_hash: str

        def apply(self, aggregate: Any) -> None:
            # The code's lifetime runs from the event's own time, so a replay
            # gives every code the expiry it was issued with.
            aggregate.enrollment = PendingEnrollment(
                self.code_hash, self.timestamp + ENROLLMENT_CODE_LIFETIME
            )

    def issue_enrollment_code(self, code_hash: str) -> None:
        """A new code, which replaces every credential the user held before."""
        self._revoke_credentials()
        self.trigger_event(self.EnrollmentCodeIssued, code_hash=code_hash)

    def redeem_enrollment_code(
        self, code_hash: str, now: datetime, token_id: str, token_hash: str
    ) -> None:
        """Use the pending code up and give the user the token it buys."""
        self.check_enrollment_code(code_hash, now)
        self._redeem_enrollment_code()
        self._issue_token(token_id=token_id, token_hash=token_hash)

    def check_enrollment_code(self, code_hash: str, now: datetime) -> None:
        pending = self.enrollment
        if (
            pending is None
            or now >= pending.expires_at
            or not hmac.compare_digest(pending.code_hash, code_hash)
        ):
            raise EnrollmentCodeRefused()

    @event("EnrollmentCodeRedeemed")
    def _redeem_enrollment_code(self) -> None:
        self.enrollment = None

    @event("TokenIssued")
    def _issue_token(self, token_id: str, token_hash: str) -> None:
        self.tokens[token_id] = token_hash

    @event("EnrollmentCodeWithdrawn")
    def _withdraw_enrollment_code(self) -> None:
        self.enrollment = None

    def revoke_tokens(self) -> None:
        """Revoke every token and any unused enrollment code."""
        if not self.tokens and self.enrollment is None:
            raise InvariantViolated(
                "token-exists", f"{self.user_id} has no live token or enrollment code"
            )
        self._revoke_credentials()

    def _revoke_credentials(self) -> None:
        if self.sign_in is not None:
            self._revoke_sign_in()
        if self.tokens:
            self._revoke_tokens(token_ids=sorted(self.tokens))
        if self.enrollment is not None:
            self._withdraw_enrollment_code()

    @event("TokensRevoked")
    def _revoke_tokens(self, token_ids: list[str]) -> None:
        for token_id in token_ids:
            self.tokens.pop(token_id, None)

    @event("SigningSecretSet")
    def set_signing_secret(self, secret_hash: str) -> None:
        self.signing_secret_hash = secret_hash

    def redeem_for_sign_in(
        self,
        code_hash: str,
        now: datetime,
        token: tuple[str, str],
        password_hash: str,
        totp_secret: str,
    ) -> None:
        """Use the pending code up for an API token (id, hash) and the sign-in
        credentials, whose second factor must still be confirmed."""
        self.redeem_enrollment_code(code_hash, now, *token)
        self._set_sign_in(password_hash=password_hash, totp_secret=totp_secret)

    @event("SignInCredentialsSet")
    def _set_sign_in(self, password_hash: str, totp_secret: str) -> None:
        self.sign_in = SignInCredentials(password_hash, totp_secret)
        self.failed_sign_ins = []

    def confirm_second_factor(self) -> None:
        if self.sign_in is None or self.sign_in.confirmed:
            raise InvariantViolated(
                "second-factor", f"{self.user_id} has no second factor to confirm"
            )
        self._confirm_second_factor()

    @event("SecondFactorConfirmed")
    def _confirm_second_factor(self) -> None:
        assert self.sign_in is not None
        self.sign_in = SignInCredentials(
            self.sign_in.password_hash, self.sign_in.totp_secret, confirmed=True
        )

    @event("SignInCredentialsRevoked")
    def _revoke_sign_in(self) -> None:
        self.sign_in = None
        self.failed_sign_ins = []

    def locked_until(self, now: datetime) -> datetime | None:
        """When a run of failed sign-ins stops locking the account, if it does now."""
        if len(self.failed_sign_ins) < SIGN_IN_ATTEMPTS:
            return None
        until = self.failed_sign_ins[-1] + LOCKOUT
        return until if now < until else None

    class SignInRefused(Event):
        reason: str

        def apply(self, aggregate: Any) -> None:
            aggregate.failed_sign_ins = [*aggregate.failed_sign_ins, self.timestamp]

    def refuse_sign_in(self, reason: str) -> None:
        self.trigger_event(self.SignInRefused, reason=reason)

    @event("SignedIn")
    def signed_in(self) -> None:
        self.failed_sign_ins = []
