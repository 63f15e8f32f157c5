"""Replaying the seeds' worked trauma case step by step, and diffing its versions."""

from __future__ import annotations

from typing import Any
from uuid import UUID, uuid4

import pytest

from application.replay import ReplayStep, diff, replay
from bootstrap import EmbeddedCaseManagement
from domain.exceptions import CaseNotFound, HistoryDamaged, InvalidValue
from tests import tamper
from tests.integration.projected import app, trauma

__all__ = ["app", "trauma"]  # the fixtures these tests use

TRAUMA_VERSIONS = 38
# The steps of demo-trauma that leave the plan needing attention, and why:
# each technique or phase change waits one step for its rationale.
UNEXPLAINED = {
    7: "technique:dbt_distress_tolerance",
    9: "technique:grounding",
    18: "phase:processing",
    20: "technique:emdr_reprocessing",
    29: "phase:integration",
    31: "technique:existential_meaning_making",
}


@pytest.fixture
def steps(app: EmbeddedCaseManagement, trauma: UUID) -> list[ReplayStep]:
    page = replay(app, trauma, limit=500)
    assert page.total == len(page.items) == TRAUMA_VERSIONS
    return page.items


def keys(findings: list[dict[str, Any]]) -> list[tuple[str, str]]:
    return [(f["rule"], f["subject"]) for f in findings]


class TestReplayOfTheWorkedTraumaCase:
    def test_every_step_names_its_event_actor_and_the_plan_version_after_it(
        self, steps: list[ReplayStep]
    ) -> None:
        assert [s.version for s in steps] == list(range(1, TRAUMA_VERSIONS + 1))
        assert [s.plan["version"] for s in steps] == [s.version for s in steps]
        assert steps[0].event_type == "CaseOpened"
        assert steps[0].summary.startswith("opened case demo-trauma")
        assert steps[-1].event_type == "SignatureApplied"
        assert (steps[-1].actor_id, steps[-1].actor_role) == ("dr-okafor", "supervisor")

    def test_a_technique_added_before_its_rationale_raises_rat_missing_until_given(
        self, steps: list[ReplayStep]
    ) -> None:
        added, explained = steps[6], steps[7]
        assert added.event_type == "TechniqueAdded"
        assert added.coherence["status"] == "attention"
        assert keys(added.appeared) == [
            ("RAT-MISSING", "technique:dbt_distress_tolerance")
        ]
        assert added.appeared[0]["cites"] == [7]
        assert explained.event_type == "RationaleGiven"
        assert explained.coherence["status"] == "coherent"
        assert keys(explained.resolved) == keys(added.appeared)
        assert explained.appeared == []

    def test_attention_is_needed_exactly_while_a_rationale_is_awaited(
        self, steps: list[ReplayStep]
    ) -> None:
        needing = {s.version for s in steps if s.coherence["status"] != "coherent"}
        assert needing == set(UNEXPLAINED)
        for version, subject in UNEXPLAINED.items():
            assert ("RAT-MISSING", subject) in keys(steps[version - 1].appeared)
            assert keys(steps[version].resolved) == [("RAT-MISSING", subject)]

    def test_emdr_waits_for_a_supervisors_approval_which_resolves_sup_pending(
        self, steps: list[ReplayStep]
    ) -> None:
        pending = ("SUP-PENDING", "technique:emdr_reprocessing")
        assert pending in keys(steps[19].appeared)
        signed = next(s for s in steps if pending in keys(s.resolved))
        assert signed.version == 26
        assert signed.event_type == "SignatureApplied"

    def test_the_phase_moves_through_the_three_phases_in_order(
        self, steps: list[ReplayStep]
    ) -> None:
        phases = [s.plan["phase"] for s in steps]
        assert phases[16] == "stabilization" and phases[17] == "processing"
        assert phases[27] == "processing" and phases[28] == "integration"
        assert sorted(set(phases)) == ["integration", "processing", "stabilization"]

    def test_the_last_step_is_the_current_report_and_the_read_model(
        self, app: EmbeddedCaseManagement, trauma: UUID, steps: list[ReplayStep]
    ) -> None:
        last = steps[-1]
        assert last.coherence["status"] == "coherent"
        assert {"plan": last.plan, "coherence": last.coherence} == app.report(trauma)
        assert last.plan == app.read_models.plan(trauma)
        read_coherence = app.read_models.coherence(trauma)
        assert read_coherence is not None
        assert read_coherence.pop("version") == TRAUMA_VERSIONS
        assert last.coherence == read_coherence

    def test_each_steps_plan_is_the_plan_at_that_version(
        self, app: EmbeddedCaseManagement, trauma: UUID, steps: list[ReplayStep]
    ) -> None:
        for step in steps[::5]:
            at_version = app.report(trauma, version=step.version)
            assert {"plan": step.plan, "coherence": step.coherence} == at_version


