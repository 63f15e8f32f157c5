"""Helpers for read-model tests: fill a log quickly, dump tables, read the log."""

from __future__ import annotations

from itertools import cycle
from typing import Any
from uuid import UUID

from sqlalchemy import Engine, select

from adapters.database import writing
from application.cases import CaseManagement
from bootstrap import engine_for_settings
from domain.case import Case
from domain.commands import RecordAssessment, RecordSession, RecordSupervisionNote
from domain.envelope import acting
from projections.plans import plans, report_of
from projections.positions import move, positions
from projections.projector import Projector
from projections.schema import metadata
from tests.clinic import CLINICIAN, SUPERVISOR
from tests.factories import assessment

READ_MODELS = [t for t in metadata.sorted_tables if t is not positions]
"""Every table but the positions, the kept witnessed heads included: on an
untouched log a rebuild leaves each head where the projector put it, so a
rebuild that moved one would be caught like any other difference."""


def dump(projector: Projector) -> dict[str, list[dict[str, Any]]]:
    """Every read-model row, table by table, in primary-key order; a plan row
    with its report decrypted and without its seal (which covers ciphertext,
    new each time it is written)."""
    cipher = projector.source.text_cipher
    with projector.engine.connect() as connection:
        return {
            table.name: [
                _readable(dict(row._mapping), table.name, cipher)
                for row in connection.execute(
                    select(table).order_by(*table.primary_key.columns)
                )
            ]
            for table in READ_MODELS
        }


def _readable(row: dict[str, Any], table: str, cipher: Any) -> dict[str, Any]:
    if table != plans.name:
        return row
    return {**row, "report": report_of(row, cipher), "seal": None}


def logged_events(app: CaseManagement) -> list[tuple[int, UUID, int]]:
    """(notification id, case id, version) of every stored event, in log order."""
    found, start = [], 1
    while batch := app.recorder.select_notifications(start, 1000):
        found += [(n.id, n.originator_id, n.originator_version) for n in batch]
        start = batch[-1].id + 1
    return found


def audited_events(engine: Engine) -> list[tuple[int, UUID, int]]:
    audit = metadata.tables["audit_trail"]
    query = select(audit.c.notification_id, audit.c.case_id, audit.c.version)
    with engine.connect() as connection:
        rows = connection.execute(query.order_by(audit.c.notification_id))
        return [(n, case_id, version) for n, case_id, version in rows]


def projector_for(app: CaseManagement, *, batch_size: int = 500) -> Projector:
    """A projector of the plain application's log into the read models its
    settings choose, set up; its caller disposes of its engine."""
    projector = Projector(app, engine_for_settings(app.settings), batch_size=batch_size)
    projector.setup()
    return projector


def rewind(projector: Projector, position: int) -> None:
    """Store an earlier position over read models that already hold what
    follows it: the notifications after it are delivered again."""
    with writing(projector.engine) as connection:
        move(connection, projector.name, position)


def assert_equals_rebuild(projector: Projector) -> None:
    """The read models as they are equal a rebuild of the whole log."""
    log = projector.source.recorder
    assert projector.position() == (log.max_notification_id() or 0)
    kept = dump(projector)
    Projector(projector.source, projector.engine).rebuild()
    assert dump(projector) == kept


def fill(app: CaseManagement, cases: int, rounds: int) -> list[UUID]:
    """Interleave ordinary clinical work across cases: one save a command."""
    opened = []
    with acting(CLINICIAN, "fill-open"):
        for index in range(cases):
            case = Case.open(
                client_ref=f"fill-{index}", clinician_id=CLINICIAN.actor_id,
                supervisor_ids=[SUPERVISOR.actor_id], strategy="common_factors",
            )  # fmt: skip
            app.save(case)
            opened.append(case.id)
    steps = cycle(_STEPS)
    for round_ in range(rounds):
        for case_id in opened:
            case = app.repository.get(case_id)
            step = next(steps)
            actor = SUPERVISOR if step is _note else CLINICIAN
            with acting(actor, f"fill-{round_}"):
                step(case, app)
            app.save(case)
    return opened


def _note(case: Case, app: CaseManagement) -> None:
    case.record_supervision_note(
        RecordSupervisionNote(
            supervisor_id=SUPERVISOR.actor_id, text="pacing", refers_to=[1]
        )
    )


_STEPS = [
    lambda c, a: c.record_assessment(RecordAssessment(**assessment())),
    lambda c, a: c.measure_alliance("srs", 38, "2026-02-01"),
    lambda c, a: c.measure_outcome("ors", 20, "2026-02-01"),
    lambda c, a: c.record_session(
        RecordSession(session_date="2026-02-02", techniques_used=[])
    ),
    _note,
    lambda c, a: c.request_review(c.version),
]
