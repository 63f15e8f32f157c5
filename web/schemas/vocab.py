"""Marshmallow fields restricted to DOMAIN.md's vocabularies."""

from __future__ import annotations

from enum import Enum
from typing import Any

from marshmallow import fields, validate

from domain import limits

ID_LENGTH = validate.Length(min=1, max=limits.IDENTIFIER)
VERSION = validate.Range(min=1, max=limits.MAX_VERSION)


def one_of(vocabulary: type[Enum], **kwargs: Any) -> fields.String:
    return fields.String(
        validate=validate.OneOf([m.value for m in vocabulary]), **kwargs
    )


def identifier(**kwargs: Any) -> fields.String:
    return fields.String(validate=ID_LENGTH, **kwargs)


def identifiers(**kwargs: Any) -> fields.List:
    kwargs.setdefault("load_default", list)
    return fields.List(identifier(), **kwargs)


def text(*, max_length: int = limits.TEXT, **kwargs: Any) -> fields.String:
    return fields.String(validate=validate.Length(max=max_length), **kwargs)