class TestReplayPages:
    def test_a_page_compares_its_first_step_with_the_step_before_the_page(
        self, app: EmbeddedCaseManagement, trauma: UUID, steps: list[ReplayStep]
    ) -> None:
        page = replay(app, trauma, limit=3, offset=7)
        assert (page.total, page.limit, page.offset) == (TRAUMA_VERSIONS, 3, 7)
        assert page.items == steps[7:10]
        assert keys(page.items[0].resolved) == [
            ("RAT-MISSING", "technique:dbt_distress_tolerance")
        ]

    def test_a_page_loads_the_case_once_and_folds_its_events_from_there(
        self,
        app: EmbeddedCaseManagement,
        trauma: UUID,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        loads: list[int | None] = []
        load = app.repository.get

        def counted(case_id: UUID, **kwargs: Any) -> Any:
            loads.append(kwargs.get("version"))
            return load(case_id, **kwargs)

        monkeypatch.setattr(app.repository, "get", counted)
        assert len(replay(app, trauma, limit=20, offset=10).items) == 20
        assert loads == [10]

    def test_an_offset_past_the_end_gives_no_steps_but_the_total(
        self, app: EmbeddedCaseManagement, trauma: UUID
    ) -> None:
        page = replay(app, trauma, offset=1000)
        assert page.items == [] and page.total == TRAUMA_VERSIONS

    @pytest.mark.parametrize(
        ("paging", "field"),
        [
            ({"limit": 0}, "limit"),
            ({"limit": 501}, "limit"),
            ({"offset": -1}, "offset"),
        ],
    )
    def test_bad_paging_is_refused_naming_the_field(
        self,
        app: EmbeddedCaseManagement,
        trauma: UUID,
        paging: dict[str, int],
        field: str,
    ) -> None:
        with pytest.raises(InvalidValue) as refused:
            replay(app, trauma, **paging)
        assert refused.value.field == field

    def test_an_unknown_case_is_not_found(self, app: EmbeddedCaseManagement) -> None:
        with pytest.raises(CaseNotFound):
            replay(app, uuid4())


class TestDiff:
    def test_stabilization_to_processing_adds_emdr_and_lowers_the_risk(
        self, app: EmbeddedCaseManagement, trauma: UUID
    ) -> None:
        changed = diff(app, trauma, 6, 21)
        assert (changed["from_version"], changed["to_version"]) == (6, 21)
        assert changed["phase"] == {"from": "stabilization", "to": "processing"}
        assert changed["techniques"] == {
            "added": ["dbt_distress_tolerance", "grounding", "emdr_reprocessing"],
            "removed": [],
        }
        assessment = changed["assessment"]
        assert (assessment["from_version"], assessment["to_version"]) == (2, 17)
        assert assessment["fields"]["risk"] == {"from": "moderate", "to": "low"}
        assert assessment["basic_id"]["affect"] == {"from": 4, "to": 3}
        assert "imagery" not in assessment["basic_id"]
        assert keys(changed["coherence"]["appeared"]) == [
            ("SUP-PENDING", "technique:emdr_reprocessing")
        ]

    def test_processing_to_the_end_removes_emdr_and_achieves_the_memory_goal(
        self, app: EmbeddedCaseManagement, trauma: UUID
    ) -> None:
        changed = diff(app, trauma, 21, TRAUMA_VERSIONS)
        assert changed["techniques"]["removed"] == ["emdr_reprocessing"]
        assert changed["techniques"]["added"] == ["existential_meaning_making"]
        assert changed["goals"]["changed"] == [
            {
                "goal_id": "g-memories",
                "changes": {"status": {"from": "in_progress", "to": "achieved"}},
            }
        ]
        assert changed["coherence"]["status"] == {"from": "coherent", "to": "coherent"}
        assert keys(changed["coherence"]["resolved"]) == [
            ("SUP-PENDING", "technique:emdr_reprocessing")
        ]

    def test_a_version_against_itself_changes_nothing(
        self, app: EmbeddedCaseManagement, trauma: UUID
    ) -> None:
        changed = diff(app, trauma, 7, 7)
        assert changed["techniques"] == {"added": [], "removed": []}
        assert changed["coherence"]["appeared"] == []
        assert changed["events"] == []

    def test_a_rationale_alone_changes_no_plan_field_but_shows_as_an_event(
        self, app: EmbeddedCaseManagement, trauma: UUID
    ) -> None:
        changed = diff(app, trauma, 7, 8)
        assert changed["techniques"] == {"added": [], "removed": []}
        assert [e["event_type"] for e in changed["events"]] == ["RationaleGiven"]
        assert changed["events"][0]["summary"].startswith("gave a rationale for")

    @pytest.mark.parametrize(
        ("versions", "field", "reason"),
        [
            ((0, 5), "from", "must be 1 or more"),
            ((5, 39), "to", "the case has only 38 versions"),
            ((39, 40), "from", "the case has only 38 versions"),
            ((9, 8), "to", "must not be earlier than from (9)"),
        ],
    )
    def test_bad_versions_are_refused_naming_the_field(
        self,
        app: EmbeddedCaseManagement,
        trauma: UUID,
        versions: tuple[int, int],
        field: str,
        reason: str,
    ) -> None:
        with pytest.raises(InvalidValue) as refused:
            diff(app, trauma, *versions)
        assert refused.value.field == field
        assert refused.value.reason.startswith(reason)


class TestADamagedHistory:
    def test_replay_stops_with_the_version_whose_bytes_no_longer_decode(
        self, app: EmbeddedCaseManagement, trauma: UUID
    ) -> None:
        tamper.edit_state(app, trauma, 5, b"{", b"[")
        with pytest.raises(HistoryDamaged) as damaged:
            replay(app, trauma, limit=10)
        assert (damaged.value.rule, damaged.value.version) == ("history-intact", 5)

    def test_a_diff_or_a_past_plan_over_it_is_refused_not_guessed(
        self, app: EmbeddedCaseManagement, trauma: UUID
    ) -> None:
        tamper.edit_state(app, trauma, 5, b"{", b"[")
        with pytest.raises(HistoryDamaged):
            diff(app, trauma, 6, 9)
        with pytest.raises(HistoryDamaged):
            app.plan(trauma, version=9)
