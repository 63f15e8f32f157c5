"""Entry point of the `casebook` command: parses arguments and calls one use case."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, NoReturn

from application.settings import Settings
from bootstrap import build_accounts, build_cases, build_services, clinic_of
from cli import backup, db, erase, keys, project, review, users
from cli.render import (
    access_log_text,
    history_text,
    plan_text,
    verification_text,
)
from domain.exceptions import CasebookError

DATA_DIR_HELP = "embedded store (default: $CASEBOOK_DATA_DIR or ./casebook-data)"


class CasebookParser(argparse.ArgumentParser):
    """Refuses a bad argument in one line, `casebook: error: ...`, exit 2, as
    every other refusal; every command (and subcommand) it adds also takes
    the global options, so that `--data-dir` may come after the command."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.register("action", "parsers", _Commands)

    def error(self, message: str) -> NoReturn:
        print(f"casebook: error: {message}", file=sys.stderr)
        sys.exit(2)


class _Commands(argparse._SubParsersAction):  # type: ignore[type-arg]
    def add_parser(self, name: str, **kwargs: Any) -> Any:
        kwargs.setdefault("parents", [_global_options(argparse.SUPPRESS)])
        return super().add_parser(name, **kwargs)


def _global_options(default: Any = None) -> argparse.ArgumentParser:
    """The options every command takes; a command's own copy leaves the value
    alone (SUPPRESS) unless given after the command."""
    options = argparse.ArgumentParser(add_help=False)
    options.add_argument("--data-dir", type=Path, default=default, help=DATA_DIR_HELP)
    return options


