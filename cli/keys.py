"""`casebook keys rotate|retire|list`: the integrity keys and the master keys
that wrap each case's data key, all kept in the key folder."""

from __future__ import annotations

import argparse

from adapters.keys import INTEGRITY_FILE, rotate
from application.settings import Settings
from bootstrap import build_cases


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    keys = commands.add_parser("keys", help="manage the integrity and master keys")
    actions = keys.add_subparsers(dest="action", required=True, metavar="ACTION")
    actions.add_parser(
        "rotate",
        help="add a new integrity key and a new master key: what is recorded "
        "from now on is sealed with the one, every data key is wrapped again "
        "under the other (no event is rewritten; older keys stay until retired)",
    )
    retire = actions.add_parser(
        "retire", help="remove an old master key once no data key needs it"
    )
    retire.add_argument("key_id", help="e.g. m1")
    actions.add_parser("list", help="the master keys and how many data keys each wraps")


def run(settings: Settings, args: argparse.Namespace) -> int:
    app = build_cases(settings)
    try:
        if args.action == "rotate":
            path = settings.keys / INTEGRITY_FILE
            ring = rotate(path, "i")
            older = ", ".join(sorted(k for k in ring.secrets if k != ring.current_id))
            print(f"new integrity key {ring.current_id} in {path}; kept: {older}")
            master, rewrapped = app.data_keys.rotate_master()
            print(f"new master key {master}: {rewrapped} data keys wrapped again "
                  "under it (casebook keys retire the older ones)")  # fmt: skip
            print("restart every Casebook process so that they seal with them")
        elif args.action == "retire":
            app.data_keys.retire_master(args.key_id)
            print(f"master key {args.key_id} retired")
        else:
            current = app.data_keys.master.current_id
            for key_id, count in sorted(app.data_keys.in_use().items()):
                mark = " (current)" if key_id == current else ""
                print(f"{key_id}{mark}\twraps {count} data keys")
    finally:
        app.close()
    return 0
