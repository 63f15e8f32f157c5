"""The composition root: the one place that builds Casebook from its settings.

The web app, the command line and the benchmarks all start here."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from eventsourcing.persistence import PersistenceError, Recording
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from adapters.clinic_config import load_clinic_config
from adapters.database import engine_for, one_starting_at_a_time, writing
from application.accounts import AccountManagement
from application.cases import CaseManagement
from application.settings import Settings
from domain.case import Case
from domain.chain import ChainReport
from domain.exceptions import CasebookError
from projections import quarantine
from projections.access_log import AccessLog
from projections.projector import Projector
from projections.queries import ReadModels
from projections.runner import catch_up
from projections.waiting import ProjectionWait, WaitFigures

logger = logging.getLogger("casebook.projections")


class EmbeddedCaseManagement(CaseManagement):
    """CaseManagement whose commands return once the read models include them,
    so that whoever wrote reads their own writes: projected in the request (the
    embedded default), or by a projector apart that the write waits for."""

    name = CaseManagement.name  # the same PostgreSQL tables as the plain one's

    def __init__(self, settings: Settings, **clinic: Any) -> None:
        engine = engine_for_settings(settings)
        try:
            with one_starting_at_a_time(engine):
                super().__init__(settings, **clinic)
                self.projector = Projector(self, engine)
                self.projector.setup()
        except CasebookError:  # e.g. a key file missing: nothing is left open
            engine.dispose()
            raise
        self.read_models = ReadModels(self.projector.engine, self.chain_keys,
                                      self.text_cipher)  # fmt: skip
        self.catch_up_failure: str | None = None
        self.projection_wait: ProjectionWait | None = None
        if settings.projector_apart:
            self.projection_wait = ProjectionWait(
                engine, self.projector.name, settings.projection_wait
            )
            return
        if self.projector.position() == 0 and self.recorder.max_notification_id():
            self.projector.rebuild()  # a store without read models yet: fastest
        self.catch_up()

    def save(self, *objs: Any, **kwargs: Any) -> list[Recording[UUID]]:
        recordings = super().save(*objs, **kwargs)
        written = recordings[-1].notification.id if recordings else 0
        if self.projection_wait is None:
            self.catch_up({o.id: o for o in objs if isinstance(o, Case)})
        elif written and not self.projection_wait.until(written):
            logger.warning("the projector did not reach notification %d within %s s",
                           written, self.projection_wait.bound)  # fmt: skip
        return recordings

    def catch_up(self, in_hand: dict[UUID, Case] | None = None) -> None:
        """Bring the read models level with the log (unless a projector apart
        does). What is saved stays saved if they cannot: the failure is logged
        and shown by the health check, and the next catch-up (or `casebook
        project`) tries again."""
        if self.projection_wait is not None:
            return
        try:
            catch_up(self.projector, in_hand=in_hand)
        except (SQLAlchemyError, PersistenceError) as error:
            self.catch_up_failure = f"{type(error).__name__}: {error}"
            logger.exception("read models could not catch up")
        else:
            self.catch_up_failure = None

    def verify(
        self, case_id: UUID, witness: Mapping[int, str] | None = None
    ) -> ChainReport:
        """The chain check, with the audit trail as witness of what was recorded."""
        if witness is None:
            witness = self.read_models.chain_witness(case_id)
        report = super().verify(case_id, witness)
        with writing(self.projector.engine) as connection:
            if report.intact:
                quarantine.release(connection, case_id)
            else:
                part = self.intact_part(case_id)
                quarantine.record(connection, case_id, report.first_broken_version,
                                  report.reason, "verify", part)  # fmt: skip
        return report

    def close(self) -> None:
        if self.projection_wait is not None:
            self.projection_wait.close()
        super().close()
        self.projector.engine.dispose()


def engine_for_settings(settings: Settings) -> Engine:
    return engine_for(settings.database_url, settings.data_dir)


@dataclass
class Services:
    settings: Settings
    cases: EmbeddedCaseManagement
    accounts: AccountManagement
    read_models: ReadModels
    access_log: AccessLog

    def health(self) -> Health:
        """Whether the event store answers, and how far the read models lag.
        The log also holds the accounts' events, which no request of the cases
        projects: the embedded default brings the read models level first."""
        self.cases.catch_up()
        try:
            head = self.cases.recorder.max_notification_id() or 0
        except PersistenceError as error:
            return Health("unavailable", None, None, None, f"event store: {error}")
        try:
            projected = self.read_models.position()
            quarantined = self.read_models.quarantined_count()
        except SQLAlchemyError as error:
            return Health("unavailable", head, None, None, f"read models: {error}")
        failure = self.cases.catch_up_failure
        level = failure is None and projected >= head and not quarantined
        wait = self.cases.projection_wait
        if wait is not None and projected < head:
            failure = (f"the read models are {head - projected} events behind the "
                       "log: writes wait for `casebook project --follow`; is it "
                       "running?")  # fmt: skip
        return Health("ok" if level else "degraded", head, projected,
                      max(0, head - projected), failure, quarantined,
                      "in-request" if wait is None else "follower",
                      None if wait is None else wait.figures())  # fmt: skip

    def close(self) -> None:
        self.cases.close()
        self.accounts.close()


@dataclass(frozen=True)
class Health:
    status: str
    """ok; degraded (read models behind or failing); unavailable (a store
    does not answer)."""
    log_head: int | None
    """The last notification id in the event log."""
    projected: int | None
    """The last notification id the read models reflect."""
    lag: int | None
    problem: str | None
    quarantined: int | None = None
    """Cases whose stored history was found broken (answered 409)."""
    projection: str = "in-request"
    """Who keeps the read models: each write's request, or a follower apart."""
    wait: WaitFigures | None = None
    """With a follower: how long this process's writes waited for it."""


def build_services(settings: Settings | None = None) -> Services:
    """Everything the API and the CLI need, on the store the settings choose."""
    chosen = settings or Settings.from_env()
    cases = EmbeddedCaseManagement(chosen, **clinic_of(chosen))
    with one_starting_at_a_time(cases.projector.engine):
        accounts = AccountManagement(chosen)
        access_log = AccessLog(cases.projector.engine, cases.chain_keys)
    return Services(
        settings=chosen,
        cases=cases,
        accounts=accounts,
        read_models=cases.read_models,
        access_log=access_log,
    )


def build_cases(settings: Settings) -> CaseManagement:
    """The case application alone, projecting nothing (what most commands need)."""
    clinic = clinic_of(settings)
    engine = engine_for_settings(settings)
    try:
        with one_starting_at_a_time(engine):
            return CaseManagement(settings, **clinic)
    finally:
        engine.dispose()


def build_accounts(settings: Settings) -> AccountManagement:
    """The accounts application alone (what `casebook users` needs)."""
    engine = engine_for_settings(settings)
    try:
        with one_starting_at_a_time(engine):
            return AccountManagement(settings)
    finally:
        engine.dispose()


def build_projector(settings: Settings) -> Projector:
    """A projector of the log into the read models (what `casebook project` runs),
    its tables created."""
    projector = Projector(build_cases(settings), engine_for_settings(settings))
    with one_starting_at_a_time(projector.engine):
        projector.setup()
    return projector


def clinic_of(settings: Settings) -> dict[str, Any]:
    """The clinic's catalogue and coherence policy (`CASEBOOK_POLICY_FILE`), as
    CaseManagement takes them; the defaults without a file."""
    if settings.policy_file is None:
        return {}
    clinic = load_clinic_config(settings.policy_file)
    return {"catalogue": clinic.catalogue, "policy": clinic.policy}
