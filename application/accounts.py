"""AccountManagement: users, roles and their credentials, every change audited."""

from __future__ import annotations

import hmac
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from typing import Any
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.persistence import IntegrityError, Recording

from application.credentials import (
    bearer_token,
    check_secret,
    new_enrollment_code,
    new_secret_hash,
    new_token_secret,
    parse_token,
    secret_matches,
    token_hash,
)
from application.log import events_of_type
from application.sealing import chain_keys_for, seal_pending
from application.settings import Settings
from application.sign_in import SignIns
from domain.accounts import Account, EnrollmentCodeRefused, UnknownUser, account_id
from domain.envelope import Actor, acting, current_envelope
from domain.exceptions import CasebookError, InvalidValue, InvariantViolated
from domain.vocabulary import Role

REFUSED_ENROLLMENT = "the user id, enrollment code or signing secret is not valid"
SIGNERS = (Role.CLINICIAN, Role.SUPERVISOR)


class Unauthenticated(CasebookError):
    rule = "unauthenticated"


@dataclass(frozen=True)
class UserView:
    user_id: str
    display_name: str
    role: str
    has_live_token: bool
    has_signing_secret: bool
    version: int
    enrollment_expires_at: datetime | None = None


@dataclass(frozen=True)
class EnrollmentCode:
    """A code to hand to the user, shown only once; only its hash is recorded."""

    user_id: str
    code: str
    expires_at: datetime


ACCOUNT_CACHE = {"AGGREGATE_CACHE_MAXSIZE": "1000", "AGGREGATE_CACHE_FASTFORWARD": "y"}
"""Every request authenticates: accounts stay in memory, and the repository
brings each up to date with any newer events before it is used, so a
revocation in another process still counts at once, without replaying each
account from the store."""


