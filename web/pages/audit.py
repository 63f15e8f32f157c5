"""Review-room pages: audit (being written)."""

from __future__ import annotations
