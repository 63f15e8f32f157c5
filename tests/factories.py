"""Raw command payloads that tests share."""

from __future__ import annotations

from typing import Any

CALM_BASIC_ID = {
    "behavior": 2, "affect": 3, "sensation": 2, "imagery": 2,
    "cognition": 2, "interpersonal": 2, "drugs_biology": 0,
}  # fmt: skip


def assessment(**overrides: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "basic_id": dict(CALM_BASIC_ID),
        "stage_of_change": "preparation",
        "relational_style": "anxious",
        "learning_style": "experiential",
        "psychological_mindedness": "moderate",
        "emotional_reactivity": "moderate",
        "risk": "low",
        "notes": "",
    }
    fields.update(overrides)
    return fields
