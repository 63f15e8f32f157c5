"""The demo clinic's users: one of each role, with fresh tokens on every call."""

from __future__ import annotations

from application.accounts import AccountManagement, UnknownUser
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
    """Every demo user with a new API token (existing users keep their history)."""
    tokens = {}
    with acting(SETUP, "demo-users"):
        for user_id, (role, name) in DEMO_USERS.items():
            try:
                accounts.user(user_id)
            except UnknownUser:
                tokens[user_id] = accounts.add_user(user_id, role.value, name)
                if role in (Role.CLINICIAN, Role.SUPERVISOR):
                    accounts.set_signing_secret(user_id, DEMO_SIGNING_SECRET)
            else:
                tokens[user_id] = accounts.issue_token(user_id)
    return tokens
