"""The rows that show each case's state, worked out once a case a batch."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, NamedTuple

from projections import caseloads, coherence, plans
from projections import supervision as supervision_model
from projections.bulk import Row
from projections.folding import Folder, Settled
from projections.state import Assessor, CaseState, state_of
from projections.writes import Changes, Rows, Statements

PER_CASE_TABLES: tuple[tuple[Any, Callable[[CaseState], Rows]], ...] = (
    (plans.plans, plans.rows),
    (coherence.statuses, coherence.status_rows),
    (coherence.findings, coherence.finding_rows),
    (caseloads.caseloads, caseloads.rows),
    (supervision_model.supervision, supervision_model.rows),
)
"""Each table that shows a case's state, and its rows for a case."""


class CaseWrites(NamedTuple):
    changes: dict[str, Changes]
    heads: list[Row]
    """(case id, version, chain value) of each case."""

    def portable(self) -> Portable:
        """The rows alone, to pickle across to another process."""
        lists = {name: change.lists() for name, change in self.changes.items()}
        return lists, self.heads

    @classmethod
    def adopted(cls, portable: Portable, statements: Statements) -> CaseWrites:
        """Writes worked out in another process, with this one's statements."""
        lists, heads = portable
        return cls(statements.changes(lists), heads)


Portable = tuple[dict[str, tuple[list[Row], ...]], list[Row]]


def work_out(
    settled: Iterable[Settled],
    assessor: Assessor,
    statements: Statements,
    folder: Folder,
    *,
    fresh: bool,
    written: set[Any],
) -> CaseWrites:
    """Each settled case's rows: what changed since this projector last wrote
    the case (its memo), else all of them. `fresh`: the tables were emptied in
    this batch, so a case not in `written` yet needs no delete first."""
    changes, heads = statements.changes(), []
    for case, memo in settled:
        state = state_of(case, assessor)
        rows_by_table = {}
        for table, rows_of in PER_CASE_TABLES:
            rows = rows_by_table[table.name] = rows_of(state)
            if memo is None:
                empty = fresh and case.id not in written
                changes[table.name].replace(case.id, rows, fresh=empty)
            else:
                changes[table.name].update(memo[table.name], rows)
        written.add(case.id)
        folder.remember(case.id, rows_by_table)
        heads.append((case.id, state.version, state.chain))
    return CaseWrites(changes, heads)


def write(cursor: Any, statements: Statements, writes: CaseWrites) -> None:
    """The rows, then each case's head (which only ever moves forward)."""
    for change in writes.changes.values():
        change.flush(cursor)
    statements.witness(cursor, writes.heads)
