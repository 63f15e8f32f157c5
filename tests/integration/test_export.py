"""Export for review: JSON Lines with a verification manifest, and a FHIR R4 Bundle."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

import pytest
from fhir.resources.R4B.bundle import Bundle

from application.demo import CLINICIAN, SUPERVISOR
from application.export import export_records, jsonl
from application.fhir import fhir_bundle
from bootstrap import EmbeddedCaseManagement
from domain.commands import ApplySignature
from domain.envelope import acting
from domain.exceptions import InvariantViolated
from domain.vocabulary import SignatureMeaning, SignatureOutcome
from tests import tamper
from tests.clinic import command
from tests.integration.projected import app, trauma

__all__ = ["app", "trauma"]  # the fixtures these tests use

TRAUMA_VERSIONS = 38
CLINICAL_TEXT = [
    "Tolerate distress and feel safe in the body",  # a goal's description
    "Grounding interrupts dissociation",  # a rationale
    "Intrusive memories and nightmares",  # assessment notes
    "Plan reviewed in supervision",  # a signature's comment
]


def lines(
    app: EmbeddedCaseManagement, case_id: UUID, *, clinical: bool = True
) -> list[dict[str, Any]]:
    text = jsonl(export_records(app, case_id, clinical=clinical))
    assert text.endswith("\n")
    return [json.loads(line) for line in text.splitlines()]


def act(
    app: EmbeddedCaseManagement, case_id: UUID, use_case: str, **fields: Any
) -> None:
    with acting(CLINICIAN, f"test-{use_case}"):
        getattr(app, use_case)(
            case_id, app.plan(case_id).version, command(use_case, **fields)
        )


def correct_first_goal(app: EmbeddedCaseManagement, case_id: UUID) -> None:
    act(
        app, case_id, "correct_entry", corrects=3, reason="the client's own words",
        replacement={"goal_id": "g-safety", "description": "Feel at home in my body",
                     "modalities": ["affect", "sensation"], "agreed_with_client": True},
    )  # fmt: skip


def resources(bundle: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [
        e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind
    ]


class TestJsonLines:
    def test_every_event_comes_with_its_envelope_then_an_intact_manifest(
        self, app: EmbeddedCaseManagement, trauma: UUID
    ) -> None:
        records = lines(app, trauma)
        events, manifest = records[:-1], records[-1]
        history = app.history(trauma)
        assert [e["version"] for e in events] == list(range(1, TRAUMA_VERSIONS + 1))
        assert [e["type"] for e in events] == [h.event_type for h in history]
        first = events[0]
        assert first["record"] == "event" and first["case_id"] == str(trauma)
        assert (first["actor_id"], first["actor_role"]) == ("dr-rivera", "clinician")
        assert first["correlation_id"] == "demo-demo-trauma-open"
        assert first["chain"] == history[0].chain
        assert datetime.fromisoformat(first["timestamp"]) == history[0].timestamp
        assert first["fields"]["client_ref"] == "demo-trauma"
        assert manifest == {
            "record": "manifest", "case_id": str(trauma), "view": "clinical",
            "event_count": TRAUMA_VERSIONS, "last_version": TRAUMA_VERSIONS,
            "last_chain": history[-1].chain, "intact": True,
            "events_verified": TRAUMA_VERSIONS, "first_broken_version": None,
            "reason": None,
        }  # fmt: skip

    def test_a_correction_shows_the_original_the_new_value_who_when_and_why(
        self, app: EmbeddedCaseManagement, trauma: UUID
    ) -> None:
        correct_first_goal(app, trauma)
        corrected = lines(app, trauma)[TRAUMA_VERSIONS]
        assert corrected["type"] == "EntryCorrected"
        correction = corrected["correction"]
        assert correction["corrects"] == 3
        assert correction["corrected_type"] == "GoalAgreed"
        assert correction["original"]["description"] == CLINICAL_TEXT[0]
        assert correction["replacement"]["description"] == "Feel at home in my body"
        assert correction["reason"] == "the client's own words"
        assert correction["corrected_by"] == "dr-rivera"
        assert correction["corrected_at"] == corrected["timestamp"]

    def test_the_audit_view_shows_who_and_when_without_clinical_text(
        self, app: EmbeddedCaseManagement, trauma: UUID
    ) -> None:
        correct_first_goal(app, trauma)
        records = lines(app, trauma, clinical=False)
        assert all(r["fields"] is None for r in records[:-1])
        correction = records[TRAUMA_VERSIONS]["correction"]
        assert correction["corrected_by"] == "dr-rivera"
        assert correction["original"] is correction["reason"] is None
        assert records[-1]["view"] == "audit" and records[-1]["intact"]
        text = json.dumps(records)
        assert not any(clinical in text for clinical in CLINICAL_TEXT)

    def test_after_a_stored_event_is_edited_the_manifest_says_broken_there(
        self, app: EmbeddedCaseManagement, trauma: UUID
    ) -> None:
        assert lines(app, trauma)[-1]["intact"] is True
        tamper.edit_state(app, trauma, 3, b'"agreed_with_client":true',
                          b'"agreed_with_client":false')  # fmt: skip
        records = lines(app, trauma)
        manifest = records[-1]
        assert manifest["intact"] is False
        assert manifest["first_broken_version"] == 3
        assert manifest["events_verified"] == 2
        assert manifest["reason"]
        assert records[2]["fields"]["agreed_with_client"] is False  # as stored

    def test_an_event_whose_bytes_no_longer_decode_is_listed_as_unreadable(
        self, app: EmbeddedCaseManagement, trauma: UUID
    ) -> None:
        tamper.edit_state(app, trauma, 5, b"{", b"[")
        records = lines(app, trauma)
        assert records[4] == {
            "record": "unreadable", "case_id": str(trauma), "version": 5,
            "reason": "stored bytes do not decode",
        }  # fmt: skip
        assert [r["version"] for r in records[:-1]] == list(range(1, 39))
        assert records[-1]["event_count"] == TRAUMA_VERSIONS - 1
        assert records[-1]["intact"] is False
        assert records[-1]["first_broken_version"] == 5


ACCESS = [
    {"id": 1, "case_id": None, "version": 38, "actor_id": "auditor-kim",
     "actor_role": "auditor", "what": "history", "correlation_id": "req-1",
     "at": datetime(2026, 3, 10, 9, 30, tzinfo=UTC)},
    {"id": 2, "case_id": None, "version": None, "actor_id": "dr-who",
     "actor_role": "supervisor", "what": "signature-refused",
     "correlation_id": "req-2", "at": datetime(2026, 3, 10, 9, 31, tzinfo=UTC)},
]  # fmt: skip


class TestFhirBundle:
    def test_the_bundle_validates_as_fhir_r4(
        self, app: EmbeddedCaseManagement, trauma: UUID
    ) -> None:
        for clinical in (True, False):
            bundle = fhir_bundle(app, trauma, ACCESS, clinical=clinical)
            validated = Bundle.model_validate(bundle)
            assert validated.type == "collection"
            assert len(validated.entry) == 1 + 3 + TRAUMA_VERSIONS + len(ACCESS)

    def test_the_care_plan_has_the_goals_and_the_active_techniques_with_rationales(
        self, app: EmbeddedCaseManagement, trauma: UUID
    ) -> None:
        bundle = fhir_bundle(app, trauma, clinical=True)
        [plan] = resources(bundle, "CarePlan")
        assert (plan["status"], plan["intent"]) == ("active", "plan")
        assert plan["subject"]["identifier"]["value"] == "demo-trauma"
        goals = {f"urn:uuid:{g['id']}": g for g in resources(bundle, "Goal")}
        goal_ids = [
            goals[r["reference"]]["identifier"][0]["value"] for r in plan["goal"]
        ]
        assert goal_ids == ["g-safety", "g-memories", "g-meaning"]
        memories = goals[plan["goal"][1]["reference"]]
        assert memories["lifecycleStatus"] == "completed"
        assert memories["achievementStatus"]["coding"][0]["code"] == "achieved"
        activities = {
            a["detail"]["code"]["coding"][0]["code"]: a["detail"]
            for a in plan["activity"]
        }
        assert set(activities) == {
            "dbt_distress_tolerance",
            "grounding",
            "existential_meaning_making",
        }
        grounding = activities["grounding"]
        assert grounding["description"].startswith(CLINICAL_TEXT[1])
        assert grounding["goal"] == [plan["goal"][0]]
        assert plan["note"][0]["text"].startswith("Coherence coherent")

    def test_every_event_has_a_provenance_and_signatures_carry_their_meaning(
        self, app: EmbeddedCaseManagement, trauma: UUID
    ) -> None:
        bundle = fhir_bundle(app, trauma, clinical=True)
        history = app.history(trauma)
        provenances = resources(bundle, "Provenance")
        assert len(provenances) == len(history)
        for provenance, entry in zip(provenances, history, strict=True):
            assert provenance["target"] == [{"reference": f"urn:uuid:{trauma}"}]
            assert datetime.fromisoformat(provenance["recorded"]) == entry.timestamp
            assert provenance["activity"]["coding"][0]["code"] == entry.event_type
            agent = provenance["agent"][0]
            assert agent["who"]["identifier"]["value"] == entry.actor_id
            assert agent["role"][0]["coding"][0]["code"] == entry.actor_role
        signed = [p for p in provenances if "signature" in p]
        assert len(signed) == 2
        [signature] = signed[0]["signature"]
        meanings = {
            (c["system"].rsplit("/", 1)[-1], c["code"]) for c in signature["type"]
        }
        assert ("signature-meaning", "approved") in meanings
        assert ("signature-outcome", "approved") in meanings
        assert signature["who"]["identifier"]["value"] == SUPERVISOR.actor_id
        [chain] = signature["extension"]
        assert chain["url"].endswith("/signed-chain-value")
        assert chain["valueString"] in {entry.chain for entry in history}

    def test_a_request_for_edits_is_not_coded_as_an_approval(
        self, app: EmbeddedCaseManagement, trauma: UUID
    ) -> None:
        head = app.history(trauma)[-1]
        with acting(SUPERVISOR, "test-edits"):
            app.apply_signature(trauma, head.version, ApplySignature(
                meaning=SignatureMeaning.APPROVED,
                outcome=SignatureOutcome.EDITS_REQUESTED,
                signed_version=head.version, signed_chain_value=head.chain,
                comment="Say why EMDR ended.",
            ))  # fmt: skip
        bundle = fhir_bundle(app, trauma, clinical=True)
        [signature] = resources(bundle, "Provenance")[-1]["signature"]
        codes = {(c["system"].rsplit("/", 1)[-1], c["code"]) for c in signature["type"]}
        assert ("signature-outcome", "edits_requested") in codes
        assert not any(system.startswith("urn:iso-astm") for system, _ in codes)

    def test_the_bundle_says_the_history_was_verified_intact(
        self, app: EmbeddedCaseManagement, trauma: UUID
    ) -> None:
        tags = fhir_bundle(app, trauma, clinical=True)["meta"]["tag"]
        [verified] = [t for t in tags if t["system"].endswith("history-verification")]
        assert verified["code"] == "intact"
        assert verified["display"] == f"chain verified over {TRAUMA_VERSIONS} events"

    def test_a_broken_history_is_refused_naming_where_it_breaks(
        self, app: EmbeddedCaseManagement, trauma: UUID
    ) -> None:
        tamper.delete(app, trauma, 5)
        with pytest.raises(InvariantViolated) as refused:
            fhir_bundle(app, trauma, clinical=True)
        assert refused.value.rule == "history-intact"
        assert "breaks at version 5" in refused.value.message

    def test_each_access_log_row_becomes_an_audit_event(
        self, app: EmbeddedCaseManagement, trauma: UUID
    ) -> None:
        bundle = fhir_bundle(app, trauma, ACCESS, clinical=False)
        read, refused = resources(bundle, "AuditEvent")
        assert (read["action"], read["outcome"]) == ("R", "0")
        assert read["agent"][0]["who"]["identifier"]["value"] == "auditor-kim"
        assert read["recorded"] == "2026-03-10T09:30:00+00:00"
        assert read["entity"][0]["what"] == {"reference": f"urn:uuid:{trauma}"}
        assert {"type": "version", "valueString": "38"} in read["entity"][0]["detail"]
        assert refused["outcome"] == "4"

    def test_the_audit_view_leaves_out_every_clinical_text(
        self, app: EmbeddedCaseManagement, trauma: UUID
    ) -> None:
        text = json.dumps(fhir_bundle(app, trauma, ACCESS, clinical=False))
        assert not any(clinical in text for clinical in CLINICAL_TEXT)
        assert "goal g-safety" in text

    @pytest.mark.parametrize(
        ("reason", "status"), [("completed", "completed"), ("dropped_out", "revoked")]
    )
    def test_a_closed_case_is_a_finished_care_plan(
        self, app: EmbeddedCaseManagement, trauma: UUID, reason: str, status: str
    ) -> None:
        act(app, trauma, "close_case", reason=reason)
        bundle = fhir_bundle(app, trauma, clinical=True)
        Bundle.model_validate(bundle)
        [plan] = resources(bundle, "CarePlan")
        assert plan["status"] == status
        assert "end" in plan["period"]
