"""The health check's answer."""

from __future__ import annotations

from marshmallow import Schema, fields


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