class AccountManagement(SignIns, Application[UUID]):
    """Who may use Casebook, in which role, and how they prove it."""

    name = "casebook"

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or Settings.from_env()
        super().__init__(env={**self.settings.event_store_env(), **ACCOUNT_CACHE})
        self.chain_keys = chain_keys_for(self, self.settings)
        self._names: dict[str, str] = {}
        self.clock: Callable[[], datetime] = partial(datetime.now, UTC)
        """Tells enrollment codes' expiry; tests move it instead of waiting."""

    def save(self, *objs: Any, **kwargs: Any) -> list[Recording[UUID]]:
        """Seal each new event into its account's chain, then store it."""
        for obj in objs:
            if isinstance(obj, Account):
                seal_pending(obj, self.chain_keys)
        return super().save(*objs, **kwargs)

    def _account(self, user_id: str, *, to_change: bool = True) -> Account:
        # An account only read may be the cached object itself; one to change is
        # a copy, so that a refused or failed save leaves the cache as stored.
        try:
            account: Account = self.repository.get(
                account_id(user_id), deepcopy_from_cache=to_change
            )
        except AggregateNotFoundError:
            raise UnknownUser(f"user {user_id!r} does not exist") from None
        return account

    def _issue_code(self, account: Account) -> EnrollmentCode:
        code = new_enrollment_code()
        account.issue_enrollment_code(code_hash=token_hash(code))
        assert account.enrollment is not None
        return EnrollmentCode(account.user_id, code, account.enrollment.expires_at)

    def add_user(
        self, user_id: str, role: str, display_name: str = ""
    ) -> EnrollmentCode:
        """Create a user and return their enrollment code (shown only once)."""
        current_envelope()
        try:
            self._account(user_id)
        except UnknownUser:
            account = Account.create(user_id, display_name, role)
        else:
            raise InvalidValue("user_id", f"{user_id!r} already exists")
        code = self._issue_code(account)
        self.save(account)
        return code

    def reenroll(self, user_id: str) -> EnrollmentCode:
        """Give a user a new enrollment code, revoking their tokens and any
        earlier code."""
        account = self._account(user_id)
        code = self._issue_code(account)
        self.save(account)
        return code

    def enroll(
        self,
        user_id: str,
        code: str,
        signing_secret: str | None,
        *,
        correlation_id: str,
    ) -> str:
        """Exchange an enrollment code for the user's own API token (shown only
        once). The user is the actor: the code is their proof of who they are.

        A user who has a signing secret proves it too, so that whoever issued
        the code cannot redeem it as them; one who has none sets it here
        (clinicians and supervisors must: they sign). An unknown user and a
        wrong, used, superseded or expired code or secret get one refusal."""
        account, code_hash, new_secret = self._redeemable(user_id, code, signing_secret)
        with acting(Actor(account.user_id, Role(account.role)), correlation_id):
            token_id, secret = new_token_secret()
            account.redeem_enrollment_code(
                code_hash, self.clock(), token_id, token_hash(secret)
            )
            self._save_enrolled(account, new_secret)
        return bearer_token(account.user_id, token_id, secret)

    def _redeemable(
        self, user_id: str, code: str, signing_secret: str | None
    ) -> tuple[Account, str, str | None]:
        """The account whose pending code `code` is, the code's hash and the
        signing secret to set; one refusal for every way it can be wrong."""
        if signing_secret is not None:
            check_secret(signing_secret)
        code_hash = token_hash(code)
        try:
            account = self._account(user_id)
            account.check_enrollment_code(code_hash, self.clock())
        except (UnknownUser, EnrollmentCodeRefused):
            raise Unauthenticated(REFUSED_ENROLLMENT) from None
        return account, code_hash, self._enrolling_secret(account, signing_secret)

    def _save_enrolled(self, account: Account, new_secret: str | None) -> None:
        if new_secret is not None:
            account.set_signing_secret(secret_hash=new_secret_hash(new_secret))
        try:
            self.save(account)
        except IntegrityError:  # the same code, redeemed by another request
            raise Unauthenticated(REFUSED_ENROLLMENT) from None

    @staticmethod
    def _enrolling_secret(account: Account, offered: str | None) -> str | None:
        """The signing secret to set at enrollment, once `offered` may be used."""
        stored = account.signing_secret_hash
        if stored is not None:
            if offered is None or not secret_matches(stored, offered):
                raise Unauthenticated(REFUSED_ENROLLMENT)
            return None
        if offered is None and Role(account.role) in SIGNERS:
            raise InvalidValue("signing_secret", "clinicians and supervisors need one")
        return offered

    def revoke_tokens(self, user_id: str) -> None:
        """Revoke every token a user holds and any unused enrollment code,
        effective on their next request."""
        account = self._account(user_id)
        account.revoke_tokens()
        self.save(account)

    def change_role(self, user_id: str, role: str) -> None:
        """Give a user another role; never one's own, or an admin could make
        themselves a supervisor of a case they had assigned to themselves."""
        if current_envelope().actor.actor_id == user_id:
            raise InvariantViolated(
                "role-changes", "no one changes their own role: another admin does"
            )
        account = self._account(user_id)
        account.change_role(role)
        self.save(account)

    def set_signing_secret(self, user_id: str, secret: str) -> None:
        """Set the secret a user re-enters to sign (kept apart from API tokens)."""
        check_secret(secret)
        account = self._account(user_id)
        account.set_signing_secret(secret_hash=new_secret_hash(secret))
        self.save(account)

    def authenticate(self, token: str) -> Actor:
        """The actor a bearer token stands for; refuses unknown or revoked tokens."""
        parts = parse_token(token)
        if parts is None:
            raise Unauthenticated("the bearer token is malformed")
        user_id, token_id, secret = parts
        try:
            account = self._account(user_id, to_change=False)
        except UnknownUser:
            raise Unauthenticated("the bearer token is not valid") from None
        expected = account.tokens.get(token_id)
        if expected is None or not hmac.compare_digest(expected, token_hash(secret)):
            raise Unauthenticated("the bearer token is not valid or was revoked")
        return Actor(account.user_id, Role(account.role))

    def check_signing_secret(self, user_id: str, secret: str) -> bool:
        """Whether `secret` is the user's signing secret."""
        stored = self._account(user_id).signing_secret_hash
        return stored is not None and secret_matches(stored, secret)

    def display_name(self, user_id: str) -> str:
        """How a user is shown, e.g. beside their signature; their id if they
        gave no name or do not exist. A name is given once, when the account is
        created, and never changes: it is looked up once per process."""
        name = self._names.get(user_id)
        if name is None:
            try:
                account = self._account(user_id, to_change=False)
            except UnknownUser:
                return user_id  # not kept: the user may be created later
            name = self._names[user_id] = account.display_name or user_id
        return name

    def user(self, user_id: str) -> UserView:
        account = self._account(user_id)
        pending = account.enrollment
        live = pending is not None and pending.expires_at > self.clock()
        return UserView(account.user_id, account.display_name, account.role,
                        bool(account.tokens), account.signing_secret_hash is not None,
                        account.version,
                        pending.expires_at if pending and live else None)  # fmt: skip

    def users(self) -> list[UserView]:
        """Every user, in the order they were created."""
        created = events_of_type(self, Account.AccountCreated)
        return [self.user(event.user_id) for event in created]
