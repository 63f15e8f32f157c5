"""Signatures bind to a version of the history; a later change supersedes them."""

from __future__ import annotations

from domain.case import Case
from domain.case_view import plan_of
from domain.commands import RecordSupervisionNote
from domain.vocabulary import SignatureOutcome
from tests.unit.test_case_invariants import (
    add_technique,
    clinician,
    with_goal_and_technique,
)

__all__ = ["clinician"]  # the autouse fixture that sets who is acting


def sign(case: Case, outcome: str = "approved", comment: str = "") -> None:
    case.apply_signature(
        signer_id="dr-okafor", signer_role="supervisor", meaning="approved",
        signed_version=case.version, signed_chain_value=case.chain_values[-1],
        outcome=outcome, comment=comment,
    )  # fmt: skip


def test_a_signature_over_the_latest_version_is_current() -> None:
    case = with_goal_and_technique()
    case.request_review(up_to_version=case.version)
    sign(case)
    signed_at = case.modified_on
    case.request_review(up_to_version=case.version)  # record-keeping, not a change
    (signature,) = plan_of(case).signatures
    assert signature.superseded_by is None
    assert signature.signed_at == signed_at


def test_a_later_change_supersedes_the_signature_and_names_its_version() -> None:
    case = with_goal_and_technique()
    sign(case)
    signed_at = case.version
    add_technique("psychoeducation", ["g1"])(case)
    (signature,) = plan_of(case).signatures
    assert signature.signed_version == signed_at - 1
    assert signature.superseded_by == signed_at + 1


def test_edits_requested_then_made_then_re_signed_leaves_one_current_approval() -> None:
    case = with_goal_and_technique()
    sign(case, outcome="edits_requested", comment="link grounding to a goal")
    add_technique("psychoeducation", ["g1"])(case)
    case.request_review(up_to_version=case.version)
    sign(case)
    first, second = plan_of(case).signatures
    assert first.outcome is SignatureOutcome.EDITS_REQUESTED
    assert first.superseded_by is not None
    assert second.outcome is SignatureOutcome.APPROVED
    assert second.superseded_by is None


def test_notes_and_supervisor_changes_leave_the_signature_standing() -> None:
    case = with_goal_and_technique()
    sign(case)
    case.record_supervision_note(
        RecordSupervisionNote(
            supervisor_id="dr-okafor", text="Discussed pacing.", refers_to=()
        )
    )
    case.assign_supervisor("dr-lund")
    case.remove_supervisor("dr-lund")
    (signature,) = plan_of(case).signatures
    assert signature.superseded_by is None
