"""POST technique throughput (load, record, save, project) under gunicorn, as a
ratio of a minimal endpoint doing one raw insert and commit on the same database."""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._http import Maker, Request, compare

PER_CASE = 40  # distinct catalogue techniques added to one case


def prepare(data_dir: Path, cases: int) -> tuple[list[str], int, str, list[str]]:
    """Open cases with an assessment and a goal: ids, version, token, techniques."""
    from application.demo_users import create_demo_users
    from application.settings import Settings
    from bootstrap import build_services
    from domain.commands import AgreeGoal, OpenCase, RecordAssessment
    from domain.envelope import Actor, acting
    from domain.vocabulary import Modality, Role, Strategy
    from tests.factories import assessment

    services = build_services(Settings(data_dir=data_dir))
    app = services.cases
    ids = []
    with acting(Actor("dr-rivera", Role.CLINICIAN), "bench-setup"):
        for n in range(cases):
            case_id = app.open_case(
                "dr-rivera",
                OpenCase(
                    client_ref=f"bench-{n}",
                    supervisor_ids=("dr-okafor",),
                    strategy=Strategy.TECHNICAL_ECLECTICISM,
                ),
            ).case_id
            app.record_assessment(case_id, 1, RecordAssessment(**assessment()))
            app.agree_goal(
                case_id,
                2,
                AgreeGoal(
                    goal_id="g1",
                    description="goal",
                    modalities=(Modality.AFFECT,),
                    agreed_with_client=True,
                ),
            )
            ids.append(str(case_id))
    techniques = sorted(app.catalogue.techniques)[:PER_CASE]
    token = create_demo_users(services.accounts)["dr-rivera"]
    services.close()
    return ids, 3, token, techniques


def technique_adder(
    ids: list[str], version: int, token: str, techniques: list[str], per_client: int
) -> Maker:
    """add_technique(client, i): the i-th technique a client adds, each client
    to its own `per_client` cases in turn, PER_CASE techniques to each."""
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}

    def add_technique(client: int, i: int) -> Request:
        case_id = ids[client * per_client + i // PER_CASE]
        body = json.dumps({"technique": techniques[i % PER_CASE], "goal_ids": ["g1"]})
        etag = {"If-Match": f'"{version + i % PER_CASE}"'}
        path = f"/api/cases/{case_id}/techniques"
        return ("POST", path, {**headers, **etag}, body.encode())

    return add_technique


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="a short run (< 1 min)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--clients", type=int, default=4)
    args = parser.parse_args()
    per_client = 80 if args.quick else 400
    rounds = 2 if args.quick else 5
    cases_per_client = -(-per_client // PER_CASE)
    with tempfile.TemporaryDirectory() as directory:
        data_dir = Path(directory)
        print(
            f"preparing {args.clients * cases_per_client} cases in {data_dir} ...",
            flush=True,
        )
        ids, version, token, techniques = prepare(
            data_dir, args.clients * cases_per_client
        )
        add_technique = technique_adder(ids, version, token, techniques,
                                        cases_per_client)  # fmt: skip

        baseline_db = data_dir / "baseline.sqlite"
        with sqlite3.connect(baseline_db) as connection:
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute(
                "CREATE TABLE rows (id INTEGER PRIMARY KEY, payload TEXT)"
            )
        env = {"CASEBOOK_DATA_DIR": str(data_dir), "BASELINE_SQLITE": str(baseline_db)}
        insert: Request = ("POST", "/insert", {}, None)
        compare(
            env, args.workers, args.clients, per_client, rounds,
            baseline=("baseline POST /insert", lambda c, i: insert),
            casebook=("casebook POST .../techniques", add_technique),
            target=0.3,
        )  # fmt: skip


if __name__ == "__main__":
    main()
