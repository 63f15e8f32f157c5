"""POST session throughput on PostgreSQL with 2 and 4 gunicorn workers, with and
without a `casebook project --follow` process beside them, each as a ratio of a
bare endpoint doing one INSERT and COMMIT on the same PostgreSQL (issue 15).

8 clients, each writing sessions to its own case, in rounds that alternate
Casebook and the bare endpoint. Each setup gets a fresh schema and data dir; the
API workers of a setup with a follower run with CASEBOOK_PROJECTION=follower."""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._http import (
    HEADER,
    ROOT,
    Contender,
    Load,
    Request,
    alternate,
    call,
    drive,
    gunicorn,
    merged,
    paired_ratio,
    row,
)

POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
SETUPS = [(2, False), (2, True), (4, False), (4, True)]
"""(workers, with a follower)"""
VERSION = 4  # each case's version once prepared: opened, assessed, a goal, a technique
SESSION = b'{"session_date": "2026-03-02", "techniques_used": ["grounding"]}'
TARGET = 0.3


@contextmanager
def schema(dsn: str, name: str) -> Iterator[str]:
    """A fresh schema, dropped afterwards whatever happened."""
    import psycopg

    with psycopg.connect(dsn, autocommit=True) as connection:
        connection.execute(f'CREATE SCHEMA "{name}"')
    try:
        yield name
    finally:
        with psycopg.connect(dsn, autocommit=True) as connection:
            connection.execute(f'DROP SCHEMA "{name}" CASCADE')


def prepare(database_url: str, data_dir: Path, clients: int) -> tuple[list[str], str]:
    """A case a client with an assessment, a goal and a technique: ids, token."""
    from application.demo_users import create_demo_users
    from application.settings import Settings
    from bootstrap import build_services
    from domain.commands import AddTechnique, AgreeGoal, OpenCase, RecordAssessment
    from domain.envelope import Actor, acting
    from domain.vocabulary import Modality, Role, Strategy
    from tests.factories import assessment

    services = build_services(Settings(data_dir=data_dir, database_url=database_url))
    app, ids = services.cases, []
    with acting(Actor("dr-rivera", Role.CLINICIAN), "bench-setup"):
        for n in range(clients):
            opening = OpenCase(client_ref=f"bench-{n}", supervisor_ids=("dr-okafor",),
                               strategy=Strategy.TECHNICAL_ECLECTICISM)  # fmt: skip
            case_id = app.open_case("dr-rivera", opening).case_id
            app.record_assessment(case_id, 1, RecordAssessment(**assessment()))
            goal = AgreeGoal("g1", "goal", True, (Modality.AFFECT,))
            app.agree_goal(case_id, 2, goal)
            app.add_technique(case_id, 3, AddTechnique("grounding", ("g1",)))
            ids.append(str(case_id))
    token = create_demo_users(services.accounts)["dr-rivera"]
    services.close()
    return ids, token


@contextmanager
def follower(env: dict[str, str], log: Path) -> Iterator[None]:
    """`casebook project --follow` beside the servers, its output in `log`."""
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "cli.main", "project", "--follow", "--poll", "0.05"],
            cwd=ROOT, env={**os.environ, **env, "PYTHONPATH": str(ROOT)},
            stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while "following the event log" not in log.read_text():
            if time.monotonic() > deadline or process.poll() is not None:
                raise RuntimeError(f"the follower did not start:\n{log.read_text()}")
            time.sleep(0.1)
        yield
    finally:
        process.send_signal(signal.SIGTERM)
        code = process.wait(timeout=30)
        lines = log.read_text().splitlines()
        print(f"  follower exited {code}: {lines[-1] if lines else ''}", flush=True)
        if code or "Traceback" in log.read_text():
            print("  follower output:\n" + "\n".join(lines[-30:]), flush=True)


