"""Property: after any sequence of commands, the read models equal a rebuild."""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from application.cases import CaseManagement
from domain.case import Case
from domain.commands import (
    AgreeGoal,
    GiveRationale,
    RecordAssessment,
    RecordSession,
    RecordSupervisionNote,
)
from domain.envelope import acting
from domain.exceptions import CasebookError
from projections.projector import Projector
from projections.runner import catch_up
from tests.backends import BACKENDS, settings_for
from tests.clinic import CLINICIAN, SUPERVISOR
from tests.factories import assessment
from tests.integration.projections.logs import (
    assert_equals_rebuild,
    audited_events,
    fill,
    logged_events,
    projector_for,
)

OPENINGS = [
    {"strategy": "common_factors"},
    {"strategy": "technical_eclecticism", "supervisor_ids": []},
    {"strategy": "assimilative_integration", "home_orientation": "psychodynamic"},
    {"strategy": "theoretical_integration",
     "integrated_schools": ["cognitive", "psychodynamic"]},
]  # fmt: skip

TECHNIQUES = ["grounding", "dbt_distress_tolerance", "thought_record",
              "prolonged_exposure", "emdr_reprocessing", "existential_meaning_making",
              "transference_interpretation", "empathic_reflection"]  # fmt: skip
GOALS = ["g1", "g2"]
PHASES = ["stabilization", "processing", "integration"]
Step = Callable[[Case, CaseManagement], None]


def _agreed(case: Case, goal_ids: list[str]) -> list[str]:
    known = {g.goal_id for g in case.goals}
    return [g for g in goal_ids if g in known]


def _sign(meaning: str, outcome: str) -> Step:
    return lambda c, a: c.apply_signature(
        signer_id=SUPERVISOR.actor_id, signer_role="supervisor", meaning=meaning,
        signed_version=c.version, signed_chain_value=c.chain_values[-1],
        outcome=outcome, comment="see notes",
    )  # fmt: skip


# Every kind of event, with the values that move coherence findings around.
steps: st.SearchStrategy[tuple[str, Step]] = st.one_of(
    st.builds(lambda r, x: ("assess", lambda c, a: c.record_assessment(
        RecordAssessment(**assessment(risk=r, emotional_reactivity=x)))),
        st.sampled_from(["none", "low", "high", "imminent"]),
        st.sampled_from(["low", "moderate", "high"])),
    st.builds(lambda g, ok: ("goal", lambda c, a: c.agree_goal(AgreeGoal(
        goal_id=g, description="feel safer", modalities=["affect"],
        agreed_with_client=ok))), st.sampled_from(GOALS), st.booleans()),
    st.builds(lambda g: ("goal status", lambda c, a: c.change_goal_status(
        g, "achieved")), st.sampled_from(GOALS)),
    st.builds(lambda t, gs: ("add", lambda c, a: c.add_technique(
        t, _agreed(c, gs), catalogue=a.catalogue)), st.sampled_from(TECHNIQUES),
        st.lists(st.sampled_from(GOALS), max_size=2, unique=True)),
    st.builds(lambda t: ("discontinue", lambda c, a: c.discontinue_technique(
        t, "done")), st.sampled_from(TECHNIQUES)),
    st.just(("advance", lambda c, a: c.advance_phase(
        PHASES[min(PHASES.index(c.phase) + 1, 2)]))),
    st.just(("return", lambda c, a: c.return_phase("stabilization", "crisis"))),
    st.builds(lambda k, t, gs, told: ("rationale", lambda c, a: c.give_rationale(
        GiveRationale(subject={"kind": k, "ref": {"technique": t, "phase": c.phase,
                                                  "strategy": c.strategy}[k]},
                      goal_ids=_agreed(c, gs), text="because",
                      explained_to_client=told))),
        st.sampled_from(["technique", "phase", "strategy"]),
        st.sampled_from(TECHNIQUES),
        st.lists(st.sampled_from(GOALS), max_size=2, unique=True), st.booleans()),
    st.builds(lambda n: ("session", lambda c, a: c.record_session(RecordSession(
        session_date="2026-02-03", techniques_used=c.active_technique_ids()[:n]))),
        st.integers(0, 2)),
    st.builds(lambda s: ("alliance", lambda c, a: c.measure_alliance(
        "srs", s, "2026-02-01")), st.integers(30, 40)),
    st.just(("outcome", lambda c, a: c.measure_outcome("ors", 22, "2026-02-01"))),
    st.just(("note", lambda c, a: c.record_supervision_note(RecordSupervisionNote(
        supervisor_id=SUPERVISOR.actor_id, text="watch the pacing", refers_to=[1])))),
    st.builds(lambda back: ("review", lambda c, a: c.request_review(
        max(1, c.version - back))), st.integers(0, 3)),
    st.builds(lambda m, o: ("sign", _sign(m, o)),
              st.sampled_from(["reviewed", "approved"]),
              st.sampled_from(["approved", "edits_requested"])),
    st.just(("correct", lambda c, a: c.correct_entry(
        c.assessments[-1].version if c.assessments else 1, "misrecorded",
        assessment(risk="high")))),
    st.just(("assign", lambda c, a: c.assign_supervisor("dr-adeyemi"))),
    st.just(("remove", lambda c, a: c.remove_supervisor("dr-adeyemi"))),
    st.just(("close", lambda c, a: c.close("completed"))),
    st.just(("reopen", lambda c, a: c.reopen("relapse"))),
)  # fmt: skip

