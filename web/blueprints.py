"""The Blueprint every resource module uses: flask-smorest's, parsing with
schema instances made once."""

from __future__ import annotations

from typing import Any

import flask_smorest
from marshmallow import Schema


class Blueprint(flask_smorest.Blueprint):
    """flask-smorest's Blueprint, giving webargs a schema instance made once.

    Given a schema class, webargs builds a new instance on every request: on a
    plan read that cost as much as the read-model lookup. Casebook's request
    schemas keep no state between loads, so one instance serves every request.
    """

    def arguments(
        self, schema: type[Schema] | Schema, *args: Any, **kwargs: Any
    ) -> Any:
        instance = schema() if isinstance(schema, type) else schema
        return super().arguments(instance, *args, **kwargs)
