"""Core statements on the embedded store's driver connection: values and
results converted by the columns' types as SQLAlchemy converts them, a write
all or nothing, and errors SQLAlchemy's, as through SQLAlchemy."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from uuid import uuid4

import pytest
from sqlalchemy import (
    Column,
    Engine,
    Integer,
    MetaData,
    Table,
    Uuid,
    bindparam,
    create_engine,
    insert,
    select,
    text,
)
from sqlalchemy.exc import DBAPIError, OperationalError

from adapters.database import engine_for, writing_on_the_driver
from adapters.driver import DriverStatement, on_the_driver
from projections.schema import Json, UtcDateTime

typed = Table(
    "typed",
    MetaData(),
    Column("n", Integer, primary_key=True),
    Column("case_id", Uuid, nullable=False),
    Column("at", UtcDateTime, nullable=False),
    Column("ids", Json, nullable=False),
)


@pytest.fixture
def engine(tmp_path: Path) -> Engine:
    engine = engine_for(None, tmp_path)
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE rows (n INTEGER NOT NULL)"))
    return engine


def _rows(engine: Engine) -> list[int]:
    with engine.connect() as connection:
        return list(connection.execute(text("SELECT n FROM rows")).scalars())


def test_what_it_writes_is_committed(engine: Engine) -> None:
    with writing_on_the_driver(engine) as driver:
        driver.execute("INSERT INTO rows VALUES (1)")
    assert _rows(engine) == [1]


def test_a_failure_inside_leaves_nothing_written(engine: Engine) -> None:
    with pytest.raises(RuntimeError), writing_on_the_driver(engine) as driver:
        driver.execute("INSERT INTO rows VALUES (1)")
        raise RuntimeError("the seal could not be made")
    assert _rows(engine) == []
    with writing_on_the_driver(engine) as driver:  # the connection is usable again
        driver.execute("INSERT INTO rows VALUES (2)")
    assert _rows(engine) == [2]


def test_a_database_error_is_sqlalchemys_and_leaves_nothing_written(
    engine: Engine,
) -> None:
    with pytest.raises(DBAPIError) as refused, writing_on_the_driver(engine) as driver:
        driver.execute("INSERT INTO rows VALUES (1)")
        driver.execute("INSERT INTO rows VALUES (NULL)")
    assert "NOT NULL" in str(refused.value)
    assert _rows(engine) == []


def test_a_missing_table_is_an_operational_error(engine: Engine) -> None:
    with pytest.raises(OperationalError), writing_on_the_driver(engine) as driver:
        driver.execute("INSERT INTO nowhere VALUES (1)")


def test_it_is_for_the_embedded_store_only() -> None:
    engine = create_engine("postgresql+psycopg://nobody@127.0.0.1:1/none")
    with pytest.raises(ValueError, match="SQLite only"), writing_on_the_driver(engine):
        pass


def test_a_statement_converts_as_sqlalchemy_does(engine: Engine) -> None:
    typed.create(engine)
    row = {"case_id": uuid4(), "at": datetime(2026, 3, 2, 9, 30, 1, 5, UTC),
           "ids": ["dr-okafor", "dr-rivera"]}  # fmt: skip
    append = DriverStatement(insert(typed), engine.dialect, list(row))
    with writing_on_the_driver(engine) as driver:
        append.run(driver, row)
    first = select(typed).where(typed.c.case_id == bindparam("case_id")).limit(1)
    with on_the_driver(engine) as driver:
        found = DriverStatement(first, engine.dialect).first(driver, row)
        missing = DriverStatement(first, engine.dialect).first(
            driver, {"case_id": uuid4()}
        )
    with engine.connect() as connection:
        expected = connection.execute(first, row).mappings().one()
    assert found == dict(expected) == {"n": 1, **row}
    assert missing is None
