"""`casebook users add|list|enroll|revoke|secret`: user administration from a shell.

The operator hands out enrollment codes, never tokens: a user exchanges their
code at POST /api/enrollment for a token only they hold."""

from __future__ import annotations

import argparse
import getpass
import sys
import uuid

from application.accounts import AccountManagement, EnrollmentCode, UserView
from domain.envelope import Actor, acting
from domain.vocabulary import Role


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    users = commands.add_parser(
        "users", help="manage users, roles and enrollment codes (audited)"
    )
    actions = users.add_subparsers(dest="action", required=True, metavar="ACTION")
    add = actions.add_parser("add", help="create a user; print their enrollment code")
    add.add_argument("user_id")
    add.add_argument("--role", required=True, choices=[r.value for r in Role])
    add.add_argument("--name", default="", help="display name")
    actions.add_parser("list", help="list users and roles")
    for name, text in (
        (
            "enroll",
            "issue a new enrollment code, revoking the user's tokens, "
            "password and second factor (e.g. a lost authenticator)",
        ),
        ("revoke", "revoke every token and enrollment code of a user"),
        ("secret", "set a signing secret (read from stdin or prompted)"),
    ):
        actions.add_parser(name, help=text).add_argument("user_id")  # fmt: skip


def _code_text(issued: EnrollmentCode) -> str:
    return (
        f"enrollment code for {issued.user_id}: {issued.code}\n"
        f"valid once, until {issued.expires_at:%Y-%m-%d %H:%M} UTC; the user "
        "exchanges it at POST /api/enrollment for their own token"
    )


def _state(user: UserView) -> str:
    if user.has_live_token:
        return "active"
    return "enrolling" if user.enrollment_expires_at else "revoked"


def run(accounts: AccountManagement, args: argparse.Namespace) -> int:
    operator = Actor(f"cli:{getpass.getuser()}", Role.ADMIN)
    with acting(operator, f"cli-{uuid.uuid4().hex[:12]}"):
        if args.action == "add":
            print(_code_text(accounts.add_user(args.user_id, args.role, args.name)))
        elif args.action == "list":
            for user in accounts.users():
                print(f"{user.user_id}\t{user.role}\t{_state(user)}")
        elif args.action == "enroll":
            print(_code_text(accounts.reenroll(args.user_id)))
        elif args.action == "revoke":
            accounts.revoke_tokens(args.user_id)
            print(f"revoked every token and enrollment code of {args.user_id}")
        else:
            secret = (
                getpass.getpass("signing secret: ")
                if sys.stdin.isatty()
                else sys.stdin.readline().rstrip("\n")
            )
            accounts.set_signing_secret(args.user_id, secret)
            print(f"signing secret set for {args.user_id}")
    return 0
