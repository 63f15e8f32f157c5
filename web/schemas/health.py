"""The health check's answer."""

from __future__ import annotations

from marshmallow import Schema, fields


class WaitSchema(Schema):
    waits = fields.Integer(
        required=True, metadata={"description": "writes that waited for the follower"}
    )
    timeouts = fields.Integer(
        required=True,
        metadata={"description": "of those, answered before the follower reached them"},
    )
    p50_ms = fields.Float(allow_none=True, metadata={"description": "of recent waits"})
    p99_ms = fields.Float(allow_none=True, metadata={"description": "of recent waits"})
    max_ms = fields.Float(allow_none=True, metadata={"description": "of recent waits"})


class HealthSchema(Schema):
    status = fields.String(
        required=True, metadata={"enum": ["ok", "degraded", "unavailable"]}
    )
    log_head = fields.Integer(
        allow_none=True, metadata={"description": "last notification id in the log"}
    )
    projected = fields.Integer(
        allow_none=True,
        metadata={"description": "last notification id the read models reflect"},
    )
    lag = fields.Integer(allow_none=True, metadata={"description": "events behind"})
    problem = fields.String(allow_none=True)
    quarantined = fields.Integer(
        allow_none=True,
        metadata={"description": "cases found broken, answered 409 until restored"},
    )
    projection = fields.String(
        required=True,
        metadata={
            "enum": ["in-request", "follower"],
            "description": "who keeps the read models: each write's request, or a "
            "projector apart (`casebook project --follow`) that writes wait for",
        },
    )
    wait = fields.Nested(
        WaitSchema,
        allow_none=True,
        metadata={"description": "with a follower: this worker's writes' waits"},
    )
