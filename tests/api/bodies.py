"""Valid request bodies the API tests share, in the shape the API takes them."""

from __future__ import annotations

from typing import Any

from application.demo_users import DEMO_SIGNING_SECRET
from tests.factories import CALM_BASIC_ID, assessment

ASSESSMENT: dict[str, Any] = assessment(
    basic_id={modality: {"severity": s} for modality, s in CALM_BASIC_ID.items()},
    notes="Startles easily; sleeps four hours a night.",
)
GOAL: dict[str, Any] = {
    "goal_id": "g-1",
    "description": "Feel safe in the body again",
    "modalities": ["affect", "sensation"],
    "agreed_with_client": True,
}
TECHNIQUE: dict[str, Any] = {"technique": "grounding", "goal_ids": ["g-1"]}
SIGNING_SECRET = DEMO_SIGNING_SECRET
