"""Signing in to the review room: a password (argon2) and a TOTP second factor,
set at enrollment, with a lockout after repeated failures, every attempt on the
user's record."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import TYPE_CHECKING, Any
from uuid import UUID

import pyotp
from eventsourcing.persistence import Recording

from application.credentials import (
    bearer_token,
    check_password,
    new_password_hash,
    new_token_secret,
    password_matches,
    token_hash,
)
from domain.accounts import Account, UnknownUser
from domain.envelope import Actor, acting
from domain.exceptions import CasebookError
from domain.vocabulary import Role

ISSUER = "Casebook"
REFUSED_SIGN_IN = "the user id, password or code is not valid"
NOTHING_TO_CONFIRM = "there is no second factor waiting to be confirmed"


@cache
def _unknown_user_hash() -> str:
    """A hash to check an unknown user's password against (made once, when
    first needed, not at every start)."""
    return new_password_hash("no user has this password")


class SignInRefused(CasebookError):
    rule = "sign-in-refused"


@dataclass(frozen=True)
class SignInEnrollment:
    """What enrolling for sign-in gives, shown once: the API token and the TOTP
    secret to load into an authenticator app (as text and as an otpauth URI)."""

    user_id: str
    token: str
    totp_secret: str
    totp_uri: str


class SignIns:
    """AccountManagement's sign-in use cases."""

    if TYPE_CHECKING:
        clock: Callable[[], datetime]

        def _account(self, user_id: str, *, to_change: bool = True) -> Account: ...
        def _redeemable(
            self, user_id: str, code: str, signing_secret: str | None
        ) -> tuple[Account, str, str | None]: ...
        def _save_enrolled(self, account: Account, new_secret: str | None) -> None: ...
        def save(self, *objs: Any, **kwargs: Any) -> list[Recording[UUID]]: ...

    def enroll_for_sign_in(
        self,
        user_id: str,
        code: str,
        signing_secret: str | None,
        password: str,
        *,
        correlation_id: str,
    ) -> SignInEnrollment:
        """Redeem an enrollment code as `enroll` does, and set the password and
        a new TOTP secret, which signs in once `confirm_second_factor` saw a
        code made from it."""
        check_password(password)
        account, code_hash, new_secret = self._redeemable(user_id, code, signing_secret)
        with acting(Actor(account.user_id, Role(account.role)), correlation_id):
            token_id, secret = new_token_secret()
            totp_secret = pyotp.random_base32()
            account.redeem_for_sign_in(
                code_hash, self.clock(), (token_id, token_hash(secret)),
                new_password_hash(password), totp_secret,
            )  # fmt: skip
            self._save_enrolled(account, new_secret)
        uri = pyotp.TOTP(totp_secret).provisioning_uri(
            name=account.user_id, issuer_name=ISSUER
        )
        token = bearer_token(account.user_id, token_id, secret)
        return SignInEnrollment(account.user_id, token, totp_secret, uri)

    def confirm_second_factor(
        self, user_id: str, totp_code: str, *, correlation_id: str
    ) -> None:
        """Finish enrollment with a code from the user's authenticator app. An
        unknown user gets the refusal of one with nothing to confirm: the
        answer tells no user id, as signing in's does not."""
        try:
            account = self._account(user_id)
        except UnknownUser:
            raise SignInRefused(NOTHING_TO_CONFIRM) from None
        credentials = account.sign_in
        if credentials is None or credentials.confirmed:
            raise SignInRefused(NOTHING_TO_CONFIRM)
        if not _code_matches(credentials.totp_secret, totp_code, self.clock()):
            raise SignInRefused("the code is not the one the app shows now")
        with acting(Actor(account.user_id, Role(account.role)), correlation_id):
            account.confirm_second_factor()
            self.save(account)

    def sign_in(
        self, user_id: str, password: str, totp_code: str, *, correlation_id: str
    ) -> Actor:
        """The user, once their password and current TOTP code match; every
        failure is recorded on their account and SIGN_IN_ATTEMPTS in a row
        lock it for a while. An unknown user gets the same refusal."""
        try:
            account = self._account(user_id)
        except UnknownUser:
            # As slow as a wrong password: the answer's time tells no user id.
            password_matches(_unknown_user_hash(), password)
            raise SignInRefused(REFUSED_SIGN_IN) from None
        now = self.clock()
        locked = account.locked_until(now)
        actor = Actor(account.user_id, Role(account.role))
        if locked is not None:
            raise SignInRefused(
                "too many failed sign-ins: try again after "
                f"{locked:%H:%M} UTC, or ask an admin"
            )
        reason = _refusal(account, password, totp_code, now)
        with acting(actor, correlation_id):
            if reason is None:
                account.signed_in()
            else:
                account.refuse_sign_in(reason)
            self.save(account)
        if reason is not None:
            raise SignInRefused(REFUSED_SIGN_IN)
        return actor

    def signed_in_actor(self, user_id: str) -> Actor | None:
        """The user a review-room session stands for, while they may still sign
        in (re-enrollment revokes it); None once they may not."""
        try:
            account = self._account(user_id, to_change=False)
        except UnknownUser:
            return None
        credentials = account.sign_in
        if credentials is None or not credentials.confirmed:
            return None
        return Actor(account.user_id, Role(account.role))


def _refusal(
    account: Account, password: str, totp_code: str, now: datetime
) -> str | None:
    """Why a sign-in fails, as recorded (the user is told less); None if it may."""
    credentials = account.sign_in
    if credentials is None or not credentials.confirmed:
        return "not enrolled for sign-in"
    if not password_matches(credentials.password_hash, password):
        return "wrong password"
    if not _code_matches(credentials.totp_secret, totp_code, now):
        return "wrong second-factor code"
    return None


def _code_matches(secret: str, code: str, now: datetime) -> bool:
    """A code of the current 30-second step or the one either side of it
    (clocks drift)."""
    return pyotp.TOTP(secret).verify(code.strip(), for_time=now, valid_window=1)
