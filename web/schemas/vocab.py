"""Marshmallow fields restricted to DOMAIN.md's vocabularies.

Every string a request may carry (text, identifiers, vocabulary words, secrets,
query values) is a `Text`: it refuses what no text may hold (control
characters, lone surrogates: domain/limits.py TEXT_FORBIDDEN) naming the
field, with the same words as the domain's own validation (domain/values.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from enum import Enum
from typing import Any

from marshmallow import ValidationError, fields, validate

from domain import limits, values

ID_LENGTH = validate.Length(min=1, max=limits.IDENTIFIER)
_DATE = re.compile(limits.DATE_PATTERN)
VERSION = validate.Range(min=1, max=limits.MAX_VERSION)
# What the OpenAPI document says no text holds: the control characters of
# limits.TEXT_FORBIDDEN (lone surrogates cannot be sent as UTF-8 anyway).
TEXT_PATTERN = r"^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]*$"


class Text(fields.String):
    """A string field that refuses control characters and lone surrogates."""

    def _deserialize(
        self, value: Any, attr: str | None, data: Any, **kwargs: Any
    ) -> Any:
        loaded = super()._deserialize(value, attr, data, **kwargs)
        reason = values.unfit_text(loaded)
        if reason is not None:
            raise ValidationError(reason)
        return loaded


class Identifier(Text):
    """A string in the one identifier character set (limits.IDENTIFIER_PATTERN)."""

    def __init__(self, **kwargs: Any) -> None:
        metadata = {"pattern": limits.IDENTIFIER_PATTERN, **kwargs.pop("metadata", {})}
        super().__init__(validate=ID_LENGTH, metadata=metadata, **kwargs)

    def _deserialize(
        self, value: Any, attr: str | None, data: Any, **kwargs: Any
    ) -> Any:
        loaded = super()._deserialize(value, attr, data, **kwargs)
        reason = values.unfit_identifier(loaded)
        if reason is not None:
            raise ValidationError(reason)
        return loaded


class Integer(fields.Integer):
    """An integer that refuses a JSON number written with a fraction or an
    exponent (1.5, 2.0, 1e3), which marshmallow would cut to an int and record;
    a query string's digits still load."""

    def _validated(self, value: Any) -> int:
        if isinstance(value, float):
            raise self.make_error("invalid", input=value)
        return super()._validated(value)


class Flag(fields.Boolean):
    """A body's true or false, nothing else: marshmallow's Boolean also takes
    0, 1, "yes", "on" and the like, and records what it makes of them."""

    def _deserialize(
        self, value: Any, attr: str | None, data: Any, **kwargs: Any
    ) -> Any:
        if not isinstance(value, bool):
            raise self.make_error("invalid", input=value)
        return value


class Day(fields.Date):
    """A date written YYYY-MM-DD only (limits.DATE_PATTERN), as the OpenAPI
    document's format "date" says."""

    def _deserialize(
        self, value: Any, attr: str | None, data: Any, **kwargs: Any
    ) -> Any:
        if not isinstance(value, str) or not _DATE.fullmatch(value):
            raise self.make_error("invalid", input=value, obj_type=self.OBJ_TYPE)
        return super()._deserialize(value, attr, data, **kwargs)


def string(**kwargs: Any) -> Text:
    """Any other string a request carries (a secret, a code, a word)."""
    metadata = {"pattern": TEXT_PATTERN, **kwargs.pop("metadata", {})}
    return Text(metadata=metadata, **kwargs)


def one_of(vocabulary: type[Enum], **kwargs: Any) -> fields.String:
    return Text(validate=validate.OneOf([m.value for m in vocabulary]), **kwargs)


def identifier(**kwargs: Any) -> fields.String:
    return Identifier(**kwargs)


def identifiers(**kwargs: Any) -> fields.List[Any]:
    """Identifiers, each named once (the domain refuses one named twice)."""
    kwargs.setdefault("load_default", list)
    metadata = {"uniqueItems": True, **kwargs.pop("metadata", {})}
    return fields.List(identifier(), metadata=metadata, **kwargs)


def text(*, max_length: int = limits.TEXT, **kwargs: Any) -> fields.String:
    """Free text; required text must not be empty (nor, the domain adds, blank)."""
    metadata = {"pattern": TEXT_PATTERN, **kwargs.pop("metadata", {})}
    length = validate.Length(min=1 if kwargs.get("required") else 0, max=max_length)
    return Text(validate=length, metadata=metadata, **kwargs)


def word(words: Iterable[Enum], **kwargs: Any) -> fields.String:
    """One of some of a vocabulary's words."""
    return Text(validate=validate.OneOf([w.value for w in words]), **kwargs)


def integer(low: int, high: int, **kwargs: Any) -> fields.Integer:
    """An integer within its range: every integer a request carries has one."""
    return Integer(validate=validate.Range(min=low, max=high), **kwargs)


def case_version(**kwargs: Any) -> fields.Integer:
    """A case version a request names (signed, corrected, referred to, read)."""
    return Integer(validate=VERSION, **kwargs)
