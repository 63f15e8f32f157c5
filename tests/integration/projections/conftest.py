"""Fixtures for the read models: the embedded application on each backend."""

from __future__ import annotations

from tests.integration.projected import app

__all__ = ["app"]