Command = tuple[int, tuple[str, Step], bool]
commands = st.lists(
    st.tuples(st.integers(0, 2), steps, st.booleans()), min_size=15, max_size=100
)


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


def play(app: CaseManagement, projector: Projector, openings: list[int],
         sequence: list[Command]) -> None:  # fmt: skip
    """Open the cases, then run each command, catching up where it says so
    with the case just saved in hand, as the embedded application does."""
    case_ids = []
    for index, opening in enumerate(openings):
        with acting(CLINICIAN, f"open-{index}"):
            fields = {"supervisor_ids": [SUPERVISOR.actor_id], **OPENINGS[opening]}
            case = Case.open(
                client_ref=f"client-{index}",
                clinician_id=CLINICIAN.actor_id,
                **fields,
            )
        app.save(case)
        case_ids.append(case.id)
    for index, (which, (name, step), then_catch_up) in enumerate(sequence):
        case = app.repository.get(case_ids[which % len(case_ids)])
        actor = SUPERVISOR if name in ("note", "sign") else CLINICIAN
        with acting(actor, f"req-{index}"):
            try:
                step(case, app)
            except CasebookError:
                continue
        app.save(case)
        if then_catch_up:
            catch_up(projector, in_hand={case.id: case})
    catch_up(projector)


def check(backend: str, openings: list[int], sequence: list[Command],
          batch_size: int) -> None:  # fmt: skip
    with store(backend) as app:
        projector = projector_for(app, batch_size=batch_size)
        try:
            play(app, projector, openings, sequence)
            assert audited_events(projector.engine) == logged_events(app)
            assert_equals_rebuild(projector)
        finally:
            projector.engine.dispose()


OPENED = st.lists(st.integers(0, len(OPENINGS) - 1), min_size=1, max_size=3)
BATCH_SIZES = st.integers(1, 6)


@pytest.mark.slow
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(OPENED, commands, BATCH_SIZES)
def test_after_any_commands_sqlite_read_models_equal_a_rebuild(
    openings: list[int], sequence: list[Command], batch_size: int
) -> None:
    check("sqlite", openings, sequence, batch_size)


@pytest.mark.slow
@pytest.mark.postgres
@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(OPENED, commands, BATCH_SIZES)
def test_after_any_commands_postgres_read_models_equal_a_rebuild(
    openings: list[int], sequence: list[Command], batch_size: int
) -> None:
    check("postgres", openings, sequence, batch_size)


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_long_interleaved_history_past_snapshots_equals_a_rebuild(
    backend: str,
) -> None:
    with store(backend) as app:
        fill(app, cases=3, rounds=20)
        projector = projector_for(app, batch_size=7)
        catch_up(projector)
        fill(app, cases=2, rounds=60)  # 61 events a case: past a snapshot
        catch_up(projector)
        assert audited_events(projector.engine) == logged_events(app)
        assert_equals_rebuild(projector)
        projector.engine.dispose()
