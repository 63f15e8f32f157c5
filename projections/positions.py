"""How far each projection has read the notification log: one row per projection."""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, Engine, String, Table, insert, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from projections.database import metadata, writing

positions = Table(
    "projection_positions",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("position", BigInteger, nullable=False),
    info={"kept": True},  # a rebuild resets the position in this same row
)
"""Locked and moved by the projector's batches (`writes.Statements`)."""


def ensure(engine: Engine, name: str) -> None:
    """Create the projection's row at position 0 unless it exists."""
    try:
        with writing(engine) as connection:  # read and insert under one lock
            if read(connection, name) is None:
                connection.execute(insert(positions).values(name=name, position=0))
    except IntegrityError:
        pass  # another process created it at the same moment


def read(connection: Connection, name: str) -> int | None:
    query = select(positions.c.position).where(positions.c.name == name)
    return connection.execute(query).scalar_one_or_none()


def restart(connection: Connection) -> None:
    """Every projection starts again from the first event: its read models
    were dropped."""
    connection.execute(update(positions).values(position=0))
