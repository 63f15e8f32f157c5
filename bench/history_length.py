"""Plan-read and write latency for a 1,000-event case as ratios of a 10-event
case; the last line gives the larger of the two."""

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
        print(f"one client, {requests} sequential reads, then writes, a case, "
              f"1 worker, {rounds} rounds, alternating which goes first")  # fmt: skip
        print(HEADER)
        with gunicorn("web:create_app()", env, 1) as port:
            reads = measure(port, cases, rounds, requests, headers, reading=True)
            writes = measure(port, cases, rounds, requests, headers, reading=False)
        ratios = {}
        for what, loads in (("GET plan", reads), ("POST session", writes)):
            for name, load in loads.items():
                print(row(f"{what}, {name}", load), flush=True)
            long_p50 = loads["1,000 events"].percentile(50)
            ratios[what] = long_p50 / loads["10 events"].percentile(50)
        for what, ratio in ratios.items():
            print(f"{what}: p50 at 1,000 events / at 10 events = {ratio:.2f}")
        print(f"ratio: {max(ratios.values()):.2f} (target: <= 1.2)")


def measure(
    port: int,
    cases: dict[str, str],
    rounds: int,
    requests: int,
    headers: dict[str, str],
    *,
    reading: bool,
) -> dict[str, Load]:
    """Each case's latencies, one client, in rounds that alternate which case
    goes first: plan reads, or sessions recorded one after another."""
    share = requests // rounds
    written = {name: 0 for name in cases}
    latencies: dict[str, list[float]] = {name: [] for name in cases}

    def requests_for(name: str) -> Callable[[int, int], Request]:
        path = f"/api/cases/{cases[name]}"
        if reading:
            return get(path, headers)
        start = VERSIONS[name] + written[name]
        return lambda _client, i: (
            "POST", f"{path}/sessions",
            {**headers, "Content-Type": "application/json",
             "If-Match": f'"{start + i}"'},
            b'{"session_date": "2026-03-02", "techniques_used": ["grounding"]}',
        )  # fmt: skip

    for name in cases:  # warm both up (for writes, also the first of the count)
        drive(port, requests_for(name), 1, 20)
        written[name] += 0 if reading else 20
    for turn in range(rounds):
        for name in list(cases)[:: 1 if turn % 2 == 0 else -1]:
            load = drive(port, requests_for(name), 1, share)
            assert not load.failures, f"{load.failures} requests failed"
            latencies[name].extend(load.latencies)
            written[name] += 0 if reading else share
    return {n: Load(len(t), sum(t), t, 0) for n, t in latencies.items()}


VERSIONS = {"10 events": 10, "1,000 events": 1000}
"""Each case's version when the writes start."""


def get(path: str, headers: dict[str, str]) -> Callable[[int, int], Request]:
    return lambda _client, _i: ("GET", path, headers, None)


if __name__ == "__main__":
    main()
