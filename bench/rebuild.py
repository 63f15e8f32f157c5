"""Benchmark: rebuilding every read model, as a ratio of reading and decoding the log.

Run from the repository root: `python bench/rebuild.py [--quick] [--database
postgres] [--cases N --per-case M]`. The last line is
`ratio: X (target: >= 0.35)`.
"""

from __future__ import annotations

import argparse
import gc
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from adapters.database import writing
from application.cases import CaseManagement
from application.settings import Settings
from bootstrap import build_cases, build_projector
from domain.case import Case
from domain.catalogue import default_catalogue
from domain.commands import (
    AgreeGoal,
    GiveRationale,
    RecordAssessment,
    RecordSession,
    RecordSupervisionNote,
    Subject,
)
from domain.envelope import Actor, acting
from domain.vocabulary import Role
from projections.schema import metadata

TARGET = 0.35
PAGE_SIZE = 2000
CATALOGUE = default_catalogue()
CLINICIANS = [Actor(f"dr-{n}", Role.CLINICIAN) for n in ("rivera", "chen", "novak")]
SUPERVISOR = Actor("dr-okafor", Role.SUPERVISOR)
POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
STRATEGIES = [
    {"strategy": "common_factors"},
    {"strategy": "technical_eclecticism"},
    {"strategy": "assimilative_integration", "home_orientation": "psychodynamic"},
    {"strategy": "theoretical_integration",
     "integrated_schools": ["cognitive", "psychodynamic"]},
]  # fmt: skip
BASIC_ID = ["behavior", "affect", "sensation", "imagery", "cognition",
            "interpersonal", "drugs_biology"]  # fmt: skip

Step = Callable[[Case, random.Random], None]
Move = tuple[Actor | None, Step]  # None: the case's clinician


def _assessment(rng: random.Random) -> dict[str, Any]:
    return {
        "basic_id": {m: rng.randint(0, 4) for m in BASIC_ID},
        "stage_of_change": "preparation", "relational_style": "anxious",
        "learning_style": "experiential", "psychological_mindedness": "moderate",
        "emotional_reactivity": "moderate", "risk": "low",
        "notes": "Reports intrusive memories and poor sleep since the accident.",
    }  # fmt: skip


def _technique(technique: str, goal: str) -> list[Move]:
    return [
        (None, lambda c, r: c.add_technique(technique, [goal], "chosen together",
                                            catalogue=CATALOGUE)),
        (None, lambda c, r: c.give_rationale(GiveRationale(
            subject=Subject("technique", technique), goal_ids=(goal,),
            text=f"{technique} serves {goal} now", explained_to_client=True))),
    ]  # fmt: skip


def _advance(phase: str) -> list[Move]:
    return [
        (None, lambda c, r: c.advance_phase(phase)),
        (None, lambda c, r: c.give_rationale(GiveRationale(
            subject=Subject("phase", phase), goal_ids=("g-safety",),
            text="stable enough now", explained_to_client=True))),
    ]  # fmt: skip


def _sign(case: Case, rng: random.Random) -> None:
    case.apply_signature(
        signer_id=SUPERVISOR.actor_id, signer_role="supervisor",
        meaning=rng.choice(["reviewed", "approved"]), signed_version=case.version,
        signed_chain_value=case.chain_values[-1], outcome="approved", comment="",
    )  # fmt: skip


def _session(case: Case, rng: random.Random) -> None:
    case.record_session(RecordSession(
        session_date=date(2026, rng.randint(1, 12), rng.randint(1, 28)),
        techniques_used=tuple(case.active_technique_ids()[: rng.randint(0, 2)]),
        note="Worked on the memory; distress fell from 8 to 5.",
    ))  # fmt: skip


ROUTINE: list[tuple[float, Move]] = [
    (0.45, (None, _session)),
    (0.17, (None, lambda c, r: c.measure_alliance("srs", r.randint(30, 40),
                                                  "2026-03-01"))),
    (0.12, (None, lambda c, r: c.measure_outcome("ors", r.randint(10, 40),
                                                 "2026-03-01"))),
    (0.10, (SUPERVISOR, lambda c, r: c.record_supervision_note(
        RecordSupervisionNote(supervisor_id=SUPERVISOR.actor_id,
                              text="Watch the pacing.", refers_to=(1,))))),
    (0.06, (None, lambda c, r: c.request_review(c.version))),
    (0.05, (SUPERVISOR, _sign)),
    (0.05, (None, lambda c, r: c.correct_entry(
        c.assessments[-1].version, "misrecorded", _assessment(r)))),
]  # fmt: skip

OPENING: list[Move] = [
    (None, lambda c, r: c.record_assessment(RecordAssessment(**_assessment(r)))),
    (None, lambda c, r: c.agree_goal(AgreeGoal(
        goal_id="g-safety", description="Feel safe", modalities=("affect",),
        agreed_with_client=True))),
    (None, lambda c, r: c.agree_goal(AgreeGoal(
        goal_id="g-memory", description="Process it", modalities=("imagery",),
        agreed_with_client=True))),
    *_technique("dbt_distress_tolerance", "g-safety"),
    *_technique("grounding", "g-safety"),
    *_advance("processing"),
    *_technique("emdr_reprocessing", "g-memory"),
    (None, lambda c, r: c.request_review(c.version)),
    (SUPERVISOR, _sign),
]  # fmt: skip
"""How a case begins, as in the seeds' worked example; the routine follows."""


