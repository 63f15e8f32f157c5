"""The read models' SQLAlchemy engine: SQLite beside the event store, or PostgreSQL."""

from __future__ import annotations

import fcntl
import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, func, select
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import OperationalError

from adapters.driver import on_the_driver
from adapters.files import private_file
from adapters.sqlite_turns import TurnNotGiven, write_turn
from domain.exceptions import InvalidValue

SCHEMA_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,62}$")
SQLITE_PRAGMAS = ("journal_mode=WAL", "synchronous=NORMAL", "foreign_keys=ON")
STARTUP_LOCK = 0x73746172  # "star": held while a process creates its tables
PATIENCE = 30.0
"""Seconds a writer to the embedded read models waits for its turn and for
SQLite's lock before it gives up."""
WRITER = "casebook_writer"
"""Execution option of a connection that writes (`writing`)."""
WRITES_ISOLATION = "READ COMMITTED"
"""PostgreSQL's default: connections read in autocommit, and write in this."""


def engine_for(database_url: str | None, data_dir: Path) -> Engine:
    """The read models' database: PostgreSQL at `database_url`, else SQLite in
    `data_dir`, beside the event store."""
    if database_url is None:
        return _sqlite_engine(data_dir)
    url = make_url(database_url)
    schema = url.query.get("schema")
    url = url.difference_update_query(["schema"]).set(drivername="postgresql+psycopg")
    connect_args: dict[str, Any] = {}
    if schema:
        if not isinstance(schema, str) or not SCHEMA_NAME.match(schema):
            raise InvalidValue("CASEBOOK_DATABASE_URL", "schema must be one identifier")
        connect_args["options"] = f"-csearch_path={schema}"
    # A read is one statement and needs no transaction: under READ COMMITTED
    # each statement sees what was committed anyway, and a transaction around
    # it cost a BEGIN and a ROLLBACK round trip; `writing` opens one.
    return create_engine(url, connect_args=connect_args, isolation_level="AUTOCOMMIT")


def _sqlite_engine(data_dir: Path) -> Engine:
    path = private_file(data_dir / "readmodels.sqlite")
    engine = create_engine(f"sqlite:///{path}", connect_args={"timeout": PATIENCE})

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        # pysqlite's own implicit BEGIN is off, so that "begin" below decides.
        dbapi_connection.isolation_level = None
        for pragma in SQLITE_PRAGMAS:
            dbapi_connection.execute(f"PRAGMA {pragma}")

    @event.listens_for(engine, "begin")
    def _begin(connection: Connection) -> None:
        # A writer takes SQLite's write lock up front, so that two projectors
        # queue up instead of both reading the same position and one failing.
        # A reader opens no transaction, as on PostgreSQL: each statement reads
        # what was committed when it began.
        if connection.get_execution_options().get(WRITER):
            driver = connection.connection.driver_connection
            assert driver is not None
            driver.execute("BEGIN IMMEDIATE")

    return engine


@contextmanager
def writing(engine: Engine) -> Iterator[Connection]:
    """One write transaction, holding SQLite's write lock from its start, in
    its turn (`adapters.sqlite_turns`)."""
    with _turn(engine), engine.connect() as connection:
        connection.execution_options(**{WRITER: True})
        if engine.dialect.name == "postgresql":
            connection.execution_options(isolation_level=WRITES_ISOLATION)
        with connection.begin():
            yield connection


@contextmanager
def writing_on_the_driver(engine: Engine) -> Iterator[sqlite3.Connection]:
    """`writing` on an embedded store, on the driver's own connection
    (`adapters.driver`); its errors are SQLAlchemy's, as `writing`'s are."""
    with _turn(engine), on_the_driver(engine) as driver:
        driver.execute("BEGIN IMMEDIATE")
        try:
            yield driver
        except BaseException:
            driver.execute("ROLLBACK")
            raise
        driver.execute("COMMIT")


@contextmanager
def _turn(engine: Engine) -> Iterator[None]:
    database = engine.url.database if engine.dialect.name == "sqlite" else None
    if not database:
        yield
        return
    try:
        with write_turn(database, PATIENCE):
            yield
    except TurnNotGiven as refused:
        raise OperationalError("(waiting for the write turn)", None, refused) from None


@contextmanager
def one_starting_at_a_time(engine: Engine) -> Iterator[None]:
    """Hold a lock while the block runs that every starting process takes.

    On PostgreSQL the event store creates its tables with CREATE TABLE IF NOT
    EXISTS, which two processes running at once can both attempt, and one fails
    ("tuple concurrently updated"). On SQLite, switching a new database to WAL
    needs it alone, and a second process doing the same at that moment is
    refused at once ("database is locked"): a lock file beside it queues them.
    """
    if engine.dialect.name == "sqlite":
        database = engine.url.database
        assert database, "the embedded store is a file"
        lock = private_file(Path(f"{database}.startup-lock"))
        with lock.open("rb") as held:
            fcntl.flock(held, fcntl.LOCK_EX)
            yield  # closing the file releases the lock
        return
    with engine.connect() as connection:
        connection.execute(select(func.pg_advisory_lock(STARTUP_LOCK)))
        connection.commit()
        try:
            yield
        finally:
            connection.execute(select(func.pg_advisory_unlock(STARTUP_LOCK)))
            connection.commit()
