"""How far each projection has read the notification log: one row per projection."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    Engine,
    String,
    Table,
    bindparam,
    func,
    select,
    update,
)
from sqlalchemy.engine import Connection

from adapters.database import writing
from projections.schema import insert_for, metadata

positions = Table(
    "projection_positions",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("position", BigInteger, nullable=False),
    info={"kept": True},  # a rebuild resets the position in this same row
)


def ensure(engine: Engine, name: str) -> None:
    """Create the projection's row at position 0 unless it exists."""
    with writing(engine) as connection:
        insert = insert_for(connection, positions).values(name=name, position=0)
        connection.execute(insert.on_conflict_do_nothing())


READ = select(positions.c.position).where(positions.c.name == bindparam("name"))
LOCK = READ.with_for_update()
MOVE = (
    update(positions)
    .where(positions.c.name == bindparam("projection"))
    .values(position=bindparam("reached"))
)


def read(connection: Connection, name: str) -> int:
    return connection.execute(READ, {"name": name}).scalar_one_or_none() or 0


def lock(connection: Connection, name: str) -> int:
    """The stored position, locked until the transaction ends: batches of two
    processes run one after the other, never on the same notifications (on
    SQLite, the transaction's write lock does it)."""
    position: int = connection.execute(LOCK, {"name": name}).scalar_one()
    return position


PROJECTED = "casebook_projected"
"""The PostgreSQL channel on which a moved position is announced, at commit, as
`schema projection position` (one database may hold several schemas)."""


def move(connection: Connection, name: str, position: int) -> None:
    connection.execute(MOVE, {"projection": name, "reached": position})
    if connection.dialect.name == "postgresql":
        notice = func.concat_ws(" ", func.current_schema(), name, position)
        connection.execute(select(func.pg_notify(PROJECTED, notice)))


def announced(notice: str, schema: str, name: str) -> int | None:
    """The position a notice on PROJECTED announces for the projection `name`
    in `schema`; None for another schema's or projection's, or a garbled one."""
    parts = notice.split(" ")
    if len(parts) != 3 or parts[:2] != [schema, name] or not parts[2].isdigit():
        return None
    return int(parts[2])


def restart(connection: Connection) -> None:
    """Every projection starts again from the first event: its read models
    were dropped."""
    connection.execute(update(positions).values(position=0))
