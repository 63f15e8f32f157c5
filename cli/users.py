"""`casebook users add|list|token|revoke|secret`: user administration from a shell."""

from __future__ import annotations

import argparse
import getpass
import sys
import uuid

from application.accounts import AccountManagement
from domain.envelope import Actor, acting
from domain.vocabulary import Role


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    users = commands.add_parser(
        "users", help="manage users, roles and tokens (audited)"
    )
    actions = users.add_subparsers(dest="action", required=True, metavar="ACTION")
    add = actions.add_parser("add", help="create a user and print their API token")
    add.add_argument("user_id")
    add.add_argument("--role", required=True, choices=[r.value for r in Role])
    add.add_argument("--name", default="", help="display name")
    actions.add_parser("list", help="list users and roles")
    for name, text in (
        ("token", "issue a new API token"),
        ("revoke", "revoke every token of a user"),
        ("secret", "set a signing secret (read from stdin or prompted)"),
    ):
        actions.add_parser(name, help=text).add_argument("user_id")  # fmt: skip


def run(accounts: AccountManagement, args: argparse.Namespace) -> int:
    operator = Actor(f"cli:{getpass.getuser()}", Role.ADMIN)
    with acting(operator, f"cli-{uuid.uuid4().hex[:12]}"):
        if args.action == "add":
            print(accounts.add_user(args.user_id, args.role, args.name))
        elif args.action == "list":
            for user in accounts.users():
                state = "active" if user.has_live_token else "revoked"
                print(f"{user.user_id}\t{user.role}\t{state}")
        elif args.action == "token":
            print(accounts.issue_token(args.user_id))
        elif args.action == "revoke":
            accounts.revoke_tokens(args.user_id)
            print(f"revoked every token of {args.user_id}")
        else:
            secret = (
                getpass.getpass("signing secret: ")
                if sys.stdin.isatty()
                else sys.stdin.readline().rstrip("\n")
            )
            accounts.set_signing_secret(args.user_id, secret)
            print(f"signing secret set for {args.user_id}")
    return 0
