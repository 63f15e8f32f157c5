"""`casebook replay|diff|export`: review a case's history from a shell."""

from __future__ import annotations

import argparse
import dataclasses
import getpass
import json
import sys
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

from application.cases import CaseManagement
from application.export import check_format, export_records, jsonl
from application.fhir import fhir_bundle
from application.replay import diff, replay
from application.settings import Settings
from application.walk import last_version
from bootstrap import build_services
from cli.render import diff_text, replay_text
from domain.exceptions import InvalidValue
from projections.access_log import AccessLog

COMMANDS = ("replay", "diff", "export")


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    replaying = commands.add_parser(
        "replay", help="walk a case's history: the plan and findings after each event"
    )
    replaying.add_argument("case", help="case id or client reference")
    replaying.add_argument("--limit", type=int, default=500, help="steps (max 500)")
    replaying.add_argument("--offset", type=int, default=0, help="steps to skip")
    replaying.add_argument("--json", action="store_true", help="print JSON")
    diffing = commands.add_parser(
        "diff", help="what changed in a case's plan from one version to a later one"
    )
    diffing.add_argument("case", help="case id or client reference")
    diffing.add_argument("from_version", metavar="FROM", type=int)
    diffing.add_argument("to_version", metavar="TO", type=int)
    diffing.add_argument("--json", action="store_true", help="print JSON")
    exporting = commands.add_parser(
        "export", help="export a case for review as JSON Lines or a FHIR R4 Bundle"
    )
    exporting.add_argument("case", help="case id or client reference")
    exporting.add_argument(
        "--format", default="jsonl", metavar="{jsonl,fhir}", help="default jsonl"
    )
    exporting.add_argument("--output", type=Path, help="write here, not to stdout")


def run(settings: Settings, args: argparse.Namespace) -> int:
    services = build_services(settings)
    app, log = services.cases, services.access_log
    try:
        case_id = app.find_case(args.case)
        if args.command == "export":
            return _export(app, log, case_id, args)
        if args.command == "replay":
            _check_offset(app, case_id, args.offset)
            page = replay(app, case_id, limit=args.limit, offset=args.offset)
            _log_read(log, case_id, page.total, "cli-replay")
            json_page = _json(dataclasses.asdict(page)) if args.json else None
            print(json_page or replay_text(page, app.catalogue))
        else:
            changed = diff(app, case_id, args.from_version, args.to_version)
            _log_read(log, case_id, args.to_version, "cli-diff")
            json_diff = _json(changed) if args.json else None
            print(json_diff or diff_text(args.case, changed, app.catalogue))
        return 0
    finally:
        services.close()


def _check_offset(app: CaseManagement, case_id: UUID, offset: int) -> None:
    """An offset past the last step is a mistake on the command line, not an
    empty page (the API pages; a shell user asked for steps that are not there)."""
    total = last_version(app, case_id)
    if offset >= total > 0 and offset > 0:
        raise InvalidValue(
            "offset", f"the case has only {total} steps (use 0 to {total - 1})"
        )


def _log_read(log: AccessLog, case_id: UUID, version: int, what: str) -> None:
    """A shell read of clinical content is on the access log like any other."""
    log.record(
        case_id=case_id, version=version, actor_id=f"cli:{getpass.getuser()}",
        actor_role="operator", what=what, correlation_id=f"cli-{uuid4().hex[:12]}",
    )  # fmt: skip


def _export(
    app: CaseManagement, log: AccessLog, case_id: UUID, args: argparse.Namespace
) -> int:
    """The clinical view, with the access log: the operator has the database."""
    chosen = check_format(args.format)
    if chosen == "jsonl":
        text = jsonl(export_records(app, case_id, clinical=True))
    else:
        access = log.every_entry(case_id)
        text = _json(fhir_bundle(app, case_id, access, clinical=True)) + "\n"
    _log_read(log, case_id, last_version(app, case_id), f"cli-export-{chosen}")
    if args.output is None:
        sys.stdout.write(text)
        return 0
    try:
        args.output.write_text(text, encoding="utf-8")
    except OSError as error:
        print(f"casebook: error: cannot write {args.output}: {error}", file=sys.stderr)
        return 2
    print(f"exported {args.case} as {chosen} to {args.output}")
    return 0


def _json(value: Any) -> str:
    return json.dumps(value, indent=2, default=str, ensure_ascii=False)
