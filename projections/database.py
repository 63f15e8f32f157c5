"""Where the read models live: an SQLAlchemy engine for SQLite or PostgreSQL."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    DateTime,
    Engine,
    MetaData,
    Table,
    create_engine,
    event,
    func,
    select,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.engine import Connection, Dialect, make_url
from sqlalchemy.schema import CreateIndex, CreateTable
from sqlalchemy.types import TypeDecorator, TypeEngine

from application.settings import Settings
from domain.exceptions import InvalidValue
from projections import layout
from projections.queue import queued

metadata = MetaData()
"""Every read-model table; a rebuild drops and recreates all but the kept ones."""

Json = JSON().with_variant(JSONB(), "postgresql")
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
MICROSECOND = timedelta(microseconds=1)
SETUP_LOCK = 0x63617365  # "case": the advisory lock taken to create tables
SCHEMA_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,62}$")
PRAGMAS = ("journal_mode=WAL", "synchronous=NORMAL", "foreign_keys=ON",
           "secure_delete=FAST")  # fmt: skip
"""SQLite's settings for the read models. Debian's SQLite zeroes every page it
frees (secure_delete=ON): a rebuild's drop then rewrote the whole old audit
trail, a fifth of the rebuild. Whatever a read model held, the event log keeps
for good, so zeroing its freed pages hides nothing: they are zeroed only when
that costs no extra writes (FAST)."""


class UtcDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes: timestamptz on PostgreSQL; on SQLite, which has no
    time type, whole microseconds since 1970 (exact, ordered and cheap)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "sqlite":
            return dialect.type_descriptor(BigInteger())
        return dialect.type_descriptor(DateTime(timezone=True))

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        if value is None:
            return None
        return microseconds(value) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if isinstance(value, int):
            return EPOCH + timedelta(microseconds=value)
        stamp: datetime = value
        return stamp.astimezone(UTC)


def microseconds(moment: datetime) -> int:
    """Microseconds since 1970 of an aware datetime (a naive one is refused)."""
    return (moment - EPOCH) // MICROSECOND


def engine_for(settings: Settings) -> Engine:
    """The read-model database next to the event store the settings choose."""
    if settings.database_url is None:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        return _sqlite_engine(f"sqlite:///{settings.data_dir / 'readmodels.sqlite'}")
    url = make_url(settings.database_url)
    schema = url.query.get("schema")
    url = url.difference_update_query(["schema"]).set(drivername="postgresql+psycopg")
    connect_args: dict[str, Any] = {}
    if schema:
        if not isinstance(schema, str) or not SCHEMA_NAME.match(schema):
            raise InvalidValue("CASEBOOK_DATABASE_URL", "schema must be one identifier")
        connect_args["options"] = f"-csearch_path={schema}"
    return create_engine(url, connect_args=connect_args, pool_pre_ping=True)


def _sqlite_engine(url: str) -> Engine:
    engine = create_engine(url, connect_args={"timeout": 30})

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        # pysqlite's own implicit BEGIN is off, so that "begin" below decides.
        dbapi_connection.isolation_level = None
        for pragma in PRAGMAS:
            dbapi_connection.execute(f"PRAGMA {pragma}")

    @event.listens_for(engine, "begin")
    def _begin(connection: Connection) -> None:
        # A writer takes SQLite's write lock up front, so that two projectors
        # queue up instead of both reading the same position.
        immediate = connection.get_execution_options().get("casebook_writer")
        driver = connection.connection.driver_connection  # no statement pipeline
        assert driver is not None
        driver.execute("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


@contextmanager
def writing(engine: Engine) -> Iterator[Connection]:
    """One write transaction, holding the write lock from its start on SQLite."""
    with queued(engine), engine.connect() as connection:
        connection.execution_options(casebook_writer=True)
        with connection.begin():
            yield connection


def create_tables(engine: Engine, tables: MetaData = metadata) -> None:
    """Create whatever table is missing; read models laid out by other code
    are dropped first, and the projections start again (`layout`).

    Several processes start at once (gunicorn workers, a projector): the check
    and the creation happen under one lock, or two of them would both find a
    table missing and the second would fail to create it."""
    with writing(engine) as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(select(func.pg_advisory_xact_lock(SETUP_LOCK)))
        outdated = tables is metadata and layout.settle(connection, read_models())
        if outdated:
            metadata.drop_all(connection, tables=read_models())
        tables.create_all(connection)
        if outdated:
            from projections import positions  # it defines a table on `metadata`

            positions.restart(connection)


def read_models() -> list[Table]:
    """The disposable tables: all but those marked to survive a rebuild."""
    return [t for t in metadata.sorted_tables if not t.info.get("kept")]


def recreate_read_models(connection: Connection) -> None:
    """Drop and create the read-model tables, without their secondary indexes,
    which `indexing` adds once the tables are loaded (a faster bulk load)."""
    metadata.drop_all(connection, tables=read_models())
    for table in read_models():
        connection.execute(CreateTable(table))


@contextmanager
def indexing(connection: Connection) -> Iterator[None]:
    """Create the read models' secondary indexes in the connection's transaction
    while the block runs, on a thread of their own: SQLite and PostgreSQL build
    them without holding Python's lock, so a rebuild works out its cases'
    rows meanwhile. The block must not use the connection."""
    dialect = connection.dialect
    statements = [
        str(CreateIndex(index).compile(dialect=dialect))
        for table in read_models()
        for index in table.indexes
    ]
    driver = connection.connection.driver_connection
    assert driver is not None
    failed: list[BaseException] = []

    def create() -> None:
        try:
            cursor = driver.cursor()
            for statement in statements:
                cursor.execute(statement)
            cursor.close()
        except BaseException as error:  # raised again by the caller's thread
            failed.append(error)

    builder = threading.Thread(target=create, name="casebook-indexes")
    builder.start()
    try:
        yield
    finally:
        builder.join()
    if failed:
        raise failed[0]
