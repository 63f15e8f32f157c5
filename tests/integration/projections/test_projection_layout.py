"""Read models laid out by other code are rebuilt, not read (projections/layout.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import Column, MetaData, Table, Uuid, select, update

from adapters.database import writing
from bootstrap import EmbeddedCaseManagement
from projections.access_log import AccessLog, access_log
from projections.layout import fingerprint, layouts
from projections.plans import plans
from projections.projector import Projector
from projections.schema import Json, read_models
from tests.clinic import Clinic


def _lay_out_as_before_fingerprints(app: EmbeddedCaseManagement) -> None:
    """The plan read model as it was before its report was stored as text, and
    no fingerprint, as code from before fingerprints left a database."""
    old = Table(plans.name, MetaData(), Column("case_id", Uuid, primary_key=True),
                Column("report", Json, nullable=False))  # fmt: skip
    with writing(app.projector.engine) as connection:
        plans.drop(connection)
        old.create(connection)
        layouts.drop(connection)


def _fingerprinted_otherwise(app: EmbeddedCaseManagement) -> None:
    """Read models whose stored fingerprint is not the code's: laid out by
    another version of it."""
    with writing(app.projector.engine) as connection:
        connection.execute(update(layouts).values(fingerprint="0" * 64))


def _count_rebuilds(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    rebuilt: list[int] = []
    rebuild = Projector.rebuild

    def counted(self: Projector, *args: Any, **kwargs: Any) -> int:
        rebuilt.append(rebuild(self, *args, **kwargs))
        return rebuilt[-1]

    monkeypatch.setattr(Projector, "rebuild", counted)
    return rebuilt


class TestStartingOnReadModelsLaidOutByOtherCode:
    @pytest.mark.parametrize(
        "lay_out", [_lay_out_as_before_fingerprints, _fingerprinted_otherwise]
    )
    def test_they_are_rebuilt_and_the_kept_tables_are_kept(
        self, app: EmbeddedCaseManagement, monkeypatch: pytest.MonkeyPatch,
        lay_out: Callable[[EmbeddedCaseManagement], None],
    ) -> None:  # fmt: skip
        case_id = Clinic(app).open()
        AccessLog(app.projector.engine, app.chain_keys).record(
            case_id=case_id, version=1, actor_id="dr-rivera",
            actor_role="clinician", what="plan", correlation_id="before",
        )  # fmt: skip
        heads = app.read_models.chain_witness(case_id)
        lay_out(app)
        rebuilt = _count_rebuilds(monkeypatch)
        again = EmbeddedCaseManagement(app.settings)
        try:
            assert rebuilt == [app.recorder.max_notification_id()]
            assert again.read_models.plan(case_id) == app.report(case_id)["plan"]
            assert again.read_models.chain_witness(case_id) == heads
            assert again.projector.position() == app.recorder.max_notification_id()
            with again.projector.engine.connect() as connection:
                logged = connection.execute(select(access_log.c.correlation_id))
                assert logged.scalars().all() == ["before"]
        finally:
            again.close()

    def test_read_models_laid_out_as_the_code_writes_them_are_not_rebuilt(
        self, app: EmbeddedCaseManagement, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        case_id = Clinic(app).open()
        position = app.projector.position()

        def no_rebuild(*_args: Any, **_kwargs: Any) -> None:
            raise AssertionError("rebuilt read models that were up to date")

        monkeypatch.setattr(Projector, "rebuild", no_rebuild)
        again = EmbeddedCaseManagement(app.settings)
        try:
            assert again.projector.position() == position
            assert again.read_models.plan(case_id) == app.report(case_id)["plan"]
        finally:
            again.close()


def test_a_changed_table_changes_the_fingerprint(
    app: EmbeddedCaseManagement,
) -> None:
    dialect = app.projector.engine.dialect
    tables = read_models()
    changed = MetaData()
    for table in tables:
        copy = table.to_metadata(changed)
        if table is plans:
            copy.append_column(Column("extra", Json))
    assert fingerprint(tables, dialect) == fingerprint(tables, dialect)
    assert fingerprint(list(changed.sorted_tables), dialect) != fingerprint(
        tables, dialect
    )
