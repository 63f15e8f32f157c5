"""A projector process for the SIGKILL test: it reports every committed batch and,
when told to stall, stops inside its second batch with that batch's rows written."""

from __future__ import annotations

import sys
from collections.abc import Iterable

from sqlalchemy.engine import Connection

from application.cases import CaseManagement
from bootstrap import engine_for_settings
from projections.projector import Projector
from projections.runner import catch_up
from projections.state import CaseState


class StallingProjector(Projector):
    stall = False
    committed = 0

    def _write_cases(self, connection: Connection, states: Iterable[CaseState]) -> None:
        super()._write_cases(connection, states)
        if self.stall and self.committed:
            print("inside batch", flush=True)
            sys.stdin.readline()  # returns only if the test died: then abort
            raise SystemExit(1)


def main(batch_size: int, mode: str) -> None:
    app = CaseManagement()  # the settings come from the environment
    engine = engine_for_settings(app.settings)
    projector = StallingProjector(app, engine, batch_size=batch_size)
    projector.stall = mode == "stall"
    projector.setup()

    def report(position: int, _done: int) -> None:
        projector.committed += 1
        print(f"committed {position}", flush=True)

    catch_up(projector, on_batch=report)
    print("finished", flush=True)


if __name__ == "__main__":
    main(int(sys.argv[1]), sys.argv[2])
