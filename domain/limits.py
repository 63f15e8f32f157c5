"""The one set of field limits: the web schemas refuse what the domain would."""

from __future__ import annotations

IDENTIFIER = 64
"""Ids and references: a client reference, a goal id, a catalogue id, a user id."""

TEXT = 10_000
"""Free text: notes, reasons, rationales, comments, summaries."""

GOAL_DESCRIPTION = 2_000
MODALITY_NOTE = 2_000
"""A BASIC I.D. modality's note, shown beside its severity."""

MAX_VERSION = 10**9
"""The highest version a command may name (signed, corrected, referred to)."""

CHAIN_VALUE = r"^[a-z]{1,8}[0-9]{1,6}:[0-9a-f]{64}$"
"""A chain value: the id of the key that sealed it, a colon, an HMAC-SHA256."""
