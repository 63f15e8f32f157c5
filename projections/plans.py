"""Read model: the current plan of every case, as the API reports it.

Each row is sealed with the integrity key over who the case is for and what
it shows: a row edited in the database is never served and never decides
who may see the case (`CurrentPlan.read`)."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any
from uuid import UUID

from sqlalchemy import Column, Integer, String, Table, Text, Uuid

from domain.chain import GENESIS, ChainKeys, canonical_content, seal, seal_problem
from domain.free_text import TextCipher, TextUnreadable
from projections.schema import Json, UtcDateTime, metadata
from projections.state import CaseState, Row

plans = Table(
    "current_plans",
    metadata,
    Column("case_id", Uuid, primary_key=True),
    Column("version", Integer, nullable=False),
    Column("client_ref", String(64), nullable=False, index=True),
    Column("clinician_id", String(128), nullable=False),
    Column("supervisor_ids", Json, nullable=False),
    # Who signed, in the report's order: a kept answer shows their names as
    # the accounts give them now, without decrypting the report to find them.
    Column("signer_ids", Json, nullable=False),
    Column("status", String(16), nullable=False),
    Column("strategy", String(64), nullable=False),
    Column("phase", String(32), nullable=False),
    # As JSON text, so that the seal covers exactly what is stored.
    Column("report", Text, nullable=False),
    # The coherence report beside the plan: a plan read is then one
    # primary-key lookup, not a join over the findings table.
    Column("coherence", Text, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    Column("seal", String(80), nullable=False),
)

SEALED = ("case_id", "version", "clinician_id", "supervisor_ids", "signer_ids",
          "report", "coherence")  # fmt: skip


def _content(row: Any) -> bytes:
    return canonical_content("CurrentPlan", {name: row[name] for name in SEALED})


ENCRYPTED = "enc:"
"""How an encrypted report starts (a plaintext one is JSON, `{`)."""


def _report_context(case_id: UUID) -> bytes:
    return f"current-plan:{case_id}".encode()


def stored_report(state: CaseState, cipher: TextCipher) -> str:
    """The plan report as stored: encrypted under the case's key, which holds
    its free text; as plain JSON for a case that has no key (none written yet,
    or erased: then its text reads as erased already)."""
    text = json.dumps(state.report, separators=(",", ":"))
    if state.erased:
        return text
    token = cipher.encrypt(state.case_id, _report_context(state.case_id),
                           text.encode(), create=False)  # fmt: skip
    return text if token is None else ENCRYPTED + token


def rows(state: CaseState, keys: ChainKeys, cipher: TextCipher) -> list[Row]:
    plan = state.plan
    row: Row = {
        "case_id": state.case_id,
        "version": plan.version,
        "client_ref": plan.client_ref,
        "clinician_id": plan.clinician_id,
        "supervisor_ids": list(plan.supervisor_ids),
        "signer_ids": [signature.signer_id for signature in plan.signatures],
        "status": state.status,
        "strategy": plan.strategy.value,
        "phase": plan.phase.value,
        "report": stored_report(state, cipher),
        "coherence": json.dumps(state.coherence, separators=(",", ":")),
        "updated_at": state.last_activity,
    }
    row["seal"] = seal(keys, GENESIS, _content(row))
    return [row]


class RowTampered(Exception):
    """A read-model row is not as the projector wrote it."""

    def __init__(self, case_id: UUID, reason: str) -> None:
        super().__init__(f"the current plan row of case {case_id}: {reason}")
        self.case_id = case_id


Reports = tuple[dict[str, Any], dict[str, Any]]
"""A plan report and its coherence report."""


@dataclass(frozen=True)
class CurrentPlan:
    """A case's row as the web layer reads it, once its seal holds: who may
    read the case, and its plan and coherence reports as `plan_report` and
    `coherence_report` gave them, decoded when first asked for. Deciding who
    may write needs only the former, and decrypting and parsing a grown plan's
    report cost a write more than the rest of its authorization."""

    version: int
    clinician_id: str
    supervisor_ids: list[str]
    signer_ids: list[str]
    """Who signed, in the order of the plan report's signatures."""
    decode: Callable[[], Reports] = field(repr=False, compare=False)
    """The reports (`RowTampered` if they do not decrypt: the key was altered)."""

    @cached_property
    def reports(self) -> Reports:
        return self.decode()

    @property
    def report(self) -> dict[str, Any]:
        return self.reports[0]

    @property
    def coherence(self) -> dict[str, Any]:
        return self.reports[1]

    @classmethod
    def read(cls, row: Any, keys: ChainKeys, cipher: TextCipher) -> CurrentPlan:
        """The row's plan, once its seal holds and its key is there; else
        `RowTampered` (a row encrypted under a key since destroyed is stale)."""
        case_id, stored, coherence = row["case_id"], row["report"], row["coherence"]
        problem = seal_problem(keys, GENESIS, _content(row), row["seal"])
        if problem is not None:
            raise RowTampered(case_id, problem)
        if stored.startswith(ENCRYPTED) and not cipher.has_key(case_id):
            raise RowTampered(case_id, "its report was encrypted under an erased key")

        def decode() -> Reports:
            return report_of(row, cipher), json.loads(coherence)

        return cls(row["version"], row["clinician_id"], list(row["supervisor_ids"]),
                   list(row["signer_ids"]), decode)  # fmt: skip


def report_of(row: Any, cipher: TextCipher) -> dict[str, Any]:
    case_id, stored = row["case_id"], row["report"]
    if not stored.startswith(ENCRYPTED):
        found: dict[str, Any] = json.loads(stored)
        return found
    try:
        opened = cipher.decrypt(case_id, _report_context(case_id),
                                stored[len(ENCRYPTED) :])  # fmt: skip
    except TextUnreadable as error:
        raise RowTampered(case_id, str(error)) from None
    if opened is None:
        raise RowTampered(case_id, "its report was encrypted under an erased key")
    decrypted: dict[str, Any] = json.loads(opened)
    return decrypted
