"""`casebook db setup --service-role ROLE`: make a PostgreSQL database
append-only for the role the service connects as.

Run by the database's owner (a superuser, or a role that owns the schema and
is a member of the service role), with CASEBOOK_DATABASE_URL naming the
database (and `?schema=NAME`, as the service will). It creates every table,
then installs the triggers and grants of `adapters.append_only`. Running it
again (after an upgrade that adds a table) changes nothing else.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from adapters.append_only import (
    Layout,
    SetupRefused,
    install,
    refuse_sqlite,
    service_role,
)
from application.settings import Settings
from bootstrap import build_cases, build_services, engine_for_settings
from projections import audit, heads, positions
from projections.access_log import access_log
from projections.layout import layouts
from projections.quarantine import quarantine
from projections.schema import metadata, read_models


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    db = commands.add_parser(
        "db", help="administer the PostgreSQL database (run as its owner)"
    )
    actions = db.add_subparsers(dest="action", required=True, metavar="ACTION")
    setup = actions.add_parser(
        "setup",
        help="create the tables, make the records append-only, grant the "
        "service role what it needs",
    )
    setup.add_argument(
        "--service-role",
        required=True,
        metavar="ROLE",
        help="the existing role the service connects as (not the tables' owner)",
    )


def run(settings: Settings, args: argparse.Namespace) -> int:
    if not settings.uses_postgres:
        raise refuse_sqlite(str(settings.data_dir))
    service_role(args.service_role)  # refused before anything is created
    layout = create_tables(settings)
    print(
        "tables: every table Casebook needs exists (event store: "
        + ", ".join([*layout.event_logs, *layout.snapshots])
        + f"; {len(layout.read_models)} read models; "
        + ", ".join([*layout.appended, layout.heads, *layout.kept])
        + ")"
    )
    engine = engine_for_settings(settings)
    try:
        install(engine, args.service_role, layout, print)
    finally:
        engine.dispose()
    print(
        f"done: run the service as {args.service_role} with CREATE_TABLE=no in its "
        "environment (the event store's own table creation needs the owner)"
    )
    return 0


def create_tables(settings: Settings) -> Layout:
    """Build the applications once, which creates their tables, and name them
    from their recorders: the service's (build_services) and the command
    line's (build_cases), so that either can start without creating a table.
    """
    with _creating_tables():
        services = build_services(settings)
        cases = build_cases(settings)
    try:
        event_logs = _names(
            services.cases.recorder, services.accounts.recorder, cases.recorder
        )
        snapshots = _names(
            *(
                app.snapshots.recorder
                for app in (services.cases, cases)
                if app.snapshots
            )
        )
    finally:
        services.close()
        cases.close()
    known = {audit.audit.name, heads.heads.name, positions.positions.name,
             quarantine.name}  # fmt: skip
    unknown = [t.name for t in metadata.sorted_tables if t.info.get("kept")]
    unknown = [name for name in unknown if name not in known]
    if unknown:
        raise SetupRefused(
            "db setup does not know how to protect the kept table(s) "
            + ", ".join(unknown)
        )
    return Layout(
        event_logs=event_logs,
        snapshots=snapshots,
        appended=[audit.audit.name, access_log.name],
        heads=heads.heads.name,
        kept=[positions.positions.name],
        read_models=[table.name for table in read_models()],
        service_rows=[layouts.name, quarantine.name],
    )


@contextmanager
def _creating_tables() -> Iterator[None]:
    """The event store creates its tables here, whatever CREATE_TABLE (the
    eventsourcing setting the service runs with) says in this environment."""
    saved = {k: v for k, v in os.environ.items() if k.endswith("CREATE_TABLE")}
    for key in saved:
        del os.environ[key]
    try:
        yield
    finally:
        os.environ.update(saved)


def _names(*recorders: Any) -> list[str]:
    """The event store's table names, each once, in order."""
    names: list[str] = []
    for recorder in recorders:
        name = getattr(recorder, "events_table_name", None)
        if isinstance(name, str) and name not in names:
            names.append(name)
    return names
