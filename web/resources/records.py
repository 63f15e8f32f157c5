"""Every write on a case, declared once as data: path, use case, schema, right."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar
from uuid import UUID

from flask import g
from marshmallow import Schema

from application.cases import CaseManagement, Recorded
from domain.commands import (
    AdvancePhase,
    ApplySignature,
    AssignSupervisor,
    ChangeGoalStatus,
    DiscontinueTechnique,
    MeasureAlliance,
    MeasureOutcome,
    RecordSupervisionNote,
    RemoveSupervisor,
    ReturnPhase,
)
from domain.envelope import Actor, acting
from domain.vocabulary import GoalStatus, Instrument, Role
from web.access import Need, require_role
from web.blueprints import Blueprint
from web.requests import IF_MATCH, etag, expected_version
from web.resources.common import (
    authorized,
    check_supervisors,
    document_problems,
    services,
)
from web.resources.signing import check_signing_secret
from web.schemas import erasure as e
from web.schemas import oversight as o
from web.schemas import records as s
from web.schemas.oversight import Signing
from web.schemas.reports import RecordedSchema

blp = Blueprint(
    "records", __name__, url_prefix="/api/cases/<uuid:case_id>",
    description="Recording events on a case (every write needs If-Match)",
)  # fmt: skip

C = TypeVar("C")
UseCase = Callable[[CaseManagement, UUID, int, C], Recorded]
"""A use case as its unbound method, e.g. `CaseManagement.agree_goal`."""
Build = Callable[[Any, Mapping[str, str], Actor], C]
"""The command from the body as its schema loaded it, the path and the actor."""


def _loaded(body: Any, path: Mapping[str, str], user: Actor) -> Any:
    """The body is the command: its schema built it (web/schemas/records.py)."""
    return body


@dataclass(frozen=True)
class Write(Generic[C]):
    path: str
    use_case: UseCase[C]
    schema: type[Schema] | None
    summary: str
    need: Need = Need.WRITE
    method: str = "POST"
    command: Build[C] = _loaded
    check: Callable[[UUID, Any, Actor], None] | None = None


Transition = AdvancePhase | ReturnPhase


def _admin(case_id: UUID, body: Any, user: Actor) -> None:
    require_role(user, Role.ADMIN)


def _confirm_erasure(
    cases: CaseManagement, case_id: UUID, version: int, _: None
) -> Recorded:
    return cases.confirm_erasure(case_id, version)


def _change_phase(
    cases: CaseManagement, case_id: UUID, version: int, command: Transition
) -> Recorded:
    if isinstance(command, AdvancePhase):
        return cases.advance_phase(case_id, version, command)
    return cases.return_phase(case_id, version, command)


def _goal_status(body: Any, path: Mapping[str, str], _: Actor) -> ChangeGoalStatus:
    return ChangeGoalStatus(path["goal_id"], GoalStatus(body["status"]), body["note"])


def _discontinuation(
    body: Any, path: Mapping[str, str], _: Actor
) -> DiscontinueTechnique:
    return DiscontinueTechnique(path["technique"], body["reason"])


def _alliance(body: Any, _: Mapping[str, str], __: Actor) -> MeasureAlliance:
    instrument = Instrument(body["instrument"])
    return MeasureAlliance(instrument, body["score"], body["session_date"])


def _outcome(body: Any, _: Mapping[str, str], __: Actor) -> MeasureOutcome:
    instrument = Instrument(body["instrument"])
    return MeasureOutcome(instrument, body["score"], body["session_date"])


def _note(body: Any, _: Mapping[str, str], user: Actor) -> RecordSupervisionNote:
    return RecordSupervisionNote(user.actor_id, body["text"], tuple(body["refers_to"]))


def _signature(body: Signing, _: Mapping[str, str], __: Actor) -> ApplySignature:
    return body.command


def _known_supervisor(_: UUID, command: AssignSupervisor, __: Actor) -> None:
    check_supervisors("supervisor_id", [command.supervisor_id])


def _removal(_: Any, path: Mapping[str, str], __: Actor) -> RemoveSupervisor:
    return RemoveSupervisor(path["supervisor_id"])


CM = CaseManagement
WRITES: list[Write[Any]] = [
    Write("assessments", CM.record_assessment, s.AssessmentSchema,
          "Record a BASIC I.D. assessment with stage, styles and risk."),
    Write("goals", CM.agree_goal, s.GoalSchema,
          "Record a goal agreed (or not) with the client."),
    Write("goals/<goal_id>/status", CM.change_goal_status, s.GoalStatusSchema,
          "Mark a goal in progress, achieved, revised or dropped.",
          command=_goal_status),
    Write("techniques", CM.add_technique, s.TechniqueSchema,
          "Add a catalogue technique to the plan, linked to goals."),
    Write("techniques/<technique>/discontinuation", CM.discontinue_technique,
          s.DiscontinuationSchema, "Stop an active technique, saying why.",
          command=_discontinuation),
    Write("phase-transitions", _change_phase, s.PhaseTransitionSchema,
          "Advance to the next phase, or return to an earlier one with a reason."),
    Write("rationales", CM.give_rationale, s.RationaleSchema,
          "Justify a technique, the phase or the strategy by the goals it serves."),
    Write("sessions", CM.record_session, s.SessionSchema,
          "Record a session and the active techniques it used."),
    Write("alliance-measures", CM.measure_alliance, s.AllianceMeasureSchema,
          "Record a WAI-SR (12-60) or SRS (0-40) alliance score.", command=_alliance),
    Write("outcome-measures", CM.measure_outcome, s.OutcomeMeasureSchema,
          "Record an ORS (0-40) outcome score.", command=_outcome),
    Write("supervision-notes", CM.record_supervision_note, o.SupervisionNoteSchema,
          "Record the acting supervisor's note on the case.", need=Need.SUPERVISE,
          command=_note),
    Write("review-requests", CM.request_review, o.ReviewRequestSchema,
          "Ask the case's supervisors to review the history up to a version."),
    Write("signatures", CM.apply_signature, o.SignatureSchema,
          "Sign a version (authored, reviewed, approved) with the signing secret.",
          need=Need.READ, check=check_signing_secret, command=_signature),
    Write("corrections", CM.correct_entry, o.CorrectionSchema,
          "Correct an earlier entry; the original stays in the history."),
    Write("supervisors", CM.assign_supervisor, o.SupervisorSchema,
          "Assign a supervisor to the case.", need=Need.ASSIGN,
          check=_known_supervisor),
    Write("supervisors/<supervisor_id>", CM.remove_supervisor, None,
          "Take a supervisor off the case.", need=Need.ASSIGN, method="DELETE",
          command=_removal),
    Write("closure", CM.close_case, o.ClosureSchema, "Close the case with a reason."),
    Write("reopening", CM.reopen_case, o.ReopeningSchema, "Reopen a closed case."),
    Write("legal-hold", CM.place_legal_hold, e.LegalHoldSchema,
          "Keep the case from erasure until the hold is lifted (admins).",
          need=Need.ERASE, check=_admin),
    Write("legal-hold/lifting", CM.lift_legal_hold, e.LegalHoldSchema,
          "Lift the case's legal hold (admins).", need=Need.ERASE, check=_admin),
    Write("erasure-requests", CM.request_erasure, e.ErasureRequestSchema,
          "Ask for the case's text to be erased (admins); a second admin or an "
          "auditor confirms at .../erasure.", need=Need.ERASE, check=_admin),
    Write("erasure", _confirm_erasure, None,
          "Confirm an erasure someone else asked for (an admin or an auditor): "
          "the case's key is destroyed, and its text with it.", need=Need.ERASE),
]  # fmt: skip


def _view(write: Write) -> Callable[..., Any]:
    def record(*args: Any, case_id: UUID, **path: str) -> Any:
        body = args[0] if args else None
        user = authorized(case_id, write.need)
        if write.check is not None:
            write.check(case_id, body, user)
        version = expected_version()
        command = write.command(body, path, user)
        with acting(user, g.request_id):
            recorded = write.use_case(services().cases, case_id, version, command)
        return recorded, 201, etag(recorded.version)

    record.__name__ = write.path.replace("/", "_").replace("<", "").replace(">", "")
    record.__doc__ = write.summary
    view = document_problems(blp, "401", "403", "404", "409", "412", "422", "428")(
        record
    )
    view = blp.doc(parameters=[IF_MATCH])(view)
    view = blp.response(
        201, RecordedSchema, headers={"ETag": {"schema": {"type": "string"}}}
    )(view)
    if write.schema is not None:
        view = blp.arguments(write.schema)(view)
    return view


for _write in WRITES:
    blp.route(f"/{_write.path}", endpoint=_write.path, methods=[_write.method])(
        _view(_write)
    )
