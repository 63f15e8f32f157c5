"""GET plan throughput under gunicorn, as a ratio of a minimal Flask JSON endpoint."""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._http import (
    HEADER,
    Contender,
    Request,
    alternate,
    drive,
    gunicorn,
    merged,
    paired_ratio,
    row,
)


def prepare(data_dir: Path) -> tuple[str, str]:
    """The demo clinic; returns the trauma case id and its clinician's token."""
    from application.accounts import AccountManagement
    from application.demo_clinic import create_demo_clinic
    from application.demo_users import create_demo_users
    from application.settings import Settings
    from projections.embedded import ProjectedCaseManagement

    settings = Settings(data_dir=data_dir)
    cases = ProjectedCaseManagement(settings)
    list(create_demo_clinic(cases))
    case_id = str(cases.directory()["demo-trauma"])
    token = create_demo_users(AccountManagement(settings))["dr-rivera"]
    cases.close()
    return case_id, token


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="a short run (< 1 min)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--clients", type=int, default=4)
    args = parser.parse_args()
    per_client = 150 if args.quick else 1000
    rounds = 3 if args.quick else 5
    with tempfile.TemporaryDirectory() as directory:
        data_dir = Path(directory)
        print(f"preparing the demo clinic in {data_dir} ...", flush=True)
        case_id, token = prepare(data_dir)
        headers = {"Authorization": f"Bearer {token}"}
        env = {"CASEBOOK_DATA_DIR": str(data_dir)}
        ping: Request = ("GET", "/ping", {}, None)
        plan: Request = ("GET", f"/api/cases/{case_id}", headers, None)
        print(f"{args.clients} clients x {per_client} requests, {args.workers} workers,"
              f" in {rounds} rounds alternating which server goes first")  # fmt: skip
        print(HEADER)
        with (
            gunicorn("bench.baseline_app:create_app()", env, args.workers) as base,
            gunicorn("web:create_app()", env, args.workers) as served,
        ):
            contenders = [
                Contender("baseline", base, lambda c, i: ping),
                Contender("casebook", served, lambda c, i: plan),
            ]
            for contender in contenders:  # warm up
                drive(contender.port, contender.make, args.clients, 20)
            loads = alternate(contenders, args.clients, per_client, rounds)
        baseline, casebook = merged(loads["baseline"]), merged(loads["casebook"])
        print(row("baseline GET /ping", baseline), flush=True)
        print(row("casebook GET /api/cases/{id}", casebook))
        if casebook.failures:
            print(f"warning: {casebook.failures} requests failed")
        ratio, ratios = paired_ratio(loads["casebook"], loads["baseline"])
        print("ratio of rates in each round: " + ", ".join(f"{r:.2f}" for r in ratios))
        print(f"ratio: {ratio:.2f} (target: >= 0.5)")


if __name__ == "__main__":
    main()
