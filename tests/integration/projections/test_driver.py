"""The driver connection of the hottest statements (projections/driver.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Column, Engine, Integer, MetaData, Table, insert, select

from application.settings import Settings
from projections import database
from projections.bulk import marker
from projections.driver import Driver

rows = Table("driver_rows", MetaData(), Column("n", Integer, primary_key=True))


@pytest.fixture
def engine(settings: Settings) -> Iterator[Engine]:
    engine = database.engine_for(settings)
    rows.create(engine)
    yield engine
    engine.dispose()


def _count(driver: Driver) -> int:
    found = driver.fetch_one(f"SELECT COUNT(*) FROM {rows.name}", ())
    return int(found[0])


def _insert(driver: Driver, n: int) -> None:
    mark = marker(driver.engine.dialect)
    driver.commit_one(f"INSERT INTO {rows.name} (n) VALUES ({mark})", (n,))


def test_a_read_sees_what_another_connection_committed_since_the_last_one(
    engine: Engine,
) -> None:
    driver = Driver(engine)
    assert _count(driver) == 0
    with engine.begin() as connection:
        connection.execute(insert(rows).values(n=1))
    assert _count(driver) == 1  # no snapshot kept from the first read


def test_a_statement_is_committed_when_it_returns(
    engine: Engine, settings: Settings
) -> None:
    driver = Driver(engine)
    _insert(driver, 1)
    other = database.engine_for(settings)
    try:
        with other.connect() as connection:
            assert connection.execute(select(rows.c.n)).scalars().all() == [1]
    finally:
        other.dispose()


def test_it_goes_on_after_the_engine_is_disposed(engine: Engine) -> None:
    driver = Driver(engine)
    _insert(driver, 1)
    engine.dispose()  # closes a held connection with the pool
    _insert(driver, 2)
    assert _count(driver) == 2
