"""FHIR R4 Provenance for every event (with its signature) and AuditEvent per read."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from uuid import UUID

from application.fhir_refs import (
    CHAIN_EXTENSION,
    CORRELATION_EXTENSION,
    EVENT_SYSTEM,
    MEANING_SYSTEM,
    OUTCOME_SYSTEM,
    READ_SYSTEM,
    SIGNED_CHAIN_EXTENSION,
    case_version,
    coding,
    concept,
    full_url,
    instant,
    person,
    resource_id,
    role,
)
from application.history import HistoryEntry
from domain.case import Case

ASTM = "urn:iso-astm:E1762-95:2013"
SIGNATURE_TYPES = {  # ASTM E1762 signature types for the 21 CFR 11.50 meanings
    "authored": ("1.2.840.10065.1.12.1.1", "Author's Signature"),
    "reviewed": ("1.2.840.10065.1.12.1.13", "Review Signature"),
    "approved": ("1.2.840.10065.1.12.1.6", "Validation Signature"),
}
PARTICIPANT_TYPES = "http://terminology.hl7.org/CodeSystem/provenance-participant-type"
AUDIT_EVENT_TYPES = "http://terminology.hl7.org/CodeSystem/audit-event-type"
REFUSED_READS = frozenset({"signature-refused"})


def _signature(entry: HistoryEntry) -> dict[str, Any]:
    """The signer, time, meaning and outcome; ASTM's signature type only when the
    outcome approves (a request for edits signs nothing off). What was signed is
    the chain value that seals the history up to the signed version: it goes in
    an extension, not in `data`, which is for cryptographic signature bytes."""
    fields = entry.fields
    types = [
        coding(MEANING_SYSTEM, fields["meaning"], fields["meaning"]),
        coding(OUTCOME_SYSTEM, fields["outcome"], fields["outcome"]),
    ]
    if fields["outcome"] == "approved":
        types.insert(0, coding(ASTM, *SIGNATURE_TYPES[fields["meaning"]]))
    return {
        "extension": [
            {"url": SIGNED_CHAIN_EXTENSION, "valueString": fields["signed_chain_value"]}
        ],
        "type": types,
        "when": instant(entry.timestamp),
        "who": person(fields["signer_id"]),
    }


def _entities(case_id: UUID, entry: HistoryEntry) -> list[dict[str, Any]]:
    # The CarePlan derives from this event; a correction revises an earlier
    # one; a signature's source is the version it signed.
    entities = [{"role": "derivation", "what": case_version(case_id, entry.version)}]
    if entry.is_a(Case.EntryCorrected):
        corrected = case_version(case_id, entry.fields["corrects"])
        entities.append({"role": "revision", "what": corrected})
    if entry.is_a(Case.SignatureApplied):
        signed = case_version(case_id, entry.fields["signed_version"])
        entities.append({"role": "source", "what": signed})
    return entities


def provenance(
    case_id: UUID, care_plan: str, entry: HistoryEntry, *, clinical: bool
) -> dict[str, Any]:
    """Who recorded one event, when and for which request, with its chain value."""
    found: dict[str, Any] = {
        "resourceType": "Provenance",
        "id": resource_id(case_id, f"event:{entry.version}"),
        "extension": [
            {"url": CHAIN_EXTENSION, "valueString": entry.chain},
            {"url": CORRELATION_EXTENSION, "valueString": entry.correlation_id},
        ],
        "target": [{"reference": care_plan}],
        "occurredDateTime": instant(entry.timestamp),
        "recorded": instant(entry.timestamp),
        "activity": concept(EVENT_SYSTEM, entry.event_type, entry.summary),
        "agent": [
            {
                "type": concept(PARTICIPANT_TYPES, "author", "Author"),
                "role": [role(entry.actor_role)],
                "who": person(entry.actor_id),
            }
        ],
        "entity": _entities(case_id, entry),
    }
    if clinical and entry.is_a(Case.EntryCorrected):
        found["reason"] = [{"text": entry.fields["reason"]}]
    if entry.is_a(Case.SignatureApplied):
        found["signature"] = [_signature(entry)]
    return found


def audit_event(
    case_id: UUID, care_plan: str, access: Mapping[str, Any]
) -> dict[str, Any]:
    """One access-log row: who read which view of the case, at which version."""
    details = [{"type": "correlation_id", "valueString": access["correlation_id"]}]
    if access["version"] is not None:
        details.append({"type": "version", "valueString": str(access["version"])})
    refused = access["what"] in REFUSED_READS
    return {
        "resourceType": "AuditEvent",
        "id": resource_id(case_id, f"access:{access['id']}"),
        "type": coding(AUDIT_EVENT_TYPES, "rest", "RESTful Operation"),
        "subtype": [coding(READ_SYSTEM, access["what"], access["what"])],
        "action": "E" if refused else "R",
        "recorded": instant(access["at"]),
        "outcome": "4" if refused else "0",
        "agent": [
            {
                "role": [role(access["actor_role"])],
                "who": person(access["actor_id"]),
                "requestor": True,
            }
        ],
        "source": {"observer": {"display": "casebook"}},
        "entity": [
            {
                "what": {"reference": care_plan},
                "name": access["what"],
                "detail": details,
            }
        ],
    }


def entry_for(resource: dict[str, Any]) -> dict[str, Any]:
    """A Bundle entry whose full URL is the resource's urn:uuid."""
    return {"fullUrl": full_url(resource["id"]), "resource": resource}
