"""The composition root: one place that wires applications, read models and logs."""

from __future__ import annotations

from dataclasses import dataclass

from application.accounts import AccountManagement
from application.settings import Settings
from projections.access_log import AccessLog
from projections.embedded import ProjectedCaseManagement
from projections.queries import ReadModels


@dataclass
class Services:
    settings: Settings
    cases: ProjectedCaseManagement
    accounts: AccountManagement
    read_models: ReadModels
    access_log: AccessLog

    def close(self) -> None:
        self.cases.close()
        self.accounts.close()


def build_services(settings: Settings | None = None) -> Services:
    """Everything the API and the CLI need, on the store the settings choose."""
    chosen = settings or Settings.from_env()
    cases = ProjectedCaseManagement(chosen)
    return Services(
        settings=chosen,
        cases=cases,
        accounts=AccountManagement(chosen),
        read_models=cases.read_models,
        access_log=AccessLog(cases.projector.engine),
    )
