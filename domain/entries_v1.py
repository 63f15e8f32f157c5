"""Reading a case snapshot taken at class version 1, when entries were dicts."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from domain.entries import (
    Closure,
    Correction,
    Payload,
    SignatureEntry,
    assessment,
    goal,
    note,
    rationale,
    session,
)
from domain.plan import Measure, PhaseChange, TechniqueUse
from domain.vocabulary import (
    ClosingReason,
    GoalStatus,
    Instrument,
    Phase,
    SignatureMeaning,
    SignatureOutcome,
    member,
)


def upcast_v1(state: dict[str, Any]) -> None:
    """A snapshot of a case that held its entries as dicts, read as entries."""

    def records(
        name: str, build: Callable[[Payload, int, tuple[int, ...]], Any]
    ) -> None:
        state[name] = [
            build(r["payload"], r["version"], tuple(r["corrected_by"]))
            for r in state[name]
        ]

    for name, build in (("assessments", assessment), ("rationales", rationale),
                        ("sessions", session), ("notes", note)):  # fmt: skip
        records(name, build)
    state["goals"] = [
        goal(r["payload"], r["version"], tuple(r["corrected_by"]),
             member(GoalStatus, r["status"]), r["status_version"])
        for r in state["goals"]
    ]  # fmt: skip
    state["techniques"] = [
        TechniqueUse(t["technique"], tuple(t["goal_ids"]), t["note"],
                     t["added_version"], t["discontinued_version"])
        for t in state["techniques"]
    ]  # fmt: skip
    state["phase_changes"] = [
        PhaseChange(c["version"], member(Phase, c["from_phase"]),
                    member(Phase, c["to_phase"]), c["advanced"], c["reason"])
        for c in state["phase_changes"]
    ]  # fmt: skip
    for name in ("alliance", "outcomes"):
        state[name] = [
            Measure(m["version"], member(Instrument, m["instrument"]), m["score"],
                    m["session_date"])
            for m in state[name]
        ]  # fmt: skip
    state["signatures"] = [
        SignatureEntry(s["version"], s["signer_id"],
                       member(SignatureMeaning, s["meaning"]), s["signed_version"],
                       s["signed_chain_value"], member(SignatureOutcome, s["outcome"]),
                       s["comment"])
        for s in state["signatures"]
    ]  # fmt: skip
    state["corrections"] = [
        Correction(c["version"], c["corrects"], c["reason"])
        for c in state["corrections"]
    ]
    state["closures"] = [
        Closure(c["version"], member(ClosingReason, c["reason"]))
        for c in state["closures"]
    ]
