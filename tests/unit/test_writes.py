"""Diffing a case's rows: keys and deletions as converting whole rows would give."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from uuid import UUID

import pytest
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Dialect

from domain.reports import coherence_report, plan_report
from domain.coherence import assess
from projections.case_rows import PER_CASE_TABLES
from projections.state import CaseState
from projections.writes import Changes, Prepared
from tests.unit.coherence.local_catalogue import CATALOGUE
from tests.unit.test_plan_lookups import eventful

CASE_ID = UUID("6f1c2b1e-0000-4000-8000-000000000001")
DIALECTS = [sqlite.dialect(), postgresql.psycopg.dialect()]


def state(**plan_changes: object) -> CaseState:
    """The eventful plan, supervised by two, with findings; or as changed."""
    changes = {"supervisor_ids": ("sup-1", "sup-2"), **plan_changes}
    subject = dataclasses.replace(eventful(), **changes)
    return CaseState(
        case_id=CASE_ID,
        plan=subject,
        report=plan_report(subject, CATALOGUE),
        coherence=coherence_report(assess(subject, CATALOGUE)),
        last_activity=datetime(2026, 1, 5, 10, 0, tzinfo=UTC),
        chain="chain",
    )


def key_of(prepared: Prepared, row: tuple[object, ...]) -> tuple[object, ...]:
    return tuple(row[position] for position in prepared.key)


def whole_row_key(prepared: Prepared, row: tuple[object, ...]) -> tuple[object, ...]:
    converted = prepared.values(row)
    return tuple(converted[position] for position in prepared.key)


@pytest.mark.parametrize("dialect", DIALECTS, ids=lambda d: d.name)
class TestChanges:
    def test_a_key_converts_as_in_the_converted_row(self, dialect: Dialect) -> None:
        for table, rows_of in PER_CASE_TABLES:
            prepared = Prepared(table, dialect)
            for row in rows_of(state()):
                assert prepared.key_values(row) == whole_row_key(prepared, row)

    def test_rows_gone_are_deleted_by_their_converted_key(
        self, dialect: Dialect
    ) -> None:
        before, after = state(), state(supervisor_ids=("sup-1",), techniques=())
        for table, rows_of in PER_CASE_TABLES:
            prepared = Prepared(table, dialect)
            old, new = rows_of(before), rows_of(after)
            changes = Changes(prepared)

            changes.update(old, new)

            old_by_key = {key_of(prepared, row): row for row in old}
            new_keys = {key_of(prepared, row) for row in new}
            gone = [row for row in old if key_of(prepared, row) not in new_keys]
            assert gone or prepared.by_case  # findings and a supervisor go
            assert changes.deleted == [whole_row_key(prepared, r) for r in gone]
            assert changes.upserted == [
                row for row in new if old_by_key.get(key_of(prepared, row)) != row
            ]

    def test_unchanged_rows_write_nothing(self, dialect: Dialect) -> None:
        for table, rows_of in PER_CASE_TABLES:
            changes = Changes(Prepared(table, dialect))

            changes.update(rows_of(state()), rows_of(state()))

            assert (changes.deleted, changes.upserted) == ([], [])
