"""The Case's supervision: notes, review requests and signatures on versions."""

from __future__ import annotations

from eventsourcing.domain import event

from domain import entries, payloads, values
from domain.case_state import CaseEvent, CaseState, refuse
from domain.commands import RecordSupervisionNote
from domain.exceptions import InvalidValue
from domain.vocabulary import Role, SignatureMeaning, SignatureOutcome, member

SIGNING_ROLES = {
    SignatureMeaning.AUTHORED: Role.CLINICIAN,
    SignatureMeaning.REVIEWED: Role.SUPERVISOR,
    SignatureMeaning.APPROVED: Role.SUPERVISOR,
}


class SupervisionAndSignatures(CaseState):
    """Supervisors' notes on the history, requests for their review, and the
    signatures that vouch for a version of it."""

    def record_supervision_note(self, command: RecordSupervisionNote) -> None:
        payload = payloads.supervision_note(payloads.fields_of(command))
        self._check_supervisor(payload["supervisor_id"])
        for version in payload["refers_to"]:
            self._check_version_exists(version, "refers_to")
        self._record_supervision_note(**payload)

    class SupervisionNoteRecorded(CaseEvent):
        supervisor_id: str
        text: str
        FREE_TEXT = ("text",)
        refers_to: list[int]

    @event(SupervisionNoteRecorded)
    def _record_supervision_note(
        self, supervisor_id: str, text: str, refers_to: list[int]
    ) -> None:
        self.notes.append(
            entries.SupervisionNote(
                self._next_version(), supervisor_id, text, tuple(refers_to)
            )
        )

    def request_review(self, up_to_version: int) -> None:
        self._check_version_exists(
            values.version(up_to_version, "up_to_version"), "up_to_version"
        )
        self._request_review(up_to_version=up_to_version)

    class ReviewRequested(CaseEvent):
        up_to_version: int

    @event(ReviewRequested)
    def _request_review(self, up_to_version: int) -> None:
        self.review_requests.append(up_to_version)

    def apply_signature(
        self,
        *,
        signer_id: str,
        signer_role: str,
        meaning: str,
        signed_version: int,
        signed_chain_value: str,
        outcome: str,
        comment: str = "",
    ) -> None:
        chosen = values.parse(SignatureMeaning, meaning, "meaning")
        result = values.parse(SignatureOutcome, outcome, "outcome")
        role = values.parse(Role, signer_role, "signer_role")
        if SIGNING_ROLES[chosen] is not role:
            raise refuse(
                "signer-role",
                f"a {role.value} may not sign with meaning {chosen.value!r}",
            )
        if role is Role.CLINICIAN and signer_id != self.clinician_id:
            raise refuse("signer-role", f"{signer_id!r} is not this case's clinician")
        if role is Role.SUPERVISOR:
            self._check_supervisor(signer_id)
        if (
            chosen is SignatureMeaning.AUTHORED
            and result is not SignatureOutcome.APPROVED
        ):
            raise InvalidValue("outcome", "an authored signature cannot request edits")
        comment = values.text(
            comment, "comment", required=result is SignatureOutcome.EDITS_REQUESTED
        )
        self._check_version_exists(
            values.version(signed_version, "signed_version"), "signed_version"
        )
        if self.chain_values[signed_version - 1] != signed_chain_value:
            raise refuse(
                "chain-matches",
                "signed_chain_value does not match the history"
                f" at version {signed_version}",
            )
        self._apply_signature(
            signer_id=signer_id,
            meaning=chosen.value,
            signed_version=signed_version,
            signed_chain_value=signed_chain_value,
            outcome=result.value,
            comment=comment,
        )

    class SignatureApplied(CaseEvent):
        signer_id: str
        meaning: str
        signed_version: int
        signed_chain_value: str
        outcome: str
        comment: str
        FREE_TEXT = ("comment",)

    @event(SignatureApplied)
    def _apply_signature(
        self,
        signer_id: str,
        meaning: str,
        signed_version: int,
        signed_chain_value: str,
        outcome: str,
        comment: str,
    ) -> None:
        self.signatures.append(
            entries.SignatureEntry(
                version=self._next_version(),
                signer_id=signer_id,
                meaning=member(SignatureMeaning, meaning),
                signed_version=signed_version,
                signed_chain_value=signed_chain_value,
                outcome=member(SignatureOutcome, outcome),
                comment=comment,
            )
        )
