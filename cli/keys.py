"""`casebook keys rotate`: a new integrity key for what is recorded from now on."""

from __future__ import annotations

import argparse

from adapters.keys import INTEGRITY_FILE, rotate
from application.settings import Settings


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    keys = commands.add_parser("keys", help="manage the integrity key file")
    actions = keys.add_subparsers(dest="action", required=True, metavar="ACTION")
    actions.add_parser(
        "rotate",
        help="add a new integrity key and seal with it from now on (older keys "
        "stay, to check what they sealed)",
    )


def run(settings: Settings, args: argparse.Namespace) -> int:
    path = settings.keys / INTEGRITY_FILE
    ring = rotate(path, "i")
    older = ", ".join(sorted(k for k in ring.secrets if k != ring.current_id))
    print(f"new integrity key {ring.current_id} in {path}; kept: {older}")
    print("restart every Casebook process so that they seal with it")
    return 0
