"""What a rebuild reads, and the half of it that can run in another process.

A rebuild writes two kinds of rows: one audit row an event, which needs every
event decoded, and the rows that show each case as the log leaves it, which
need only each case's last snapshot and the events after it. A forked process
works out the second kind and the audit rows of the log's last pages
(`worked_apart`), while the rebuilding one reads, decodes and writes the audit
rows of the rest, then writes what the other sends.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, NamedTuple

from eventsourcing.persistence import Notification
from eventsourcing.utils import resolve_topic

from domain.case import Case
from projections import audit, case_rows
from projections.bulk import Row
from projections.case_rows import CaseWrites, Portable
from projections.folding import SETTLE_AFTER, Folder
from projections.state import Source
from projections.writes import Statements


def log_pages(
    recorder: Any, target: int, page_size: int
) -> Iterator[Sequence[Notification]]:
    """The notifications up to `target`, a page at a time."""
    start = 1
    while start <= target:
        page: Sequence[Notification] = recorder.select_notifications(
            start, page_size, stop=target
        )
        if not page:
            return
        yield page
        start = page[-1].id + 1


class AuditPage(NamedTuple):
    """The audit rows another process made of one page of the log."""

    rows: list[Row]
    read: int
    """Notifications the page holds, each applied (with a row, if a case's)."""
    last: int
    """The page's last notification id."""
    final: bool = False
    """No audit page follows (this one is empty): the tables are loaded."""


def worked_apart(
    app: Source,
    statements: Statements,
    audit_rows: audit.Rows,
    *,
    target: int,
    split: int,
    page_size: int,
    cache_size: int,
) -> Iterator[AuditPage | Portable]:
    """The audit rows of the log after `split` up to `target`, a page at a
    time, then every case's rows as the log up to `target` leaves it, for
    freshly emptied tables; read on connections of its own (`Source.reopened`).

    A case's events are decoded for folding only after its last snapshot. Its
    rows come once a case, or in several parts when more than SETTLE_AFTER
    events wait to be folded; the parts must be written in order. All come
    after the final audit page, which says the audit rows are all there: the
    indexes can then be built while the cases are worked out."""
    source = app.reopened()
    try:
        decode = source.mapper.to_domain_event
        interval = (source.snapshotting_intervals or {}).get(Case)
        folder = Folder(source.repository, interval, cache_size, decode=decode)
        of_a_case, written = _CaseTopics(), set[Any]()
        cases: list[Portable] = []

        def settled() -> Portable:
            writes: CaseWrites = case_rows.work_out(
                folder.settle(), source, statements, folder, fresh=True,
                written=written,
            )  # fmt: skip
            return writes.portable()

        last = split
        for page in log_pages(source.recorder, target, page_size):
            rows, read, last = [], 0, page[-1].id
            for notification in page:
                audited = notification.id > split
                read += audited
                if of_a_case(notification.topic):  # else only the position moves
                    folder.add(notification)
                    if audited:
                        event = decode(notification)
                        rows.append(audit_rows.row(notification.id, event))
            if read:
                yield AuditPage(rows, read, last)
            if folder.pending > SETTLE_AFTER:
                cases.append(settled())
        yield AuditPage([], 0, last, final=True)
        yield from cases
        yield settled()
    finally:
        source.close()


class _CaseTopics:
    """Whether a stored event's topic names a case's event (as the projector
    checks of decoded events), resolved once a topic."""

    def __init__(self) -> None:
        self._known: dict[str, bool] = {}

    def __call__(self, topic: str) -> bool:
        known = self._known.get(topic)
        if known is None:
            known = self._known[topic] = issubclass(resolve_topic(topic), Case.Event)
        return known
