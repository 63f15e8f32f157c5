"""Walking a case's history once, in order, with the case as it stood after each."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import cast
from uuid import UUID

from application.cases import CaseManagement
from domain.case import Case
from domain.exceptions import CaseNotFound, InvalidValue


def last_version(app: CaseManagement, case_id: UUID) -> int:
    """The case's current version, read from the store without loading the case."""
    latest = app.recorder.select_events(case_id, desc=True, limit=1)
    if not latest:
        raise CaseNotFound(case_id)
    return latest[0].originator_version


def check_version(field: str, version: int, last: int) -> int:
    """`version` if the case has it; otherwise an error naming `field`."""
    if version < 1:
        raise InvalidValue(field, "must be 1 or more")
    if version > last:
        raise InvalidValue(field, f"the case has only {last} versions")
    return version


def case_at(app: CaseManagement, case_id: UUID, version: int) -> Case | None:
    """The case at `version` (None before its first event), loaded once: from its
    latest snapshot at or before `version`, then its events up to `version`."""
    if version == 0:
        return None
    return app.load_case(case_id, version)


def events_between(
    app: CaseManagement, case_id: UUID, after: int, upto: int | None = None
) -> Iterator[Case.Event]:
    """The stored events with versions in (after, upto], in order; a stored event
    that no longer decodes stops the walk with an error naming its version."""
    return app.stored_events(case_id, after, upto)


def fold(
    case: Case | None, events: Iterable[Case.Event]
) -> Iterator[tuple[Case.Event, Case]]:
    """Apply each event to the case in turn, as the repository does, yielding the
    case after each one. The case is mutated in place: read what you need from it
    before asking for the next step."""
    for event in events:
        case = cast(Case, event.mutate(case))
        yield event, case


def replayed(case: Case | None, events: Iterable[Case.Event]) -> Case | None:
    """The case once every event is applied to it in turn."""
    for event in events:
        case = cast(Case, event.mutate(case))
    return case
