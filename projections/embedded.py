"""The embedded default: an application that brings its read models up to date
after every command, so a reader sees their own writes."""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, cast
from uuid import UUID

from eventsourcing.persistence import Notification, Recording

from application.cases import CaseManagement
from application.settings import Settings
from domain.case import Case
from domain.chain import ChainReport
from projections.projector import Projector
from projections.queries import ReadModels
from projections.runner import catch_up, rebuild

logger = logging.getLogger(__name__)


class ProjectedCaseManagement(CaseManagement):
    """CaseManagement whose commands return only once the read models include them."""

    name = CaseManagement.name  # the same PostgreSQL tables as the command line's

    def __init__(self, settings: Settings | None = None, **options: Any) -> None:
        super().__init__(settings, **options)
        self.projector = Projector(self)
        self.projector.setup()
        self.read_models = ReadModels(self.projector.engine, self.projector.name)
        if self.projector.position() == 0 and self.recorder.max_notification_id():
            rebuild(self.projector)  # a store without read models yet: fastest
        else:
            self._catch_up()  # whatever other processes wrote meanwhile

    def save(self, *objs: Any, **kwargs: Any) -> list[Recording[UUID]]:
        recordings = super().save(*objs, **kwargs)
        self._catch_up([recording.notification for recording in recordings])
        return recordings

    def load_case(self, case_id: UUID, version: int | None = None) -> Case:
        """The case as the projector last folded it, when it has it, brought to
        the latest version: cheaper than from the snapshot and the events after it."""
        if version is None:
            case = self._latest(case_id)
            if case is not None:
                return case
        return super().load_case(case_id, version)

    def _latest(self, case_id: UUID) -> Case | None:
        if not self.projector.lock.acquire(blocking=False):
            return None  # a batch is folding: load as usual rather than wait
        try:
            case = self.projector.folder.latest(case_id)
        finally:
            self.projector.lock.release()
        if case is None:
            return None
        try:
            # From the version the copy stands on, which must still be stored
            # as it was folded: a store cut short or edited there, or anything
            # else unexpected, is left to the usual way, which says what is wrong.
            stored = self.events.get(case_id, gt=case.version - 1)
            base, *missed = cast(Iterator[Case.Event], stored)
            stands = (base.originator_version, base.chain)
            if stands != (case.version, case.chain_values[-1]):
                return None
            for event in missed:
                case = event.mutate(case)
        except Exception:
            return None
        return case

    def _catch_up(self, recorded: Sequence[Notification] = ()) -> None:
        try:
            catch_up(self.projector, recorded=recorded)
        except Exception:
            # What is saved stays saved, and the service stays up to say so (and
            # to verify a damaged log): the next catch-up, or `casebook
            # project`, brings the lagging read models level.
            logger.exception("read models could not catch up")

    def verify(
        self, case_id: UUID, witness: Mapping[int, str] | None = None
    ) -> ChainReport:
        """The chain check, with the audit trail as witness of what was recorded."""
        if witness is None:
            witness = self.read_models.chain_witness(case_id)
        return super().verify(case_id, witness)

    def close(self) -> None:
        super().close()
        self.projector.engine.dispose()
