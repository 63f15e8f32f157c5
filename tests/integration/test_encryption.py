"""Clinical free text encrypted at rest with a key per case, erased by
destroying that key, on each store: what is stored holds none of it, the
history verifies with or without the key, and erasure keeps the record."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from datetime import timedelta
from typing import Any
from uuid import UUID

import psycopg
import pytest
from sqlalchemy import MetaData, select

from adapters.data_keys import MASTER_FILE
from adapters.keys import KeyFileProblem
from application.cases import CaseManagement
from application.export import export_records, jsonl
from application.fhir import fhir_bundle
from application.settings import Settings
from bootstrap import EmbeddedCaseManagement
from domain.commands import CloseCase, LegalHold, RequestErasure
from domain.envelope import Actor, acting
from domain.exceptions import InvariantViolated
from domain.free_text import ERASED, texts_at, value_at
from domain.vocabulary import ClosingReason, Role
from tests.backends import POSTGRES_URL
from tests.integration.projected import app, trauma

__all__ = ["app", "trauma"]  # the fixtures these tests use

ADMIN = Actor("admin", Role.ADMIN)
SECOND_ADMIN = Actor("admin-2", Role.ADMIN)
AUDITOR = Actor("auditor-kim", Role.AUDITOR)
CLINICIAN = Actor("dr-rivera", Role.CLINICIAN)


def clinical_texts(app: EmbeddedCaseManagement, case_id: UUID) -> set[str]:
    """Every free-text value of the case's history, as the clinician reads it."""
    found = set()
    for entry in app.history(case_id):
        event_type = getattr(type(app.load_case(case_id)), entry.event_type)
        for path in texts_at(entry.fields, event_type.FREE_TEXT):
            value = value_at(entry.fields, path)
            if isinstance(value, str) and len(value) >= 8 and value != ERASED:
                found.add(value)
    return found


def stored_bytes(settings: Settings) -> Iterator[tuple[str, bytes]]:
    """Every byte the store holds: each file of the embedded store (its
    write-ahead logs included), or each value of every table on PostgreSQL."""
    if settings.database_url is None:
        for path in sorted(settings.data_dir.iterdir()):
            yield path.name, path.read_bytes()
        return
    schema = settings.database_url.rsplit("schema=", 1)[1]
    dsn = POSTGRES_URL.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(dsn) as connection:
        tables = connection.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema=%s",
            (schema,),
        ).fetchall()
        for (table,) in tables:
            for row in connection.execute(f'SELECT * FROM "{schema}"."{table}"'):
                for value in row:
                    raw = value if isinstance(value, bytes) else str(value).encode()
                    yield table, raw


def hits(settings: Settings, texts: set[str]) -> list[tuple[str, str]]:
    return [
        (where, text[:40])
        for where, raw in stored_bytes(settings)
        for text in texts
        if text.encode() in raw
    ]


def version(app: EmbeddedCaseManagement, case_id: UUID) -> int:
    return app.load_case(case_id).version


def erase(app: EmbeddedCaseManagement, case_id: UUID, override: str = "") -> None:
    with acting(ADMIN, "erase"):
        asked = app.request_erasure(
            case_id, version(app, case_id), RequestErasure("client asked", override)
        )
    with acting(AUDITOR, "confirm"):
        app.confirm_erasure(case_id, asked.version)


def test_free_text_is_stored_encrypted_and_the_history_verifies(
    app: EmbeddedCaseManagement, trauma: UUID
) -> None:
    texts = clinical_texts(app, trauma)
    assert len(texts) > 10  # notes, goals, rationales, comments...
    assert hits(app.settings, texts) == []
    app.projector.rebuild()
    assert hits(app.settings, texts) == []
    assert app.verify(trauma).intact
    assert app.report(trauma)["plan"]["goals"][0]["description"] in texts


def test_a_history_verifies_without_its_key(
    app: EmbeddedCaseManagement, trauma: UUID
) -> None:
    app.data_keys.destroy(trauma)
    assert app.verify(trauma).intact
    another = CaseManagement(app.settings)  # holds nothing it read with the key
    try:
        assert another.verify(trauma).intact
        assert another.report(trauma)["plan"]["goals"][0]["description"] == ERASED
    finally:
        another.close()


def test_erasure_keeps_the_record_and_the_coherence_and_leaves_no_text(
    app: EmbeddedCaseManagement, trauma: UUID
) -> None:
    texts = clinical_texts(app, trauma)
    before = app.report(trauma)
    erase(app, trauma, override="the client withdrew consent; no retention applies")
    after = app.report(trauma)
    assert after["coherence"] == before["coherence"]
    assert all(g["description"] == ERASED for g in after["plan"]["goals"])
    assert [g["goal_id"] for g in after["plan"]["goals"]] == [
        g["goal_id"] for g in before["plan"]["goals"]
    ]
    assert app.read_models.plan(trauma) == after["plan"]
    assert app.verify(trauma).intact
    assert hits(app.settings, texts) == []
    history = app.history(trauma)
    asked, erased = history[-2], history[-1]
    assert (asked.event_type, asked.actor_id, asked.actor_role) == (
        "ErasureRequested", "admin", "admin")  # fmt: skip
    assert asked.fields["overridden"] == "the case is open"
    assert (erased.event_type, erased.actor_id, erased.actor_role) == (
        "CaseErased", "auditor-kim", "auditor")  # fmt: skip
    trail = app.read_models.audit_trail(case_id=trauma, limit=500, offset=0).items
    assert [r["event_type"] for r in trail][-2:] == ["ErasureRequested", "CaseErased"]
    exported = jsonl(export_records(app, trauma, clinical=True))
    assert not any(text in exported for text in texts)
    assert ERASED in exported
    bundle = json.dumps(fhir_bundle(app, trauma, clinical=True))
    assert not any(text in bundle for text in texts)


