"""The embedded default: an application that brings its read models up to date
after every command, so a reader sees their own writes."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any
from uuid import UUID

from eventsourcing.persistence import Recording

from application.cases import CaseManagement
from application.settings import Settings
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
        self._catch_up()
        return recordings

    def _catch_up(self) -> None:
        try:
            catch_up(self.projector)
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
