"""GET plan throughput under gunicorn, as a ratio of a minimal Flask JSON endpoint."""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._http import Request, compare


def prepare(data_dir: Path) -> tuple[str, str]:
    """The demo clinic; returns the trauma case id and its clinician's token."""
    from application.demo_clinic import create_demo_clinic
    from application.demo_users import create_demo_users
    from application.settings import Settings
    from bootstrap import build_services

    services = build_services(Settings(data_dir=data_dir))
    list(create_demo_clinic(services.cases))
    case_id = str(services.cases.directory()["demo-trauma"])
    token = create_demo_users(services.accounts)["dr-rivera"]
    services.close()
    return case_id, token


def plan_read(case_id: str, token: str) -> Request:
    return ("GET", f"/api/cases/{case_id}", {"Authorization": f"Bearer {token}"}, None)


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
        env = {"CASEBOOK_DATA_DIR": str(data_dir)}
        ping: Request = ("GET", "/ping", {}, None)
        plan = plan_read(case_id, token)
        compare(
            env, args.workers, args.clients, per_client, rounds,
            baseline=("baseline GET /ping", lambda c, i: ping),
            casebook=("casebook GET /api/cases/{id}", lambda c, i: plan),
            target=0.4, warm_up=20,
        )  # fmt: skip


if __name__ == "__main__":
    main()
