"""`casebook erase CASE` and `casebook legal-hold CASE`: erasure of a case's
text, asked by the operator (an admin) and confirmed at once by a second admin
or an auditor with their own API token; and the holds that refuse it."""

from __future__ import annotations

import argparse
import getpass
import sys
import uuid

from application.settings import Settings
from bootstrap import build_accounts, build_services
from domain.commands import LegalHold, RequestErasure
from domain.envelope import Actor, acting
from domain.exceptions import CasebookError
from domain.vocabulary import Role

COMMANDS = ("erase", "legal-hold")


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    erase = commands.add_parser(
        "erase",
        help="erase a case's clinical text (destroys its key; the record of "
        "who did what stays, and verifies)",
    )
    erase.add_argument("case", help="case id or client reference")
    erase.add_argument("--reason", required=True, help="why (recorded)")
    erase.add_argument(
        "--override",
        default="",
        metavar="REASON",
        help="erase although retention, a legal hold or an open case stand in "
        "the way, and why (recorded)",
    )
    erase.add_argument(
        "--confirmed-by",
        required=True,
        metavar="USER",
        help="the second admin or auditor who confirms; their API token is read "
        "from standard input (or prompted for)",
    )
    hold = commands.add_parser(
        "legal-hold", help="place (or --lift) a legal hold that refuses erasure"
    )
    hold.add_argument("case", help="case id or client reference")
    hold.add_argument("--reason", required=True, help="why (recorded)")
    hold.add_argument("--lift", action="store_true", help="lift the hold instead")


def run(settings: Settings, args: argparse.Namespace) -> int:
    operator = Actor(f"cli:{getpass.getuser()}", Role.ADMIN)
    correlation = f"cli-{uuid.uuid4().hex[:12]}"
    confirmer = _confirmer(settings, args) if args.command == "erase" else None
    services = build_services(settings)
    try:
        cases = services.cases
        case_id = cases.find_case(args.case)
        version = cases.load_case(case_id).version
        with acting(operator, correlation):
            if args.command == "legal-hold":
                change = cases.lift_legal_hold if args.lift else cases.place_legal_hold
                recorded = change(case_id, version, LegalHold(args.reason))
                print(f"legal hold {'lifted' if args.lift else 'placed'} on "
                      f"{args.case} (version {recorded.version})")  # fmt: skip
                return 0
            asked = cases.request_erasure(
                case_id, version, RequestErasure(args.reason, args.override)
            )
        assert confirmer is not None
        with acting(confirmer, correlation):
            erased = cases.confirm_erasure(case_id, asked.version)
        print(f"erased the text of {args.case}: asked by {operator.actor_id} "
              f"(version {asked.version}), confirmed by {confirmer.actor_id} "
              f"(version {erased.version}); its key is destroyed")  # fmt: skip
        return 0
    finally:
        services.close()


def _confirmer(settings: Settings, args: argparse.Namespace) -> Actor:
    """The second person, proven by their own API token."""
    token = (
        getpass.getpass(f"API token of {args.confirmed_by}: ")
        if sys.stdin.isatty()
        else sys.stdin.readline().strip()
    )
    accounts = build_accounts(settings)
    try:
        actor = accounts.authenticate(token)
    finally:
        accounts.close()
    if actor.actor_id != args.confirmed_by:
        raise CasebookError(f"that token is not {args.confirmed_by}'s")
    return actor
