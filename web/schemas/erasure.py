"""Request bodies of erasure and legal holds, each loaded as its command."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, post_load

from domain import commands as c
from web.schemas.vocab import text

Loaded = dict[str, Any]


class ErasureRequestSchema(Schema):
    reason = text(required=True)
    override_reason = text(
        load_default="",
        metadata={"description": "required to erase before retention ends, "
                  "under a legal hold or while the case is open; recorded"},
    )  # fmt: skip

    @post_load
    def command(self, data: Loaded, **_: Any) -> c.RequestErasure:
        return c.RequestErasure(data["reason"], data["override_reason"])


class LegalHoldSchema(Schema):
    reason = text(required=True)

    @post_load
    def command(self, data: Loaded, **_: Any) -> c.LegalHold:
        return c.LegalHold(data["reason"])
