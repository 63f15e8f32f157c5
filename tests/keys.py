"""A fixed integrity key for tests that seal events without an application."""

from __future__ import annotations

from adapters.keys import KeyRing

TEST_KEYS = KeyRing("t1", {"t1": b"casebook-test-integrity-key-0001"})