def measure(
    args: argparse.Namespace, workers: int, following: bool, env: dict[str, str],
    ids: list[str], token: str, work: Path,
) -> tuple[Load, Load, float, list[float]]:  # fmt: skip
    """Warm up, then alternate rounds: Casebook's and the bare loads, the ratio."""
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}

    def session(client: int, i: int) -> Request:
        # One event a write: the i-th of a client finds its case at VERSION + i.
        etag = {"If-Match": f'"{VERSION + i}"'}
        path = f"/api/cases/{ids[client]}/sessions"
        return ("POST", path, {**headers, **etag}, SESSION)

    insert: Request = ("POST", "/insert-pg", {}, None)
    served_env = {**env, "CASEBOOK_PROJECTION": "follower"} if following else env
    options = ["--worker-class", "gthread", "--threads", str(args.threads)]
    options = options if args.threads > 1 else []
    with ExitStack() as stack:
        if following:
            stack.enter_context(follower(served_env, work / "follower.log"))
        base = stack.enter_context(
            gunicorn("bench.baseline_app:create_app()", env, workers, options)
        )
        served = stack.enter_context(
            gunicorn("web:create_app()", served_env, workers, options)
        )
        for client in range(args.clients):  # a first write each, checked
            status, _, body = call(served, session(client, 0))
            if status != 201:
                raise RuntimeError(f"POST session answered {status}: {body[:500]!r}")
        warm = 1 + args.warm_up
        drive(base, lambda c, i: insert, args.clients, args.warm_up)
        drive(served, lambda c, i: session(c, 1 + i), args.clients, args.warm_up)
        contenders = [
            Contender("bare", base, lambda c, i: insert),
            Contender("casebook", served, lambda c, i: session(c, warm + i)),
        ]
        loads = alternate(contenders, args.clients, args.per_client, args.rounds)
    ratio, ratios = paired_ratio(loads["casebook"], loads["bare"])
    return merged(loads["casebook"]), merged(loads["bare"]), ratio, ratios


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="a short run (< 1 min)")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--threads", type=int, default=4,
                        help="gunicorn threads a worker, as `casebook serve` runs "
                             "them (default 4; 1: sync workers)")  # fmt: skip
    parser.add_argument("--postgres", default=POSTGRES, help="server and database")
    args = parser.parse_args()
    args.per_client = 30 if args.quick else 250
    args.rounds = 2 if args.quick else 5
    args.warm_up = 3 if args.quick else 10
    os.environ.pop("CASEBOOK_PROJECTION", None)  # only the follower setups set it
    dsn = args.postgres.replace("postgresql+psycopg://", "postgresql://")
    run = f"bench_pg_write_{uuid.uuid4().hex[:8]}"
    print(f"{args.clients} clients x {args.per_client} POST sessions a setup,"
          f" each to its own case, in {args.rounds} rounds alternating with the"
          f" bare insert; gunicorn threads a worker: {args.threads}")  # fmt: skip
    print(HEADER, flush=True)
    results: dict[str, tuple[Load, Load, float, list[float]]] = {}
    with (
        tempfile.TemporaryDirectory() as directory,
        schema(dsn, f"{run}_bare") as bare,
    ):
        import psycopg
        from psycopg.conninfo import make_conninfo

        conninfo = make_conninfo(dsn, options=f"-csearch_path={bare}")
        with psycopg.connect(conninfo, autocommit=True) as connection:
            table = "CREATE TABLE rows (id BIGSERIAL PRIMARY KEY, payload TEXT)"
            connection.execute(table)
        for n, (workers, following) in enumerate(SETUPS):
            name = f"{workers} workers" + (" + follower" if following else "")
            work = Path(directory) / f"setup-{n}"
            work.mkdir()
            with schema(dsn, f"{run}_{n}") as cases:
                url = f"{args.postgres}?schema={cases}"
                print(f"{name}: preparing {args.clients} cases in schema {cases}",
                      flush=True)  # fmt: skip
                ids, token = prepare(url, work / "data", args.clients)
                env = {
                    "CASEBOOK_DATA_DIR": str(work / "data"),
                    "CASEBOOK_DATABASE_URL": url,
                    "BASELINE_POSTGRES": conninfo,
                }
                results[name] = measure(args, workers, following, env, ids, token, work)
            served, base, ratio, ratios = results[name]
            print(row(f"{name}, bare insert", base))
            print(row(f"{name}, casebook", served))
            print("  ratio of rates in each round: "
                  + ", ".join(f"{r:.2f}" for r in ratios), flush=True)  # fmt: skip
    print()
    print("| setup | Casebook writes/s (p50 / p99 ms) | bare insert writes/s | ratio |")
    print("|---|---|---|---|")
    for name, (served, base, ratio, _) in results.items():
        p50, p99 = served.percentile(50), served.percentile(99)
        print(f"| {name} | {served.rate:,.0f} ({p50:.1f} / {p99:.1f}) "
              f"| {base.rate:,.0f} | {ratio:.2f} |")  # fmt: skip
    failures = sum(served.failures for served, *_ in results.values())
    if failures:
        print(f"warning: {failures} Casebook requests failed")
    two, four = results["2 workers + follower"], results["4 workers + follower"]
    final = four[2]
    print(f"4 workers + follower ratio: {final:.2f} (target: >= {TARGET})")
    # Taken minutes apart while the machine's speed drifts: the bare inserts show it.
    print(f"4 workers vs 2 workers (with follower) writes/s: {four[0].rate:,.0f} vs "
          f"{two[0].rate:,.0f} = {four[0].rate / two[0].rate:.2f} (target: >= 1; "
          f"bare insert {four[1].rate:,.0f} vs {two[1].rate:,.0f})")  # fmt: skip
    print(f"ratio: {final:.2f} (target: >= {TARGET})")


if __name__ == "__main__":
    main()