def _parser() -> argparse.ArgumentParser:
    parser = CasebookParser(
        prog="casebook",
        description="Event-sourced case records for integrative psychotherapy.",
        parents=[_global_options()],
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    commands.add_parser(
        "demo", help="create the demo clinic (four cases) in the data directory"
    )
    plan = commands.add_parser(
        "plan", help="print a case's plan and coherence findings"
    )
    plan.add_argument("case", help="case id or client reference, e.g. demo-trauma")
    plan.add_argument("--version", type=int, help="the plan as of this version")
    history = commands.add_parser(
        "history", help="print a case's history, one line per event"
    )
    history.add_argument("case", help="case id or client reference")
    verify = commands.add_parser(
        "verify", help="check that stored histories are intact"
    )
    target = verify.add_mutually_exclusive_group(required=True)
    target.add_argument("case", nargs="?", help="case id or client reference")
    target.add_argument("--all", action="store_true", help="verify every case")
    target.add_argument(
        "--access-log", action="store_true", help="verify the access log's seals"
    )
    commands.add_parser("cases", help="list every case's client reference and id")
    serve = commands.add_parser("serve", help="run the HTTP API under gunicorn")
    serve.add_argument(
        "--demo", action="store_true", help="create the demo clinic first"
    )
    serve.add_argument("--bind", default="127.0.0.1:8000", help="host:port")
    serve.add_argument("--workers", type=int, default=2, help="worker processes")
    serve.add_argument("--threads", type=int, default=4, help="threads per worker")
    users.add_parser(commands)
    project.add_parser(commands)
    review.add_parser(commands)
    erase.add_parser(commands)
    backup.add_parser(commands)
    db.add_parser(commands)
    keys.add_parser(commands)
    return parser


def _settings(args: argparse.Namespace) -> Settings:
    settings = Settings.from_env()
    if args.data_dir is not None:
        settings = replace(settings, data_dir=args.data_dir)
    return settings


# The commands that create a store on purpose; every other one reads one.
CREATING = ("demo", "serve", "db", "keys", "restore")


def _creates_store(args: argparse.Namespace) -> bool:
    if args.command in CREATING:
        return True
    if args.command == "users":
        return bool(args.action == "add")
    # A follower may start before the store does, and waits for its events.
    return args.command == "project" and bool(args.follow)


def _check_store(settings: Settings, args: argparse.Namespace) -> None:
    """Refuse, creating nothing, a command that reads an embedded store that
    is not there (a mistyped --data-dir, or the wrong working directory)."""
    if settings.uses_postgres or _creates_store(args):
        return
    if (settings.data_dir / "events.sqlite").is_file():
        return
    clinic_of(settings)  # a bad clinic file is the first thing to say
    raise CasebookError(
        f"no Casebook store in {settings.data_dir} (run casebook demo or "
        "casebook serve --demo first, or set --data-dir)"
    )


def run(args: argparse.Namespace) -> int:
    settings = _settings(args)
    _check_store(settings, args)
    if args.command == "users":
        return users.run(build_accounts(settings), args)
    if args.command == "serve":
        return _serve(settings, args)
    if args.command in review.COMMANDS:
        return review.run(settings, args)
    if args.command == "project":
        return project.run(settings, args)
    if args.command == "keys":
        return keys.run(settings, args)
    if args.command in erase.COMMANDS:
        return erase.run(settings, args)
    if args.command in backup.COMMANDS:
        return backup.run(settings, args)
    if args.command == "db":
        return db.run(settings, args)
    # Verifying reads the audit trail too, as a witness of what was recorded.
    if args.command == "verify":
        return _verify(settings, args)
    app = build_cases(settings)
    if args.command == "demo":
        from application.demo_clinic import create_demo_clinic

        for line in create_demo_clinic(app, progress=print):
            print(line)
        return 0
    if args.command == "cases":
        for reference, case_id in app.directory().items():
            print(f"{reference}\t{case_id}")
        return 0
    case_id = app.find_case(args.case)
    if args.command == "plan":
        print(plan_text(app.report(case_id, version=args.version)))
    else:
        print(history_text(app.history(case_id), app.catalogue))
    return 0


def _verify(settings: Settings, args: argparse.Namespace) -> int:
    """The chain of one case or every case (with the audit trail as witness),
    or the access log's seals; exit 1 if anything is broken."""
    services = build_services(settings)
    try:
        if args.access_log:
            log = services.access_log.verify()
            print(access_log_text(log))
            return 0 if log.intact else 1
        app = services.cases
        targets = (
            app.opened_cases() if args.all else [(args.case, app.find_case(args.case))]
        )
        broken = 0
        for label, case_id in targets:
            report = app.verify(case_id)
            broken += not report.intact
            print(verification_text(label, report))
        if args.all:
            print(f"verified {len(targets)} cases: "
                  + (f"{broken} broken" if broken else "all intact"))  # fmt: skip
        return 1 if broken else 0
    finally:
        services.close()


def _serve(settings: Settings, args: argparse.Namespace) -> int:
    from cli.serve import serve

    clinic_of(settings)  # a bad clinic file is refused here, not in each worker
    if args.demo:
        from application.demo_clinic import create_demo_clinic
        from application.demo_users import (
            DEMO_PASSWORD,
            DEMO_SIGNING_SECRET,
            DEMO_USERS,
            enroll_demo_users,
        )

        for line in create_demo_clinic(build_cases(settings), progress=print):
            print(line)
        # The demo enrolls its own users; earlier demo tokens stop working.
        print("Demo users by role (Authorization: Bearer <token>):")
        role = None
        enrolled = enroll_demo_users(build_accounts(settings))
        for user_id, found in enrolled.items():
            if DEMO_USERS[user_id][0] is not role:
                role = DEMO_USERS[user_id][0]
                print(f" {role.value}")
            print(f"  {user_id:<12} {found.token}")
        print(f"Signing secret of the clinicians and supervisor: {DEMO_SIGNING_SECRET}")
        print(f"Review room at http://{args.bind}/ : every demo user's password is "
              f"{DEMO_PASSWORD}; load their authenticator secret into a TOTP app:")
        for user_id, found in enrolled.items():
            print(f"  {user_id:<12} totp: {found.totp_secret}")
    print(f"Casebook API on http://{args.bind}/api (docs at /api/docs)", flush=True)
    serve(settings, args.bind, args.workers, args.threads)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return run(args)
    except CasebookError as error:
        print(f"casebook: error: {error.message}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
