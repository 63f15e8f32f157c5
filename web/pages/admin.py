"""Review-room pages: admin (being written)."""

from __future__ import annotations
