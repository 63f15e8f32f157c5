"""A write on the embedded store's driver connection is all or nothing, and
fails with SQLAlchemy's errors, as one through SQLAlchemy does."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.exc import DBAPIError, OperationalError

from adapters.database import engine_for, writing_on_the_driver


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
