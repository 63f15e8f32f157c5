"""Every operation of the OpenAPI document, and whose token exercises it."""

from __future__ import annotations

from uuid import UUID

# The user with the most rights over the operation, so that fuzzing reaches past
# authorization; the `case_id` fixture's case is dr-rivera's, under dr-okafor.
OPERATIONS: dict[str, str] = {
    "GET /api/cases/": "dr-rivera",
    "POST /api/cases/": "dr-rivera",
    "GET /api/cases/{case_id}": "dr-rivera",
    "POST /api/cases/{case_id}/assessments": "dr-rivera",
    "POST /api/cases/{case_id}/goals": "dr-rivera",
    "POST /api/cases/{case_id}/goals/{goal_id}/status": "dr-rivera",
    "POST /api/cases/{case_id}/techniques": "dr-rivera",
    "POST /api/cases/{case_id}/techniques/{technique}/discontinuation": "dr-rivera",
    "POST /api/cases/{case_id}/phase-transitions": "dr-rivera",
    "POST /api/cases/{case_id}/rationales": "dr-rivera",
    "POST /api/cases/{case_id}/sessions": "dr-rivera",
    "POST /api/cases/{case_id}/alliance-measures": "dr-rivera",
    "POST /api/cases/{case_id}/outcome-measures": "dr-rivera",
    "POST /api/cases/{case_id}/supervision-notes": "dr-okafor",
    "POST /api/cases/{case_id}/review-requests": "dr-rivera",
    "POST /api/cases/{case_id}/signatures": "dr-okafor",
    "POST /api/cases/{case_id}/corrections": "dr-rivera",
    "POST /api/cases/{case_id}/supervisors": "dr-rivera",
    "DELETE /api/cases/{case_id}/supervisors/{supervisor_id}": "dr-rivera",
    "POST /api/cases/{case_id}/closure": "dr-rivera",
    "POST /api/cases/{case_id}/reopening": "dr-rivera",
    "POST /api/cases/{case_id}/legal-hold": "admin",
    "POST /api/cases/{case_id}/legal-hold/lifting": "admin",
    "POST /api/cases/{case_id}/erasure-requests": "admin",
    "POST /api/cases/{case_id}/erasure": "auditor-kim",
    "GET /api/cases/{case_id}/history": "dr-okafor",
    "GET /api/cases/{case_id}/audit-trail": "auditor-kim",
    "GET /api/cases/{case_id}/access-log": "auditor-kim",
    "GET /api/cases/{case_id}/verify": "auditor-kim",
    "GET /api/cases/{case_id}/replay": "dr-okafor",
    "GET /api/cases/{case_id}/diff": "dr-rivera",
    "GET /api/cases/{case_id}/export": "auditor-kim",
    "GET /api/supervision-queue/": "dr-okafor",
    "GET /api/audit/changes": "auditor-kim",
    "GET /api/audit/reads": "auditor-kim",
    "GET /api/users": "admin",
    "POST /api/users": "admin",
    "PUT /api/users/{user_id}/role": "admin",
    "POST /api/users/{user_id}/enrollment-codes": "admin",
    "DELETE /api/users/{user_id}/tokens": "admin",
    "PUT /api/me/signing-secret": "dr-rivera",
    "GET /api/health": "dr-rivera",
    "POST /api/enrollment": "dr-rivera",
}


PUBLIC_OPERATIONS = frozenset({"GET /api/health", "POST /api/enrollment"})
"""Operations that need no token (and show no case)."""
PROTECTED_OPERATIONS = [label for label in OPERATIONS if label not in PUBLIC_OPERATIONS]


def aimed_parameters(case_id: UUID) -> dict[str, str]:
    """Path parameters that name things the `case_id` fixture's clinic has."""
    return {
        "case_id": str(case_id),
        "goal_id": "g-1",
        "technique": "grounding",
        "supervisor_id": "dr-okafor",
        "user_id": "dr-chen",
    }


def concrete(label: str, case_id: UUID) -> tuple[str, str]:
    """The method and a real URL of an operation, its parameters filled in."""
    method, path = label.split(" ", 1)
    return method, path.format(**aimed_parameters(case_id))