def test_an_erased_case_takes_no_entry(
    app: EmbeddedCaseManagement, trauma: UUID
) -> None:
    erase(app, trauma, override="court order")
    with acting(ADMIN, "again"), pytest.raises(InvariantViolated, match="erased"):
        app.place_legal_hold(trauma, version(app, trauma), LegalHold("keep it"))


def test_erasure_waits_for_retention_unless_overridden(
    app: EmbeddedCaseManagement, trauma: UUID
) -> None:
    with acting(CLINICIAN, "close"):
        app.close_case(trauma, version(app, trauma), CloseCase(ClosingReason.COMPLETED))
    with acting(ADMIN, "early"), pytest.raises(InvariantViolated) as refused:
        app.request_erasure(trauma, version(app, trauma), RequestErasure("asked"))
    assert refused.value.rule == "erasure-allowed"
    assert "retention runs until" in refused.value.message
    later = app.clock() + app.settings.retention + timedelta(days=1)
    app.clock = lambda: later
    erase(app, trauma)
    assert app.load_case(trauma).erased


def test_a_legal_hold_refuses_erasure_until_lifted(
    app: EmbeddedCaseManagement, trauma: UUID
) -> None:
    with acting(ADMIN, "hold"):
        app.place_legal_hold(trauma, version(app, trauma), LegalHold("litigation"))
        with pytest.raises(InvariantViolated, match="legal hold"):
            app.request_erasure(trauma, version(app, trauma), RequestErasure("asked"))
        app.lift_legal_hold(trauma, version(app, trauma), LegalHold("settled"))
    erase(app, trauma, override="the case is open, and the client asks")
    assert app.load_case(trauma).erased


@pytest.mark.parametrize(
    ("confirmer", "rule"),
    [(ADMIN, "erasure-second-person"), (CLINICIAN, "erasure-confirmer-role")],
)
def test_erasure_needs_a_second_admin_or_an_auditor(
    app: EmbeddedCaseManagement, trauma: UUID, confirmer: Actor, rule: str
) -> None:
    texts = clinical_texts(app, trauma)
    with acting(ADMIN, "ask"):
        asked = app.request_erasure(
            trauma, version(app, trauma), RequestErasure("asked", "open, but asked")
        )
    with acting(confirmer, "confirm"), pytest.raises(InvariantViolated) as refused:
        app.confirm_erasure(trauma, asked.version)
    assert refused.value.rule == rule
    assert clinical_texts(app, trauma) == texts  # nothing erased
    with acting(SECOND_ADMIN, "confirm"):
        app.confirm_erasure(trauma, asked.version)
    assert clinical_texts(app, trauma) == set()


def test_rotating_the_master_key_keeps_every_case_readable(
    app: EmbeddedCaseManagement, trauma: UUID
) -> None:
    before = app.report(trauma)
    first = app.data_keys.master.current_id
    new, rewrapped = app.data_keys.rotate_master()
    assert rewrapped >= 1 and new != first
    app.data_keys.retire_master(first)
    again = EmbeddedCaseManagement(app.settings)
    try:
        assert first not in again.data_keys.master.secrets
        assert again.report(trauma) == before
        assert again.read_models.plan(trauma) == before["plan"]
    finally:
        again.close()


def test_a_store_without_its_master_key_names_the_one_it_needs(
    app: EmbeddedCaseManagement, trauma: UUID
) -> None:
    keys = app.settings.keys
    shutil.move(keys / MASTER_FILE, keys / "elsewhere.json")
    with pytest.raises(KeyFileProblem, match="master key m1"):
        EmbeddedCaseManagement(app.settings)


def test_the_plan_row_holds_no_text_in_the_clear(
    app: EmbeddedCaseManagement, trauma: UUID
) -> None:
    """The read model's report is the case's ciphertext; the coherence beside
    it (no free text) stays readable for compliance."""
    tables = MetaData()
    tables.reflect(app.projector.engine, only=["current_plans"])
    plans = tables.tables["current_plans"]
    with app.projector.engine.connect() as connection:
        row: Any = connection.execute(
            select(plans).where(plans.c.case_id == trauma)
        ).one()
    assert row.report.startswith("enc:")
    assert json.loads(row.coherence)["status"] in ("coherent", "concerns")
