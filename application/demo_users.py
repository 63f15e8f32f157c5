"""The demo clinic's users: one of each role, enrolled afresh on every call,
with an API token and a review-room sign-in."""

from __future__ import annotations

import pyotp

from application.accounts import SIGNERS, AccountManagement
from application.sign_in import SignInEnrollment
from domain.accounts import UnknownUser
from domain.envelope import Actor, acting
from domain.vocabulary import Role

DEMO_USERS = {
    "dr-rivera": (Role.CLINICIAN, "Dr. Ana Rivera"),
    "dr-chen": (Role.CLINICIAN, "Dr. Wei Chen"),
    "dr-okafor": (Role.SUPERVISOR, "Dr. Ngozi Okafor"),
    "auditor-kim": (Role.AUDITOR, "Min-ji Kim"),
    "admin": (Role.ADMIN, "Clinic administrator"),
}
DEMO_SIGNING_SECRET = "demo-signing-secret"
DEMO_PASSWORD = "demo-password-2026"
SETUP = Actor("casebook-setup", Role.ADMIN)


def create_demo_users(accounts: AccountManagement) -> dict[str, str]:
    """Every demo user's new API token (see `enroll_demo_users`)."""
    return {user: found.token for user, found in enroll_demo_users(accounts).items()}


def enroll_demo_users(accounts: AccountManagement) -> dict[str, SignInEnrollment]:
    """Every demo user with a new API token and review-room sign-in (existing
    users keep their history).

    The setup plays both parts of enrollment: it issues each user a code, which
    revokes any credential an earlier demo gave them, and redeems it as the
    user, with the demo signing secret of those who sign and the demo
    password, and confirms their new second factor with its current code.
    """
    enrolled = {}
    for user_id, (role, name) in DEMO_USERS.items():
        with acting(SETUP, "demo-users"):
            try:
                accounts.user(user_id)
            except UnknownUser:
                issued = accounts.add_user(user_id, role.value, name)
            else:
                issued = accounts.reenroll(user_id)
        secret = DEMO_SIGNING_SECRET if role in SIGNERS else None
        enrolled[user_id] = accounts.enroll_for_sign_in(
            user_id, issued.code, secret, DEMO_PASSWORD, correlation_id="demo-users"
        )
        code = pyotp.TOTP(enrolled[user_id].totp_secret).now()
        accounts.confirm_second_factor(user_id, code, correlation_id="demo-users")
    return enrolled
