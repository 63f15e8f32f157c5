"""PostgreSQL refuses to rewrite history: append-only triggers and the service
role's grants (`casebook db setup`). Every statement of it is in this module.

The database owner runs it; the service then connects as another role, which
owns none of the recorded tables, so it can neither drop the triggers nor
disable them, and whatever it tries is refused:

- the event store's tables, the audit trail and the access log refuse UPDATE,
  DELETE and TRUNCATE, for every role, the owner's included;
- the witnessed heads refuse DELETE and TRUNCATE, and an UPDATE unless it
  moves a case's head forward (what the projector's upsert does).

The service role keeps what it needs and no more: SELECT and INSERT on the
recorded tables (UPDATE too on the event logs, because the event store takes
`LOCK TABLE ... IN EXCLUSIVE MODE` before it inserts, which needs it; the
triggers refuse every UPDATE itself), and owns the disposable read models,
which a rebuild drops and creates again.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlalchemy import Engine, text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError

from adapters.database import writing
from domain.exceptions import CasebookError

ROLE_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
REFUSE_CHANGE = "casebook_refuse_change"
"""The trigger function refusing UPDATE, DELETE and TRUNCATE on a recorded table."""
HEADS_FORWARD = "casebook_heads_only_forward"
"""The trigger function letting a witnessed head move forward only."""
TRIGGER_CHANGE = "casebook_append_only"
TRIGGER_TRUNCATE = "casebook_append_only_truncate"
TRIGGER_FORWARD = "casebook_heads_forward"


class SetupRefused(CasebookError):
    """`casebook db setup` cannot make this database append-only."""

    rule = "db-setup"


@dataclass(frozen=True)
class Layout:
    """The tables `casebook db setup` protects and grants on, by what they hold."""

    event_logs: Sequence[str]
    """The event store's application logs (the event store locks them to insert)."""
    snapshots: Sequence[str]
    """The event store's snapshots: inserted only, like events."""
    appended: Sequence[str]
    """Other primary records, only ever appended to (audit trail, access log)."""
    heads: str
    """The witnessed heads: inserted, and moved forward only."""
    kept: Sequence[str]
    """Kept tables the service updates in place (the projections' positions)."""
    read_models: Sequence[str]
    """Disposable tables a rebuild drops and creates: the service owns them."""
    service_rows: Sequence[str]
    """Tables the service reads and rewrites without owning (the read models'
    layout fingerprint)."""

    @property
    def append_only(self) -> list[str]:
        return [*self.event_logs, *self.snapshots, *self.appended]


def service_role(name: str) -> str:
    """The role's name, if it is one plain lowercase PostgreSQL identifier."""
    if not ROLE_NAME.match(name) or name == "public" or name.startswith("pg_"):
        raise SetupRefused(
            f"--service-role {name!r}: a role's name is one lowercase identifier "
            "(letters, digits, _), not public nor pg_*"
        )
    return name


def refuse_sqlite(data_dir: str) -> SetupRefused:
    return SetupRefused(
        "db setup is for PostgreSQL; the embedded store (SQLite files under "
        f"{data_dir}) has no roles: set CASEBOOK_DATABASE_URL to the database"
    )


def install(
    engine: Engine, role: str, layout: Layout, report: Callable[[str], None]
) -> None:
    """Triggers, ownership and grants, in one transaction: all or nothing.
    Running it again changes nothing (every step replaces what it set)."""
    role = service_role(role)
    try:
        with writing(engine) as connection:
            _install(connection, role, layout, report)
    except DBAPIError as error:
        reason = str(error.orig).strip().splitlines()[0] if error.orig else error
        raise SetupRefused(f"db setup failed, nothing was changed: {reason}") from None


def _install(
    connection: Connection, role: str, layout: Layout, report: Callable[[str], None]
) -> None:
    quote = connection.dialect.identifier_preparer.quote
    schema = connection.execute(text("SELECT current_schema()")).scalar_one()
    if schema is None:
        raise SetupRefused("db setup: the connection has no schema to set up")
    _check_role(connection, role, schema, layout)
    who, where = quote(role), quote(schema)

    def table(name: str) -> str:
        return f"{where}.{quote(name)}"

    def run(*statements: str) -> None:
        for statement in statements:
            connection.execute(text(statement))

    run(*_functions(where))
    for name in layout.append_only:
        run(*_refusing_triggers(table(name), where, updates=True))
    report(
        "triggers: UPDATE, DELETE and TRUNCATE refused, for every role, on "
        + ", ".join(layout.append_only)
    )
    run(
        *_refusing_triggers(table(layout.heads), where, updates=False),
        f"DROP TRIGGER IF EXISTS {TRIGGER_FORWARD} ON {table(layout.heads)}",
        f"CREATE TRIGGER {TRIGGER_FORWARD} BEFORE UPDATE ON {table(layout.heads)} "
        f"FOR EACH ROW EXECUTE FUNCTION {where}.{HEADS_FORWARD}()",
    )
    report(
        f"triggers: DELETE and TRUNCATE refused on {layout.heads}, and an UPDATE "
        "unless it moves a case's head forward"
    )
    run(f"GRANT USAGE, CREATE ON SCHEMA {where} TO {who}")
    report(
        f"schema {schema}: USAGE and CREATE granted to {role} (a rebuild creates "
        "the read models again)"
    )
    for name in layout.read_models:
        run(
            f"ALTER TABLE {table(name)} OWNER TO {who}",
            f"REVOKE ALL ON {table(name)} FROM PUBLIC",
        )
    report(f"read models: owned by {role}: " + ", ".join(layout.read_models))
    protected = [*layout.append_only, layout.heads, *layout.kept]
    for name in [*protected, *layout.service_rows]:
        run(f"REVOKE ALL ON {table(name)} FROM PUBLIC, {who}")
    for name in [*layout.event_logs]:
        run(f"GRANT SELECT, INSERT, UPDATE ON {table(name)} TO {who}")
    for name in [*layout.snapshots, *layout.appended]:
        run(f"GRANT SELECT, INSERT ON {table(name)} TO {who}")
    for name in [layout.heads, *layout.kept]:
        run(f"GRANT SELECT, INSERT, UPDATE ON {table(name)} TO {who}")
    for name in layout.service_rows:
        run(f"GRANT SELECT, INSERT, UPDATE, DELETE ON {table(name)} TO {who}")
    report(
        f"grants to {role}: SELECT, INSERT on "
        + ", ".join([*layout.snapshots, *layout.appended])
        + "; SELECT, INSERT, UPDATE (for LOCK TABLE; the triggers refuse updates) on "
        + ", ".join(layout.event_logs)
        + "; SELECT, INSERT, UPDATE on "
        + ", ".join([layout.heads, *layout.kept])
        + "; SELECT, INSERT, UPDATE, DELETE on "
        + ", ".join(layout.service_rows)
    )
    report(
        f"revoked from {role} and PUBLIC: TRUNCATE, DELETE, TRIGGER, REFERENCES "
        "(and UPDATE where not granted) on " + ", ".join(protected)
    )
    sequences = _sequences(connection, schema, protected)
    for name in sequences:
        run(
            f"REVOKE ALL ON SEQUENCE {table(name)} FROM PUBLIC, {who}",
            f"GRANT USAGE ON SEQUENCE {table(name)} TO {who}",
        )
    report(f"sequences: USAGE granted to {role}: " + ", ".join(sequences))


