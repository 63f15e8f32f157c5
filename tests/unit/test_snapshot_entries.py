"""Entries in a snapshot stored by earlier code still read back as they were."""

from __future__ import annotations

from eventsourcing.persistence import JSONTranscoder

from application.transcodings import register_entry_transcodings
from domain.entries import (
    ENTRY_TYPES,
    Closure,
    Correction,
    SignatureEntry,
    SupervisionNote,
)
from domain.plan import (
    Assessment,
    Goal,
    Measure,
    PhaseChange,
    Rationale,
    SessionRecord,
    TechniqueUse,
)
from domain.vocabulary import (
    ClosingReason,
    GoalStatus,
    Instrument,
    LearningStyle,
    Level,
    Modality,
    Phase,
    RationaleSubject,
    RelationalStyle,
    Risk,
    SignatureMeaning,
    SignatureOutcome,
    StageOfChange,
)

ENTRIES = (
    Assessment(
        version=2,
        basic_id={Modality.AFFECT: 4, Modality.BEHAVIOR: 1},
        basic_id_notes={Modality.AFFECT: "panics", Modality.BEHAVIOR: ""},
        stage_of_change=StageOfChange.ACTION,
        relational_style=RelationalStyle.ANXIOUS,
        learning_style=LearningStyle.EXPERIENTIAL,
        psychological_mindedness=Level.HIGH,
        emotional_reactivity=Level.MODERATE,
        risk=Risk.LOW,
        notes="first",
        corrected_by=(9,),
    ),
    Goal("g-1", "Feel safe", (Modality.AFFECT,), True, GoalStatus.ACHIEVED, 3, 8),
    TechniqueUse("grounding", ("g-1",), "", 4, None),
    Rationale(5, RationaleSubject.TECHNIQUE, "grounding", ("g-1",), "why", True),
    PhaseChange(6, Phase.STABILIZATION, Phase.PROCESSING, True, "stable"),
    SessionRecord(7, "2026-01-12", ("grounding",), "calm", ()),
    Measure(7, Instrument.SRS, 37, "2026-01-12"),
    SupervisionNote(10, "dr-okafor", "well paced", (2, 3)),
    SignatureEntry(
        version=11,
        signer_id="dr-okafor",
        meaning=SignatureMeaning.APPROVED,
        signed_version=10,
        signed_chain_value="k1:ab",
        outcome=SignatureOutcome.APPROVED,
        comment="ok",
    ),
    Correction(9, 2, "misrecorded"),
    Closure(12, ClosingReason.COMPLETED),
)

STORED = (
    b'[{"_type_":"case_Assessment","_data_":{"version":2,"basic_id":{"affect":4,'
    b'"behavior":1},"basic_id_notes":{"affect":"panics","behavior":""},'
    b'"stage_of_change":"action","relational_style":"anxious",'
    b'"learning_style":"experiential","psychological_mindedness":"high",'
    b'"emotional_reactivity":"moderate","risk":"low","notes":"first",'
    b'"corrected_by":[9]}},'
    b'{"_type_":"case_Goal","_data_":{"goal_id":"g-1","description":"Feel safe",'
    b'"modalities":["affect"],"agreed_with_client":true,"status":"achieved",'
    b'"version":3,"status_version":8,"corrected_by":[]}},'
    b'{"_type_":"case_TechniqueUse","_data_":{"technique":"grounding",'
    b'"goal_ids":["g-1"],"note":"","added_version":4,'
    b'"discontinued_version":null}},'
    b'{"_type_":"case_Rationale","_data_":{"version":5,"subject_kind":"technique",'
    b'"subject_ref":"grounding","goal_ids":["g-1"],"text":"why",'
    b'"explained_to_client":true,"corrected_by":[]}},'
    b'{"_type_":"case_PhaseChange","_data_":{"version":6,'
    b'"from_phase":"stabilization","to_phase":"processing","advanced":true,'
    b'"reason":"stable"}},'
    b'{"_type_":"case_SessionRecord","_data_":{"version":7,'
    b'"session_date":"2026-01-12","techniques_used":["grounding"],"note":"calm",'
    b'"corrected_by":[]}},'
    b'{"_type_":"case_Measure","_data_":{"version":7,"instrument":"srs",'
    b'"score":37,"session_date":"2026-01-12"}},'
    b'{"_type_":"case_SupervisionNote","_data_":{"version":10,'
    b'"supervisor_id":"dr-okafor","text":"well paced","refers_to":[2,3],'
    b'"corrected_by":[]}},'
    b'{"_type_":"case_SignatureEntry","_data_":{"version":11,'
    b'"signer_id":"dr-okafor","meaning":"approved","signed_version":10,'
    b'"signed_chain_value":"k1:ab","outcome":"approved","comment":"ok"}},'
    b'{"_type_":"case_Correction","_data_":{"version":9,"corrects":2,'
    b'"reason":"misrecorded"}},'
    b'{"_type_":"case_Closure","_data_":{"version":12,"reason":"completed"}}]'
)  # fmt: skip
"""`ENTRIES` as the committed code transcoded them before domain/entries.py was
split: a snapshot names each entry type by its class name alone."""


def transcoder() -> JSONTranscoder:
    found = JSONTranscoder()
    register_entry_transcodings(found)
    return found


def test_every_entry_type_is_in_the_stored_sample() -> None:
    assert {type(entry) for entry in ENTRIES} == set(ENTRY_TYPES)


def test_entries_stored_by_earlier_code_read_back_equal() -> None:
    assert transcoder().decode(STORED) == list(ENTRIES)


def test_entries_are_stored_as_earlier_code_stored_them() -> None:
    assert transcoder().encode(list(ENTRIES)) == STORED
