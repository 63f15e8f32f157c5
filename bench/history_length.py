"""Plan-read latency for a 1,000-event case as a ratio of a 10-event case."""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from uuid import UUID

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._http import HEADER, Load, Request, drive, gunicorn, row


def record_case(app: object, reference: str, events: int) -> UUID:
    """A case of exactly `events` events: setup, then sessions and alliance measures."""
    from application.cases import CaseManagement
    from domain.commands import (
        AddTechnique,
        AgreeGoal,
        MeasureAlliance,
        OpenCase,
        RecordAssessment,
        RecordSession,
    )
    from domain.envelope import Actor, acting
    from domain.vocabulary import Instrument, Modality, Role, Strategy
    from tests.factories import assessment

    assert isinstance(app, CaseManagement)
    with acting(Actor("dr-rivera", Role.CLINICIAN), f"bench-{reference}"):
        opening = OpenCase(client_ref=reference, supervisor_ids=("dr-okafor",),
                           strategy=Strategy.TECHNICAL_ECLECTICISM)  # fmt: skip
        case_id = app.open_case("dr-rivera", opening).case_id
        app.record_assessment(case_id, 1, RecordAssessment(**assessment()))
        goal = AgreeGoal("g1", "goal", True, (Modality.AFFECT,))
        app.agree_goal(case_id, 2, goal)
        app.add_technique(case_id, 3, AddTechnique("grounding", ("g1",)))
        day = date(2026, 3, 1)
        for version in range(4, events):
            if version % 3:
                app.record_session(case_id, version, RecordSession(day, ("grounding",)))
            else:
                measure = MeasureAlliance(Instrument.SRS, 38, day)
                app.measure_alliance(case_id, version, measure)
    return case_id


def prepare(data_dir: Path, long_case: int) -> tuple[str, str, str]:
    from application.demo_users import create_demo_users
    from application.settings import Settings
    from bootstrap import build_cases, build_services

    settings = Settings(data_dir=data_dir)
    app = build_cases(settings)
    short = record_case(app, "short", 10)
    long = record_case(app, "long", long_case)
    assert app.plan(long).version == long_case
    app.close()
    services = build_services(settings)  # catches the read models up
    token = create_demo_users(services.accounts)["dr-rivera"]
    services.close()
    return str(short), str(long), token


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="a short run (< 1 min)")
    args = parser.parse_args()
    requests = 150 if args.quick else 1000
    rounds = 3 if args.quick else 5
    with tempfile.TemporaryDirectory() as directory:
        data_dir = Path(directory)
        print(
            f"recording a 10-event and a 1,000-event case in {data_dir} ...", flush=True
        )
        short, long, token = prepare(data_dir, 1000)
        headers = {"Authorization": f"Bearer {token}"}
        env = {"CASEBOOK_DATA_DIR": str(data_dir)}
        cases = {"10 events": short, "1,000 events": long}
        print(f"one client, {requests} sequential requests per case, 1 worker, "
              f"in {rounds} rounds alternating which case goes first")  # fmt: skip
        print(HEADER)
        latencies: dict[str, list[float]] = {name: [] for name in cases}
        with gunicorn("web:create_app()", env, 1) as port:
            for case_id in cases.values():  # warm both up
                drive(port, get(f"/api/cases/{case_id}", headers), 1, 20)
            for turn in range(rounds):
                order = list(cases.items())[:: 1 if turn % 2 == 0 else -1]
                for name, case_id in order:
                    path = f"/api/cases/{case_id}"
                    load = drive(port, get(path, headers), 1, requests // rounds)
                    latencies[name].extend(load.latencies)
        loads = {
            name: Load(len(times), sum(times), times, 0)
            for name, times in latencies.items()
        }
        for name, load in loads.items():
            print(row(f"GET plan, {name}", load), flush=True)
        ratio = loads["1,000 events"].percentile(50) / loads["10 events"].percentile(50)
        print(f"ratio: {ratio:.2f} (target: <= 1.2)")


def get(path: str, headers: dict[str, str]) -> Callable[[int, int], Request]:
    return lambda _client, _i: ("GET", path, headers, None)


if __name__ == "__main__":
    main()
