"""The code systems, identifiers and references Casebook's FHIR R4 export uses."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID, uuid5

BASE = "https://casebook.example/fhir/"
CASE_SYSTEM = BASE + "case"
CASE_VERSION_SYSTEM = BASE + "case-version"
CLIENT_SYSTEM = BASE + "client-ref"
USER_SYSTEM = BASE + "user"
GOAL_SYSTEM = BASE + "goal"
TECHNIQUE_SYSTEM = BASE + "CodeSystem/technique"
STRATEGY_SYSTEM = BASE + "CodeSystem/strategy"
MODALITY_SYSTEM = BASE + "CodeSystem/basic-id"
ROLE_SYSTEM = BASE + "CodeSystem/role"
EVENT_SYSTEM = BASE + "CodeSystem/event-type"
MEANING_SYSTEM = BASE + "CodeSystem/signature-meaning"
OUTCOME_SYSTEM = BASE + "CodeSystem/signature-outcome"
VERIFICATION_SYSTEM = BASE + "CodeSystem/history-verification"
VIEW_SYSTEM = BASE + "CodeSystem/export-view"
READ_SYSTEM = BASE + "CodeSystem/read"
CHAIN_EXTENSION = BASE + "StructureDefinition/chain-value"
CORRELATION_EXTENSION = BASE + "StructureDefinition/correlation-id"
SIGNED_CHAIN_EXTENSION = BASE + "StructureDefinition/signed-chain-value"


def resource_id(case_id: UUID, name: str) -> str:
    """A stable id: exporting the same history twice names resources alike."""
    return str(uuid5(case_id, name))


def full_url(resource_uuid: str) -> str:
    return f"urn:uuid:{resource_uuid}"


def instant(moment: datetime) -> str:
    """A FHIR instant: an aware ISO 8601 time."""
    return moment.isoformat()


def coding(system: str, code: str, display: str | None = None) -> dict[str, Any]:
    found = {"system": system, "code": code}
    if display is not None:
        found["display"] = display
    return found


def concept(system: str, code: str, text: str | None = None) -> dict[str, Any]:
    return {"coding": [coding(system, code)], "text": text or code}


def person(user_id: str) -> dict[str, Any]:
    """A Casebook user, referenced by identifier: the export has no Practitioner."""
    return {
        "type": "Practitioner",
        "identifier": {"system": USER_SYSTEM, "value": user_id},
        "display": user_id,
    }


def role(role_name: str) -> dict[str, Any]:
    return concept(ROLE_SYSTEM, role_name)


def client(client_ref: str) -> dict[str, Any]:
    """The pseudonymous client the plan is for."""
    return {
        "type": "Patient",
        "identifier": {"system": CLIENT_SYSTEM, "value": client_ref},
        "display": client_ref,
    }


def case_version(case_id: UUID, version: int) -> dict[str, Any]:
    return {
        "identifier": {"system": CASE_VERSION_SYSTEM, "value": f"{case_id}/{version}"},
        "display": f"case version {version}",
    }
