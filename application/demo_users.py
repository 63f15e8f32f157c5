"""The demo clinic's users: one of each role, enrolled afresh on every call."""

from __future__ import annotations

from application.accounts import SIGNERS, AccountManagement, UnknownUser
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
SETUP = Actor("casebook-setup", Role.ADMIN)


def create_demo_users(accounts: AccountManagement) -> dict[str, str]:
    """Every demo user with a new API token (existing users keep their history).

    The setup plays both parts of enrollment: it issues each user a code, which
    revokes any token an earlier demo gave them, and redeems it as the user,
    with the demo signing secret of those who sign.
    """
    tokens = {}
    for user_id, (role, name) in DEMO_USERS.items():
        with acting(SETUP, "demo-users"):
            try:
                accounts.user(user_id)
            except UnknownUser:
                issued = accounts.add_user(user_id, role.value, name)
            else:
                issued = accounts.reenroll(user_id)
        secret = DEMO_SIGNING_SECRET if role in SIGNERS else None
        tokens[user_id] = accounts.enroll(
            user_id, issued.code, secret, correlation_id="demo-users"
        )
    return tokens
