"""Every write declared in `web.resources.records.WRITES`, through the same checks:
it records, it is validated, it is refused to the wrong role and to strangers,
and without a current If-Match it records nothing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from uuid import UUID, uuid4

import pytest

from tests.api.bodies import ASSESSMENT, GOAL, SIGNING_SECRET
from tests.api.driver import Api, etag_version, problem
from web.resources.records import WRITES, Write

Body = dict[str, Any] | None


def _authored_signature(api: Api, case_id: UUID) -> Body:
    head = api.history(case_id)[-1]
    return {
        "meaning": "authored",
        "signed_version": head["version"],
        "signed_chain_value": head["chain"],
        "outcome": "approved",
        "signing_secret": SIGNING_SECRET,
    }


def _close(api: Api, case_id: UUID) -> None:
    api.recorded(case_id, "closure", {"reason": "completed"})


def _hold(api: Api, case_id: UUID) -> None:
    api.as_("admin").recorded(case_id, "legal-hold", {"reason": "litigation"})


def _ask_erasure(api: Api, case_id: UUID) -> None:
    api.as_("admin").recorded(case_id, "erasure-requests", ERASURE_REQUEST)


ERASURE_REQUEST = {"reason": "the client asked", "override_reason": "consent withdrawn"}
NOT_ADMINS = ("dr-rivera", "dr-okafor", "auditor-kim")


@dataclass(frozen=True)
class Example:
    """How one write succeeds on the `case_id` fixture, and a body that fails it."""

    url: str
    body: Body | Callable[[Api, UUID], Body]
    event: str
    invalid: tuple[dict[str, Any], str] | None
    writer: str = "dr-rivera"
    refused: tuple[str, ...] = ("dr-okafor", "auditor-kim", "admin")
    before: Callable[[Api, UUID], None] | None = None

    def prepare(self, api: Api, case_id: UUID) -> Body:
        if self.before is not None:
            self.before(api, case_id)
        return self.body(api, case_id) if callable(self.body) else self.body


EXAMPLES: dict[str, Example] = {
    "assessments": Example(
        "assessments", ASSESSMENT, "AssessmentRecorded",
        ({**ASSESSMENT, "risk": "extreme"}, "risk"),
    ),
    "goals": Example(
        "goals",
        {**GOAL, "goal_id": "g-2", "description": "Sleep through the night"},
        "GoalAgreed", ({**GOAL, "agreed_with_client": "perhaps"}, "agreed_with_client"),
    ),
    "goals/<goal_id>/status": Example(
        "goals/g-1/status", {"status": "achieved"}, "GoalStatusChanged",
        ({"status": "finished"}, "status"),
    ),
    "techniques": Example(
        "techniques", {"technique": "safety_planning", "goal_ids": ["g-1"]},
        "TechniqueAdded", ({"goal_ids": ["g-1"]}, "technique"),
    ),
    "techniques/<technique>/discontinuation": Example(
        "techniques/grounding/discontinuation", {"reason": "No longer dissociates"},
        "TechniqueDiscontinued", ({}, "reason"),
    ),
    "phase-transitions": Example(
        "phase-transitions", {"direction": "advance", "to_phase": "processing"},
        "PhaseAdvanced", ({"direction": "up", "to_phase": "processing"}, "direction"),
    ),
    "rationales": Example(
        "rationales",
        {"subject": {"kind": "technique", "ref": "grounding"}, "goal_ids": ["g-1"],
         "text": "Anchors sessions in the present.", "explained_to_client": True},
        "RationaleGiven",
        ({"subject": {"kind": "mood", "ref": "grounding"}, "text": "Why",
          "explained_to_client": True}, "subject.kind"),
    ),
    "sessions": Example(
        "sessions", {"session_date": "2026-01-12", "techniques_used": ["grounding"]},
        "SessionRecorded", ({"session_date": "12/01/2026"}, "session_date"),
    ),
    "alliance-measures": Example(
        "alliance-measures",
        {"instrument": "srs", "score": 38, "session_date": "2026-01-12"},
        "AllianceMeasured",
        ({"instrument": "srs", "score": "38", "session_date": "2026-01-12"}, "score"),
    ),
    "outcome-measures": Example(
        "outcome-measures",
        {"instrument": "ors", "score": 30, "session_date": "2026-01-12"},
        "OutcomeMeasured",
        ({"instrument": "phq9", "score": 9, "session_date": "2026-01-12"},
         "instrument"),
    ),
    "supervision-notes": Example(
        "supervision-notes", {"text": "Watch the pacing.", "refers_to": [4]},
        "SupervisionNoteRecorded", ({"refers_to": [4]}, "text"),
        writer="dr-okafor", refused=("dr-rivera", "auditor-kim", "admin"),
    ),
    "review-requests": Example(
        "review-requests", {"up_to_version": 4}, "ReviewRequested",
        ({"up_to_version": 0}, "up_to_version"),
    ),
    "signatures": Example(
        "signatures", _authored_signature, "SignatureApplied",
        ({"meaning": "witnessed", "signed_version": 4,
          "signed_chain_value": "i1:" + "0" * 64, "outcome": "approved",
          "signing_secret": SIGNING_SECRET}, "meaning"),
    ),
    "corrections": Example(
        "corrections",
        {"corrects": 3, "reason": "Misheard the goal",
         "replacement": {**GOAL, "description": "Feel safe at home again"}},
        "EntryCorrected", ({"corrects": 3, "reason": "Misheard"}, "replacement"),
    ),
    "supervisors": Example(
        "supervisors", {"supervisor_id": "dr-who"}, "SupervisorAssigned",
        ({"supervisor_id": ""}, "supervisor_id"),
        refused=("dr-okafor", "auditor-kim"),
    ),
    "supervisors/<supervisor_id>": Example(
        "supervisors/dr-okafor", None, "SupervisorRemoved", None,
        refused=("dr-okafor", "auditor-kim"),
    ),
    "closure": Example(
        "closure", {"reason": "completed", "summary": "Goals met."}, "CaseClosed",
        ({"reason": "bored"}, "reason"),
    ),
    "reopening": Example(
        "reopening", {"reason": "Relapse after a new assault."}, "CaseReopened",
        ({"summary": "Back"}, "reason"), before=_close,
    ),
    "legal-hold": Example(
        "legal-hold", {"reason": "records requested in litigation"},
        "LegalHoldPlaced", ({}, "reason"), writer="admin", refused=NOT_ADMINS,
    ),
    "legal-hold/lifting": Example(
        "legal-hold/lifting", {"reason": "the litigation ended"}, "LegalHoldLifted",
        ({}, "reason"), writer="admin", refused=NOT_ADMINS, before=_hold,
    ),
    "erasure-requests": Example(
        "erasure-requests", ERASURE_REQUEST, "ErasureRequested",
        ({"override_reason": "now"}, "reason"), writer="admin", refused=NOT_ADMINS,
    ),
    # The admin who asked would be refused too, as the second person (409).
    "erasure": Example(
        "erasure", None, "CaseErased", None, writer="auditor-kim",
        refused=("dr-rivera", "dr-okafor"), before=_ask_erasure,
    ),
}  # fmt: skip

STRANGERS = ["dr-chen", "dr-who"]
SIGNATURE_SHAPE = {
    "meaning": "authored", "signed_version": 1, "signed_chain_value": "i1:" + "0" * 64,
    "outcome": "approved", "signing_secret": SIGNING_SECRET,
}  # fmt: skip


def _ids(write: Write) -> str:
    return f"{write.method} {write.path}"


def _refusals() -> list[Any]:
    return [
        pytest.param(write, user, id=f"{_ids(write)} as {user}")
        for write in WRITES
        for user in EXAMPLES[write.path].refused
    ]


each_write = pytest.mark.parametrize("write", WRITES, ids=_ids)
each_write_with_a_body = pytest.mark.parametrize(
    "write", [w for w in WRITES if EXAMPLES[w.path].invalid], ids=_ids
)


class TestRecordingAWrite:
    def test_every_declared_write_has_an_example(self) -> None:
        assert set(EXAMPLES) == {write.path for write in WRITES}

    @each_write
    def test_a_valid_write_at_the_current_version_records_one_event(
        self, api: Api, case_id: UUID, write: Write
    ) -> None:
        example = EXAMPLES[write.path]
        body = example.prepare(api, case_id)
        before = api.version(case_id)
        response = api.as_(example.writer).write(
            case_id, example.url, body, method=write.method,
            headers={"X-Request-ID": "req-write-1"},
        )  # fmt: skip
        assert response.status_code == 201, response.get_json()
        recorded = response.get_json()
        assert recorded["case_id"] == str(case_id)
        assert recorded["version"] == before + 1
        assert etag_version(response) == recorded["version"]
        assert api.version(case_id) == recorded["version"]
        last = api.history(case_id)[-1]
        assert last["event_type"] == example.event
        assert last["actor_id"] == example.writer
        assert last["correlation_id"] == "req-write-1"

    @each_write_with_a_body
    def test_an_invalid_body_is_refused_with_422_naming_the_field(
        self, api: Api, case_id: UUID, write: Write
    ) -> None:
        example = EXAMPLES[write.path]
        assert example.invalid is not None
        example.prepare(api, case_id)
        before = api.version(case_id)
        body, field = example.invalid
        response = api.as_(example.writer).write(
            case_id, example.url, body, method=write.method
        )
        problem(response, 422, field)
        assert api.version(case_id) == before


class TestIfMatch:
    @each_write
    def test_a_write_without_if_match_is_refused_with_428_and_records_nothing(
        self, api: Api, case_id: UUID, write: Write
    ) -> None:
        example = EXAMPLES[write.path]
        body = example.prepare(api, case_id)
        before = api.version(case_id)
        response = api.as_(example.writer).send(
            write.method, f"/api/cases/{case_id}/{example.url}", body
        )
        problem(response, 428)
        assert api.version(case_id) == before

    @each_write
    def test_a_write_at_a_stale_version_is_refused_with_412_and_the_current_one(
        self, api: Api, case_id: UUID, write: Write
    ) -> None:
        example = EXAMPLES[write.path]
        body = example.prepare(api, case_id)
        before = api.version(case_id)
        writer = api.as_(example.writer)
        for stale in (before - 1, before + 1):
            response = writer.send(
                write.method, f"/api/cases/{case_id}/{example.url}", body,
                if_match=stale,
            )  # fmt: skip
            assert problem(response, 412)["current_version"] == before
            assert api.version(case_id) == before

    def test_an_if_match_that_is_not_an_etag_is_refused_with_422(
        self, api: Api, case_id: UUID
    ) -> None:
        response = api.send(
            "POST", f"/api/cases/{case_id}/closure", {"reason": "completed"},
            if_match="four",
        )  # fmt: skip
        problem(response, 422, "If-Match")
        assert api.version(case_id) == 4


class TestWhoMayWrite:
    @pytest.mark.parametrize(("write", "user"), _refusals())
    def test_a_user_who_sees_the_case_but_lacks_the_right_is_refused_with_403(
        self, api: Api, case_id: UUID, write: Write, user: str
    ) -> None:
        example = EXAMPLES[write.path]
        body = example.prepare(api, case_id)
        before = api.version(case_id)
        response = api.as_(user).send(
            write.method, f"/api/cases/{case_id}/{example.url}", body,
            if_match=before,
        )  # fmt: skip
        problem(response, 403)
        assert api.version(case_id) == before

    @each_write
    def test_someone_elses_case_answers_404_as_if_it_did_not_exist(
        self, api: Api, case_id: UUID, write: Write
    ) -> None:
        example = EXAMPLES[write.path]
        body = example.prepare(api, case_id)
        before = api.version(case_id)
        for stranger in STRANGERS:  # another clinician, another supervisor
            response = api.as_(stranger).send(
                write.method, f"/api/cases/{case_id}/{example.url}", body,
                if_match=before,
            )  # fmt: skip
            problem(response, 404)
            assert api.version(case_id) == before

    @each_write
    def test_a_case_that_does_not_exist_answers_404(
        self, api: Api, write: Write
    ) -> None:
        example = EXAMPLES[write.path]
        body = SIGNATURE_SHAPE if callable(example.body) else example.body
        response = api.as_(example.writer).send(
            write.method, f"/api/cases/{uuid4()}/{example.url}", body, if_match=1
        )
        problem(response, 404)
