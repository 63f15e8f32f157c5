"""Raw-SQL edits of stored events, as someone with database access could make them."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import Any
from uuid import UUID

from application.cases import CaseManagement


def _run(
    app: CaseManagement, statement: Callable[[str], tuple[str, tuple[Any, ...]]]
) -> None:
    """Execute one statement against the events table of either backend."""
    settings = app.settings
    if settings.database_url is None:
        path = settings.data_dir / "events.sqlite"
        with sqlite3.connect(path) as connection:
            sql, params = statement("stored_events")
            connection.execute(sql.replace("%s", "?"), params)
        return
    import psycopg

    env = settings.event_store_env()
    table = f'"{env["POSTGRES_SCHEMA"]}".casebook_events'
    with psycopg.connect(
        dbname=env["POSTGRES_DBNAME"], host=env["POSTGRES_HOST"],
        port=env["POSTGRES_PORT"], user=env["POSTGRES_USER"], autocommit=True,
    ) as connection:  # fmt: skip
        sql, params = statement(table)
        connection.execute(sql, params)  # type: ignore[arg-type]


def _id(app: CaseManagement, case_id: UUID) -> Any:
    return case_id.hex if app.settings.database_url is None else case_id


def _write_state(
    app: CaseManagement, case_id: UUID, version: int, state: bytes
) -> None:
    _run(app, lambda t: (
        f"UPDATE {t} SET state = %s "
        "WHERE originator_id = %s AND originator_version = %s",
        (state, _id(app, case_id), version),
    ))  # fmt: skip


def edit_state(
    app: CaseManagement, case_id: UUID, version: int, old: bytes, new: bytes
) -> None:
    stored = app.recorder.select_events(case_id, gt=version - 1, lte=version)[0]
    assert old in stored.state, f"{old!r} not found in version {version}"
    _write_state(app, case_id, version, stored.state.replace(old, new, 1))


def edit_ciphertext(app: CaseManagement, case_id: UUID, version: int) -> None:
    """Change one character of the first encrypted text a stored event holds
    (its free text is stored as ciphertext: there is no plaintext to edit)."""
    stored = app.recorder.select_events(case_id, gt=version - 1, lte=version)[0]
    marker = b'"ciphertext":"'
    at = stored.state.index(marker) + len(marker)
    new = b"B" if stored.state[at : at + 1] == b"A" else b"A"
    _write_state(
        app, case_id, version, stored.state[:at] + new + stored.state[at + 1 :]
    )


def delete(app: CaseManagement, case_id: UUID, version: int) -> None:
    _run(app, lambda t: (
        f"DELETE FROM {t} WHERE originator_id = %s AND originator_version = %s",
        (_id(app, case_id), version),
    ))  # fmt: skip


def swap(app: CaseManagement, case_id: UUID, first: int, second: int) -> None:
    """Reorder two events by swapping their version numbers."""
    for old, new in ((first, -1), (second, first), (-1, second)):
        _run(app, lambda t, old=old, new=new: (
            f"UPDATE {t} SET originator_version = %s "
            "WHERE originator_id = %s AND originator_version = %s",
            (new, _id(app, case_id), old),
        ))  # fmt: skip


def overwrite_byte(
    app: CaseManagement, case_id: UUID, version: int, position: int
) -> None:
    """Change one byte of a stored event's state to a different byte."""
    stored = app.recorder.select_events(case_id, gt=version - 1, lte=version)[0]
    state = bytearray(stored.state)
    index = position % len(state)
    state[index] = (state[index] + 1 + position % 200) % 256 or 1
    if state[index] == stored.state[index]:
        state[index] ^= 0x01
    _write_state(app, case_id, version, bytes(state))


def insert_copy(app: CaseManagement, case_id: UUID, after: int) -> None:
    """Insert a copy of event `after` as version `after + 1`, renumbering the rest."""
    case = _id(app, case_id)
    for step in ("-(originator_version + 1)", "-originator_version"):
        _run(app, lambda t, step=step: (
            f"UPDATE {t} SET originator_version = {step} "
            "WHERE originator_id = %s AND (originator_version > %s "
            "OR originator_version < 0)",
            (case, after),
        ))  # fmt: skip
    _run(app, lambda t: (
        f"INSERT INTO {t} (originator_id, originator_version, topic, state) "
        f"SELECT originator_id, %s, topic, state FROM {t} "
        "WHERE originator_id = %s AND originator_version = %s",
        (after + 1, case, after),
    ))  # fmt: skip


def edit_snapshot(
    app: CaseManagement, case_id: UUID, version: int, old: bytes, new: bytes
) -> None:
    """Replace bytes in the stored snapshot taken at `version`."""
    snapshots = app.snapshots
    assert snapshots is not None
    [stored] = snapshots.recorder.select_events(case_id, gt=version - 1, lte=version)
    assert old in stored.state, f"{old!r} not in the snapshot at {version}"
    state = stored.state.replace(old, new, 1)
    if app.settings.database_url is None:
        path = app.settings.data_dir / "events.sqlite"
        with sqlite3.connect(path) as connection:
            connection.execute(
                "UPDATE stored_snapshots SET state = ? "
                "WHERE originator_id = ? AND originator_version = ?",
                (state, case_id.hex, version),
            )
        return
    import psycopg

    env = app.settings.event_store_env()
    with psycopg.connect(
        dbname=env["POSTGRES_DBNAME"], host=env["POSTGRES_HOST"],
        port=env["POSTGRES_PORT"], user=env["POSTGRES_USER"], autocommit=True,
    ) as connection:  # fmt: skip
        connection.execute(
            f'UPDATE "{env["POSTGRES_SCHEMA"]}".casebook_snapshots SET state = %s '
            "WHERE originator_id = %s AND originator_version = %s",
            (state, case_id, version),
        )