def populate(app: CaseManagement, cases: int, per_case: int, seed: int = 7) -> None:
    """Interleave the cases as a clinic would: each round, one step in every case."""
    rng = random.Random(seed)
    opened: list[tuple[Actor, Case]] = []
    for n in range(cases):
        clinician = CLINICIANS[n % len(CLINICIANS)]
        with acting(clinician, f"open-{n}"):
            case = Case.open(
                client_ref=f"bench-{n}", clinician_id=clinician.actor_id,
                supervisor_ids=[SUPERVISOR.actor_id], **STRATEGIES[n % 4],
            )  # fmt: skip
        opened.append((clinician, case))
    app.save(*(case for _, case in opened))
    weights = [w for w, _ in ROUTINE]
    for tick in range(per_case - 1):
        for clinician, case in opened:
            if tick < len(OPENING):
                actor, step = OPENING[tick]
            else:
                actor, step = rng.choices([m for _, m in ROUTINE], weights)[0]
            with acting(actor or clinician, f"req-{tick}"):
                step(case, rng)
        app.save(*(case for _, case in opened))  # one transaction a round


def read_and_decode(app: CaseManagement, page: int) -> int:
    """The baseline: every notification read and decoded into its domain event."""
    count, start = 0, 1
    while batch := app.recorder.select_notifications(start, page):
        for notification in batch:
            app.mapper.to_domain_event(notification)
        count += len(batch)
        start = batch[-1].id + 1
    return count


@contextmanager
def store(database: str) -> Iterator[Settings]:
    with tempfile.TemporaryDirectory(prefix="casebook-bench-") as directory:
        if database == "sqlite":
            yield Settings(data_dir=Path(directory))
            return
        import os

        import psycopg

        url = os.environ.get("CASEBOOK_TEST_POSTGRES_URL", POSTGRES_URL)
        schema = f"casebook_bench_{uuid.uuid4().hex[:10]}"
        dsn = url.replace("postgresql+psycopg://", "postgresql://")
        with psycopg.connect(dsn, autocommit=True) as connection:
            connection.execute(f'CREATE SCHEMA "{schema}"')
        try:
            yield Settings(data_dir=Path(directory),
                           database_url=f"{url}?schema={schema}")  # fmt: skip
        finally:
            with psycopg.connect(dsn, autocommit=True) as connection:
                connection.execute(f'DROP SCHEMA "{schema}" CASCADE')


def measure(
    settings: Settings, rounds: int
) -> tuple[list[float], list[float], list[float]]:
    """Alternate the baseline, a rebuild as `casebook project --rebuild` runs
    it (the kept audit trail in place), and a rebuild into an empty database,
    each on a fresh application from a collected heap, so that none pays for
    what another left behind."""
    baseline, rebuilt, from_empty = [], [], []
    for _ in range(rounds):
        gc.collect()
        reader = build_cases(settings)
        started = time.perf_counter()
        count = read_and_decode(reader, PAGE_SIZE)
        baseline.append(count / (time.perf_counter() - started))
        reader.close()
        del reader
        for rates, empty in ((from_empty, True), (rebuilt, False)):
            gc.collect()
            projector = build_projector(settings)
            if empty:
                with writing(projector.engine) as connection:  # kept tables too
                    metadata.drop_all(connection)
                projector.setup()
            started = time.perf_counter()
            count = projector.rebuild(page_size=PAGE_SIZE)
            rates.append(count / (time.perf_counter() - started))
            projector.engine.dispose()
            projector.source.close()
            del projector
    return baseline, rebuilt, from_empty


def _peak_rss_mib() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _runs(rates: list[float]) -> str:
    return ", ".join(f"{rate:,.0f}" for rate in rates)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a small log (6k events)")
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--cases", type=int, help="cases in the log (default 80)")
    parser.add_argument("--per-case", type=int, help="events a case (default 250)")
    args = parser.parse_args(argv)
    cases, per_case = (24, 250) if args.quick else (80, 250)
    cases, per_case = args.cases or cases, args.per_case or per_case
    rounds = 3 if args.quick else 5
    with store(args.database) as settings:
        app = build_cases(settings)
        started = time.perf_counter()
        populate(app, cases, per_case)
        written = time.perf_counter() - started
        events = app.recorder.max_notification_id()
        app.close()
        baseline, rebuilt, from_empty = measure(settings, rounds)
        peak = _peak_rss_mib()
    median_baseline, median_rebuild = (statistics.median(baseline),
                                       statistics.median(rebuilt))  # fmt: skip
    rows = [
        ("database", args.database),
        ("events in the log", f"{events:,} ({cases} cases x {per_case} events)"),
        ("writing the log", f"{events / written:,.0f} events/s"),
        ("page size", f"{PAGE_SIZE:,} notifications"),
        ("baseline: read + decode", f"{median_baseline:,.0f} events/s "
         f"(runs {_runs(baseline)})"),
        ("rebuild: every read model", f"{median_rebuild:,.0f} events/s "
         f"(runs {_runs(rebuilt)})"),
        ("  the same into an empty database", f"{statistics.median(from_empty):,.0f}"
         f" events/s (runs {_runs(from_empty)}), ratio "
         f"{statistics.median(from_empty) / median_baseline:.2f}"),
        ("rebuild time", f"{events / median_rebuild:.2f} s"),
        ("peak memory of this process", f"{peak:,.0f} MiB"),
        ("best run each, ratio", f"{max(rebuilt) / max(baseline):.2f}"),
    ]  # fmt: skip
    width = max(len(label) for label, _ in rows)
    for label, value in rows:
        print(f"{label.ljust(width)}  {value}")
    print(f"(rates are medians of {rounds} alternating runs, each on a fresh "
          "application after a garbage collection)")  # fmt: skip
    print(f"ratio: {median_rebuild / median_baseline:.2f} (target: >= {TARGET})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
