"""Every write on a case, declared once as data: path, schema, use case, right."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from uuid import UUID

from flask import g
from marshmallow import Schema

from domain.envelope import Actor, acting
from web.access import Need
from web.blueprints import Blueprint
from web.requests import etag, expected_version
from web.resources.common import authorized, document_problems, services
from web.resources.signing import check_signing_secret
from web.schemas import records as s
from web.schemas.reports import RecordedSchema

blp = Blueprint(
    "records", __name__, url_prefix="/api/cases/<uuid:case_id>",
    description="Recording events on a case (every write needs If-Match)",
)  # fmt: skip

Fields = dict[str, Any]


def _as_recorded(fields: Fields) -> Fields:
    """Dates travel as ISO strings into the domain, as they are stored."""
    return {k: v.isoformat() if isinstance(v, date) else v for k, v in fields.items()}


@dataclass(frozen=True)
class Write:
    path: str
    use_case: str | Callable[[Fields], str]
    schema: type[Schema] | None
    summary: str
    need: Need = Need.WRITE
    method: str = "POST"
    prepare: Callable[[Fields, Actor], Fields] = field(default=lambda f, _: f)
    check: Callable[[UUID, Fields, Actor], None] | None = None


def _phase_use_case(fields: Fields) -> str:
    return "advance_phase" if fields["direction"] == "advance" else "return_phase"


def _phase_fields(fields: Fields, _: Actor) -> Fields:
    chosen = {"to_phase": fields["to_phase"]}
    return (
        chosen
        if fields["direction"] == "advance"
        else {**chosen, "reason": fields["reason"]}
    )


WRITES = [
    Write("assessments", "record_assessment", s.AssessmentSchema,
          "Record a BASIC I.D. assessment with stage, styles and risk.",
          prepare=lambda f, _: {**f, "basic_id": f["basic_id"]}),
    Write("goals", "agree_goal", s.GoalSchema,
          "Record a goal agreed (or not) with the client."),
    Write("goals/<goal_id>/status", "change_goal_status", s.GoalStatusSchema,
          "Mark a goal in progress, achieved, revised or dropped."),
    Write("techniques", "add_technique", s.TechniqueSchema,
          "Add a catalogue technique to the plan, linked to goals."),
    Write("techniques/<technique>/discontinuation", "discontinue_technique",
          s.DiscontinuationSchema, "Stop an active technique, saying why."),
    Write("phase-transitions", _phase_use_case, s.PhaseTransitionSchema,
          "Advance to the next phase, or return to an earlier one with a reason.",
          prepare=_phase_fields),
    Write("rationales", "give_rationale", s.RationaleSchema,
          "Justify a technique, the phase or the strategy by the goals it serves."),
    Write("sessions", "record_session", s.SessionSchema,
          "Record a session and the active techniques it used."),
    Write("alliance-measures", "measure_alliance", s.MeasureSchema,
          "Record a WAI-SR (12-60) or SRS (0-40) alliance score."),
    Write("outcome-measures", "measure_outcome", s.MeasureSchema,
          "Record an ORS (0-40) outcome score."),
    Write("supervision-notes", "record_supervision_note", s.SupervisionNoteSchema,
          "Record the acting supervisor's note on the case.", need=Need.SUPERVISE,
          prepare=lambda f, user: {**f, "supervisor_id": user.actor_id}),
    Write("review-requests", "request_review", s.ReviewRequestSchema,
          "Ask the case's supervisors to review the history up to a version."),
    Write("signatures", "apply_signature", s.SignatureSchema,
          "Sign a version (authored, reviewed, approved) with the signing secret.",
          need=Need.READ, check=check_signing_secret,
          prepare=lambda f, _: {k: v for k, v in f.items() if k != "signing_secret"}),
    Write("corrections", "correct_entry", s.CorrectionSchema,
          "Correct an earlier entry; the original stays in the history."),
    Write("supervisors", "assign_supervisor", s.SupervisorSchema,
          "Assign a supervisor to the case.", need=Need.ASSIGN),
    Write("supervisors/<supervisor_id>", "remove_supervisor", None,
          "Take a supervisor off the case.", need=Need.ASSIGN, method="DELETE"),
    Write("closure", "close_case", s.ClosureSchema, "Close the case with a reason."),
    Write("reopening", "reopen_case", s.ReopeningSchema, "Reopen a closed case."),
]  # fmt: skip


def _view(write: Write) -> Callable[..., Any]:
    def record(*args: Fields, case_id: UUID, **path: str) -> Any:
        body = args[0] if args else {}
        user = authorized(case_id, write.need)
        if write.check is not None:
            write.check(case_id, body, user)
        version = expected_version()
        fields = _as_recorded({**write.prepare(body, user), **path})
        use_case = (
            write.use_case if isinstance(write.use_case, str) else write.use_case(body)
        )
        with acting(user, g.request_id):
            recorded = getattr(services().cases, use_case)(case_id, version, **fields)
        return recorded, 201, etag(recorded.version)

    record.__name__ = write.path.replace("/", "_").replace("<", "").replace(">", "")
    record.__doc__ = write.summary
    view = document_problems(blp, "401", "403", "404", "409", "412", "422", "428")(
        record
    )
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
