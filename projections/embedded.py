"""The embedded default: an application that brings its read models up to date
after every command, so a reader sees their own writes."""

from __future__ import annotations

import logging
from typing import Any
from uuid import UUID

from eventsourcing.persistence import Recording

from application.cases import CaseManagement
from application.settings import Settings
from projections.projector import Projector
from projections.queries import ReadModels
from projections.runner import catch_up, rebuild

logger = logging.getLogger(__name__)


class ProjectedCaseManagement(CaseManagement):
    """CaseManagement whose commands return only once the read models include them."""

    def __init__(self, settings: Settings | None = None, **options: Any) -> None:
        super().__init__(settings, **options)
        self.projector = Projector(self)
        self.projector.setup()
        self.read_models = ReadModels(self.projector.engine, self.projector.name)
        if self.projector.position() == 0 and self.recorder.max_notification_id():
            rebuild(self.projector)  # a store without read models yet: fastest
        else:
            catch_up(self.projector)  # whatever other processes wrote meanwhile

    def save(self, *objs: Any, **kwargs: Any) -> list[Recording[UUID]]:
        recordings = super().save(*objs, **kwargs)
        try:
            catch_up(self.projector)
        except Exception:
            # The events are saved: answer, and let the next catch-up (or
            # `casebook project`) bring the lagging read models level.
            logger.exception("read models could not catch up after a save")
        return recordings

    def close(self) -> None:
        super().close()
        self.projector.engine.dispose()
