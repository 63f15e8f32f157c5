"""What the case pages read: a case's plan, its replayed steps and notes, each
read authorized as the API authorizes it and put on the access log."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from application.replay import MAX_LIMIT, ReplayStep, replay
from cli.render import readable_summary
from domain.envelope import Actor
from web.access import Need
from web.resources.common import authorized, log_access, services

STATUS_WORDS = {
    "coherent": "coherent",
    "attention": "needs attention",
    "incoherent": "incoherent",
}


@dataclass(frozen=True)
class CaseRead:
    """A case as a page shows it: the user reading it, its plan and coherence
    now, and every step of its history."""

    user: Actor
    case_id: UUID
    plan: dict[str, Any]
    coherence: dict[str, Any]
    steps: list[ReplayStep]

    @property
    def version(self) -> int:
        return len(self.steps)

    @property
    def client_ref(self) -> str:
        return str(self.plan["client_ref"])

    def step(self, number: int) -> ReplayStep:
        return self.steps[number - 1]


def read_case(case_id: UUID, what: str, need: Need = Need.READ) -> CaseRead:
    """The case, if the signed-in user may `need` it (a case they cannot see is
    a 404, as in the API); the read goes on the access log as `what`."""
    user = authorized(case_id, need)
    steps = all_steps(case_id)
    last = steps[-1]
    read = CaseRead(user, case_id, last.plan, last.coherence, steps)
    log_access(case_id, read.version, what)
    return read


def all_steps(case_id: UUID) -> list[ReplayStep]:
    """Every step of the case's history, replayed page by page."""
    cases = services().cases
    steps: list[ReplayStep] = []
    while True:
        found = replay(cases, case_id, limit=MAX_LIMIT, offset=len(steps))
        steps += found.items
        if not found.items or len(steps) >= found.total:
            return steps


def named(name: str) -> str:
    """A technique's catalogue name for its id; the id if the catalogue has none."""
    entry = services().cases.catalogue.techniques.get(name)
    return entry.name if entry else name


def summary(step: ReplayStep) -> str:
    return readable_summary(step.summary, services().cases.catalogue)


def finding_view(found: dict[str, Any]) -> dict[str, Any]:
    return {
        "rule": found["rule"],
        "severity": found["severity"],
        "message": found["message"],
        "cites": list(found["cites"]),
    }


def step_view(step: ReplayStep) -> dict[str, Any]:
    """One step as the timeline shows it, and as its script receives it."""
    plan, coherence = step.plan, step.coherence
    return {
        "version": step.version,
        "when": f"{step.timestamp:%Y-%m-%d %H:%M} UTC",
        "who": f"{step.actor_id} ({step.actor_role})",
        "what": summary(step),
        "event_type": step.event_type,
        "status": coherence["status"],
        "status_words": STATUS_WORDS.get(coherence["status"], coherence["status"]),
        "phase": plan["phase"].replace("_", " "),
        "case_status": plan["status"],
        "techniques": [
            f"{t['name']} ({(t['school'] or 'unknown school').upper()})"
            for t in plan["techniques"]
        ],
        "goals": [
            f"{g['goal_id']}: {g['description']} ({g['status'].replace('_', ' ')})"
            for g in plan["goals"]
        ],
        "findings": [finding_view(f) for f in coherence["findings"]],
        "appeared": [finding_view(f) for f in step.appeared],
        "resolved": [finding_view(f) for f in step.resolved],
    }


def signatures(read: CaseRead) -> list[dict[str, Any]]:
    """Each signature, newest first, with its signer's name (as accounts name
    users now), when it was made and what it means."""
    name = services().accounts.display_name
    return [
        {
            **s,
            "signer_name": name(s["signer_id"]),
            "signed_at": read.step(s["version"]).timestamp,
            "outcome_words": s["outcome"].replace("_", " "),
        }
        for s in sorted(read.plan["signatures"], key=lambda s: -s["version"])
    ]


def pending_reviews(read: CaseRead) -> list[int]:
    """Review requests no supervisor's signature has answered yet."""
    signed = max(
        (s["signed_version"] for s in read.plan["signatures"]
         if s["meaning"] != "authored"),
        default=0,
    )  # fmt: skip
    return sorted({v for v in read.plan["review_requests"] if v > signed})


def notes(read: CaseRead) -> list[dict[str, Any]]:
    """The supervision notes, as corrected, oldest first."""
    case = services().cases.load_case(read.case_id)
    name = services().accounts.display_name
    return [
        {
            "version": n.version,
            "supervisor": name(n.supervisor_id),
            "text": n.text,
            "refers_to": list(n.refers_to),
            "when": read.step(n.version).timestamp,
        }
        for n in case.notes
    ]
