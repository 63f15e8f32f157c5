"""Property-based tests: random command sequences against a real store."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from application.cases import CaseManagement
from domain.case import Case
from domain.case_view import plan_of
from domain.commands import (
    AgreeGoal,
    GiveRationale,
    RecordAssessment,
    RecordSession,
    RecordSupervisionNote,
)
from domain.envelope import acting
from domain.exceptions import CasebookError
from domain.plan import Plan
from tests import tamper
from tests.backends import settings_for
from tests.clinic import CLINICIAN, SUPERVISOR
from tests.factories import assessment

TECHNIQUES = ["grounding", "dbt_distress_tolerance", "thought_record",
              "prolonged_exposure", "emdr_reprocessing", "existential_meaning_making",
              "transference_interpretation", "empathic_reflection"]  # fmt: skip
GOALS = ["g1", "g2", "g3"]
LEVELS = ["low", "moderate", "high"]
RISKS = ["none", "low", "moderate", "high", "imminent"]
PHASES = ["stabilization", "processing", "integration"]

MODALITIES = ["behavior", "affect", "sensation", "imagery", "cognition",
              "interpersonal", "drugs_biology"]  # fmt: skip
GOAL_LISTS = st.lists(st.sampled_from(GOALS), max_size=2, unique=True)
Command = tuple[str, dict[str, Any]]


def command(name: str, **fields: st.SearchStrategy[Any]) -> st.SearchStrategy[Command]:
    return st.fixed_dictionaries(fields).map(lambda chosen: (name, chosen))


STEPS: st.SearchStrategy[Command] = st.one_of(
    command("assess", risk=st.sampled_from(RISKS), reactivity=st.sampled_from(LEVELS),
            severity=st.integers(0, 4)),
    command("agree_goal", goal_id=st.sampled_from(GOALS),
            agreed_with_client=st.booleans(),
            description=st.text("abc xyz", min_size=1, max_size=12)),
    command("change_goal_status", goal_id=st.sampled_from(GOALS),
            status=st.sampled_from(["achieved", "revised", "dropped"])),
    command("add_technique", technique=st.sampled_from(TECHNIQUES),
            goal_ids=GOAL_LISTS),
    command("discontinue_technique", technique=st.sampled_from(TECHNIQUES),
            reason=st.just("done")),
    command("advance_phase", to_phase=st.sampled_from(PHASES)),
    command("return_phase", to_phase=st.sampled_from(PHASES), reason=st.just("crisis")),
    command("rationale", kind=st.sampled_from(["technique", "phase", "strategy"]),
            technique=st.sampled_from(TECHNIQUES), goal_ids=GOAL_LISTS,
            explained_to_client=st.booleans()),
    command("session", day=st.integers(1, 28), count=st.integers(0, 2)),
    command("measure_alliance", instrument=st.sampled_from(["srs", "wai_sr"]),
            score=st.integers(0, 60), session_date=st.just("2026-02-01")),
    command("measure_outcome", instrument=st.just("ors"), score=st.integers(-5, 45),
            session_date=st.just("2026-02-01")),
    command("note"),
    command("review"),
    command("sign", meaning=st.sampled_from(["reviewed", "approved"]),
            outcome=st.sampled_from(["approved", "edits_requested"])),
    command("correct", risk=st.sampled_from(RISKS)),
    command("close", reason=st.just("completed")),
    command("reopen", reason=st.just("relapse")),
)  # fmt: skip


def run(case: Case, app: CaseManagement, name: str, f: dict[str, Any]) -> None:
    """Apply one generated command; the domain refuses the ones that do not fit."""
    if name == "assess":
        ratings = dict.fromkeys(MODALITIES, f["severity"])
        case.record_assessment(
            RecordAssessment(**assessment(
                risk=f["risk"], emotional_reactivity=f["reactivity"], basic_id=ratings
            ))
        )
    elif name == "agree_goal":
        case.agree_goal(AgreeGoal(modalities=["affect"], **f))
    elif name == "add_technique":
        case.add_technique(catalogue=app.catalogue, **f)
    elif name == "rationale":
        ref = {
            "technique": f["technique"],
            "phase": case.phase,
            "strategy": case.strategy,
        }
        case.give_rationale(GiveRationale(
            subject={"kind": f["kind"], "ref": ref[f["kind"]]},
            goal_ids=f["goal_ids"],
            text="because",
            explained_to_client=f["explained_to_client"],
        ))
    elif name == "session":
        case.record_session(RecordSession(
            session_date=f"2026-02-{f['day']:02d}",
            techniques_used=case.active_technique_ids()[: f["count"]],
        ))
    elif name == "note":
        case.record_supervision_note(RecordSupervisionNote(
            supervisor_id=SUPERVISOR.actor_id, text="watch the pacing", refers_to=[1]
        ))
    elif name == "review":
        case.request_review(case.version)
    elif name == "sign":
        case.apply_signature(
            signer_id=SUPERVISOR.actor_id,
            signer_role="supervisor",
            signed_version=case.version,
            signed_chain_value=case.chain_values[-1],
            comment="ok",
            **f,
        )
    elif name == "correct":
        target = case.assessments[-1].version if case.assessments else 1
        case.correct_entry(target, "misrecorded", assessment(risk=f["risk"]))
    elif name == "close":
        case.close(**f)
    elif name == "reopen":
        case.reopen(**f)
    else:
        getattr(case, name)(**f)


@contextmanager
def store(backend: str) -> Iterator[CaseManagement]:
    with (
        tempfile.TemporaryDirectory() as directory,
        settings_for(backend, Path(directory)) as chosen,
    ):
        app = CaseManagement(chosen)
        try:
            yield app
        finally:
            app.close()


def record(
    app: CaseManagement, sequence: list[Command]
) -> tuple[Case, dict[int, Plan]]:
    """Run the sequence, skipping refused commands; return the case and each plan."""
    with acting(CLINICIAN, "req-open"):
        case = Case.open(
            client_ref="c",
            clinician_id=CLINICIAN.actor_id,
            supervisor_ids=[SUPERVISOR.actor_id],
            strategy="common_factors",
        )
    app.save(case)
    plans = {1: plan_of(case)}
    for index, (name, fields) in enumerate(sequence):
        actor = SUPERVISOR if name in ("note", "sign") else CLINICIAN
        with acting(actor, f"req-{index}"):
            try:
                run(case, app, name, fields)
            except CasebookError:
                assert not case.collect_events(), f"refused {name} left an event behind"
                continue
        app.save(case)
        plans[case.version] = plan_of(case)
    return case, plans


def _state(case: Case) -> dict[str, Any]:
    return {k: v for k, v in vars(case).items() if k != "_pending_events"}


def check_history(backend: str, sequence: list[Command], position: int) -> None:
    with store(backend) as app:
        case, plans = record(app, sequence)
        reloaded = app.repository.get(case.id)
        assert _state(reloaded) == _state(case)
        events = list(app.events.get(case.id))
        for version, plan in plans.items():
            assert plan_of(app.repository.get(case.id, version=version)) == plan
            folded: Any = None
            for event in events[:version]:
                folded = event.mutate(folded)
            assert plan_of(folded) == plan
        assert app.verify(case.id).intact
        broken = position % case.version + 1
        tamper.overwrite_byte(app, case.id, broken, position)
        report = app.verify(case.id)
        if report.intact:  # harmless only if it decodes to the very same event
            [edited] = app.events.get(case.id, gt=broken - 1, lte=broken)
            assert vars(edited) == vars(events[broken - 1])
            return
        assert report.first_broken_version == broken


SEQUENCES = st.lists(STEPS, min_size=30, max_size=160)
POSITIONS = st.integers(0, 10_000)


@pytest.mark.slow
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sequence=SEQUENCES, position=POSITIONS)
def test_random_histories_reload_replay_and_verify_on_sqlite(
    sequence: list[Command], position: int
) -> None:
    check_history("sqlite", sequence, position)


@pytest.mark.slow
@pytest.mark.postgres
@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sequence=SEQUENCES, position=POSITIONS)
def test_random_histories_reload_replay_and_verify_on_postgres(
    sequence: list[Command], position: int
) -> None:
    check_history("postgres", sequence, position)
