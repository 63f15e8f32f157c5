"""Casebook against Casebook: one checkout's server against another's (or one
checkout with and without a setting), side by side under the same gunicorn
settings, driven in alternating rounds as bench/http_read.py or
bench/http_write.py drive theirs. What a performance mechanism is worth
(BENCHMARKS.md: at least 10 %), measured with and without it in one run.

    python bench/ab.py write --a ../with-it --b ../without-it
    python bench/ab.py read --a-env CASEBOOK_SOMETHING=1
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._http import (
    HEADER,
    ROOT,
    SERVER,
    Contender,
    Maker,
    alternate,
    drive,
    gunicorn,
    merged,
    paired_ratio,
    row,
)
from bench.http_read import plan_read
from bench.http_write import PER_CASE, technique_adder


def prepared(root: Path, data_dir: Path, load: str, cases: int) -> object:
    """What the load needs, made by `root`'s own code in `data_dir`."""
    call = (
        "prepare(Path(sys.argv[1]))" if load == "read"
        else "prepare(Path(sys.argv[1]), int(sys.argv[2]))"
    )  # fmt: skip
    script = (
        "import json, sys\nfrom pathlib import Path\n"
        f"from bench.http_{load} import prepare\nprint(json.dumps({call}))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(data_dir), str(cases)],
        cwd=root, env={**os.environ, "PYTHONPATH": str(root)},
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return json.loads(done.stdout.strip().splitlines()[-1])


def maker(load: str, made: Any, cases_per_client: int) -> Maker:
    if load == "read":
        plan = plan_read(*made)
        return lambda client, i: plan
    return technique_adder(*made, cases_per_client)


def settings(pairs: list[str]) -> dict[str, str]:
    return dict(pair.split("=", 1) for pair in pairs)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("load", choices=["read", "write"])
    parser.add_argument("--a", type=Path, default=ROOT, help="checkout A (this one)")
    parser.add_argument("--b", type=Path, default=ROOT, help="checkout B (this one)")
    parser.add_argument("--a-env", action="append", default=[], metavar="NAME=VALUE")
    parser.add_argument("--b-env", action="append", default=[], metavar="NAME=VALUE")
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--clients", type=int, default=4)
    args = parser.parse_args()
    share = 400 if args.load == "read" else 40
    per_client = share * args.rounds
    cases_per_client = -(-per_client // PER_CASE)
    sides = {"A": (args.a.resolve(), settings(args.a_env)),
             "B": (args.b.resolve(), settings(args.b_env))}  # fmt: skip
    with tempfile.TemporaryDirectory() as a_dir, tempfile.TemporaryDirectory() as b_dir:
        data = {"A": Path(a_dir), "B": Path(b_dir)}
        makers = {}
        for side, (root, _) in sides.items():
            print(f"preparing {side} ({root}) ...", flush=True)
            cases = args.clients * cases_per_client
            made = prepared(root, data[side], args.load, cases)
            makers[side] = maker(args.load, made, cases_per_client)
        print(f"{args.clients} clients x {per_client} requests, 2 workers, in "
              f"{args.rounds} rounds alternating which server goes first")  # fmt: skip
        print(HEADER)
        (a_root, a_env), (b_root, b_env) = sides["A"], sides["B"]
        with (
            gunicorn("web:create_app()", {"CASEBOOK_DATA_DIR": a_dir, **a_env}, 2,
                     SERVER, root=a_root) as a_port,
            gunicorn("web:create_app()", {"CASEBOOK_DATA_DIR": b_dir, **b_env}, 2,
                     SERVER, root=b_root) as b_port,
        ):  # fmt: skip
            contenders = [Contender("A", a_port, makers["A"]),
                          Contender("B", b_port, makers["B"])]  # fmt: skip
            if args.load == "read":  # writes are numbered: each goes once
                for contender in contenders:
                    drive(contender.port, contender.make, args.clients, 20)
            loads = alternate(contenders, args.clients, per_client, args.rounds)
    for side in ("A", "B"):
        print(row(f"{side} {args.load}", merged(loads[side])))
    ratio, ratios = paired_ratio(loads["A"], loads["B"])
    print("ratio of rates in each round: " + ", ".join(f"{r:.2f}" for r in ratios))
    print(f"ratio: {ratio:.2f} (target: >= 1.1)")


if __name__ == "__main__":
    main()