def _check_role(connection: Connection, role: str, schema: str, layout: Layout) -> None:
    """The role exists, and is neither a superuser nor able to act as the owner
    of the schema or of a recorded table: any of those could drop the triggers."""
    found = connection.execute(
        text("SELECT rolsuper FROM pg_roles WHERE rolname = :role"), {"role": role}
    ).one_or_none()
    if found is None:
        raise SetupRefused(
            f"db setup: role {role} does not exist; create it first "
            "(CREATE ROLE ... LOGIN PASSWORD ...)"
        )
    if found.rolsuper:
        raise SetupRefused(
            f"db setup: {role} is a superuser, who can drop or bypass the triggers"
        )
    owner = connection.execute(
        text(
            "SELECT owner::regrole::text FROM ("
            " SELECT nspowner AS owner FROM pg_namespace WHERE nspname = :schema"
            " UNION SELECT c.relowner FROM pg_class c"
            " JOIN pg_namespace n ON n.oid = c.relnamespace"
            " WHERE n.nspname = :schema AND c.relname = ANY(:tables)"
            ") AS owners WHERE pg_has_role(:role, owner, 'MEMBER') LIMIT 1"
        ),
        {"schema": schema, "role": role,
         "tables": [*layout.append_only, layout.heads, *layout.kept]},
    ).scalar_one_or_none()  # fmt: skip
    if owner is not None:
        raise SetupRefused(
            f"db setup: {role} is or can act as {owner}, who owns the schema "
            "or its recorded tables; the service needs a role of its own"
        )


def _functions(schema: str) -> list[str]:
    return [
        f"CREATE OR REPLACE FUNCTION {schema}.{REFUSE_CHANGE}() RETURNS trigger "
        "LANGUAGE plpgsql AS $$ BEGIN "
        "RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP "
        "USING ERRCODE = 'insufficient_privilege', "
        "HINT = 'Casebook records history; nothing recorded is changed or removed'; "
        "END $$",
        f"CREATE OR REPLACE FUNCTION {schema}.{HEADS_FORWARD}() RETURNS trigger "
        "LANGUAGE plpgsql AS $$ BEGIN "
        "IF NEW.case_id IS DISTINCT FROM OLD.case_id "
        "OR NOT NEW.version > OLD.version THEN "
        "RAISE EXCEPTION '% is append-only: a head moves forward only '"
        "'(case %, version % to %)', TG_TABLE_NAME, OLD.case_id, OLD.version, "
        "NEW.version USING ERRCODE = 'insufficient_privilege'; "
        "END IF; RETURN NEW; END $$",
    ]


def _refusing_triggers(table: str, schema: str, *, updates: bool) -> list[str]:
    """Statement triggers: they refuse even a statement that touches no row."""
    events = "UPDATE OR DELETE" if updates else "DELETE"
    return [
        f"DROP TRIGGER IF EXISTS {TRIGGER_CHANGE} ON {table}",
        f"CREATE TRIGGER {TRIGGER_CHANGE} BEFORE {events} ON {table} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {schema}.{REFUSE_CHANGE}()",
        f"DROP TRIGGER IF EXISTS {TRIGGER_TRUNCATE} ON {table}",
        f"CREATE TRIGGER {TRIGGER_TRUNCATE} BEFORE TRUNCATE ON {table} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {schema}.{REFUSE_CHANGE}()",
    ]


def _sequences(connection: Connection, schema: str, tables: Sequence[str]) -> list[str]:
    """The sequences numbering the rows of `tables` (serial columns)."""
    return list(
        connection.execute(
            text(
                "SELECT s.relname FROM pg_class s "
                "JOIN pg_depend d ON d.objid = s.oid AND d.deptype IN ('a', 'i') "
                "JOIN pg_class t ON t.oid = d.refobjid "
                "JOIN pg_namespace n ON n.oid = s.relnamespace "
                "WHERE s.relkind = 'S' AND n.nspname = :schema "
                "AND t.relname = ANY(:tables) ORDER BY s.relname"
            ),
            {"schema": schema, "tables": list(tables)},
        ).scalars()
    )
