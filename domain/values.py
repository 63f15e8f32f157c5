"""Parsing raw values into vocabulary members, naming the field when they are wrong."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from enum import Enum
from typing import TypeVar

from domain import limits
from domain.exceptions import InvalidValue

E = TypeVar("E", bound=Enum)

_IDENTIFIER = re.compile(limits.IDENTIFIER_PATTERN)
_FORBIDDEN = re.compile(limits.TEXT_FORBIDDEN)


def parse(vocabulary: type[E], value: object, field: str) -> E:
    try:
        return vocabulary(value)
    except ValueError:
        allowed = ", ".join(str(member.value) for member in vocabulary)
        raise InvalidValue(field, f"{value!r} is not one of: {allowed}") from None


def parse_optional(vocabulary: type[E], value: object, field: str) -> E | None:
    return None if value is None else parse(vocabulary, value, field)


def parse_list(vocabulary: type[E], values: object, field: str) -> list[E]:
    listed = _listed(values, field)
    return [parse(vocabulary, value, f"{field}[{i}]") for i, value in enumerate(listed)]


def _listed(values: object, field: str) -> Iterable[object]:
    """`values`, refused unless a list: Python iterates over a string, bytes
    and a mapping too (a JSON object, whose keys would be taken as its items)."""
    if isinstance(values, (str, bytes, Mapping)) or not isinstance(values, Iterable):
        raise InvalidValue(field, "must be a list")
    return values


def text(
    value: object,
    field: str,
    *,
    required: bool = False,
    max_length: int = limits.TEXT,
) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise InvalidValue(field, "must be a string")
    if required and not value.strip():
        raise InvalidValue(field, "must not be empty")
    if len(value) > max_length:
        raise InvalidValue(field, f"must be at most {max_length} characters")
    reason = unfit_text(value)
    if reason is not None:
        raise InvalidValue(field, reason)
    return value


def unfit_text(value: str) -> str | None:
    """Why no text may hold `value` (see limits.TEXT_FORBIDDEN), or None."""
    found = _FORBIDDEN.search(value)
    if found is None:
        return None
    code = ord(found.group())
    if 0xD800 <= code <= 0xDFFF:
        return f"must not hold a lone surrogate (U+{code:04X} at {found.start()})"
    return f"must not hold the control character U+{code:04X} (at {found.start()})"


def unfit_identifier(value: str) -> str | None:
    """Why `value` is not an identifier (limits.IDENTIFIER_PATTERN), or None:
    first what no text may hold, if it holds that (a NUL, a lone surrogate)."""
    if _IDENTIFIER.fullmatch(value):
        return None
    return unfit_text(value) or limits.IDENTIFIER_RULE


def identifier(
    value: object, field: str, *, max_length: int = limits.IDENTIFIER
) -> str:
    result = text(value, field, required=True, max_length=max_length)
    reason = unfit_identifier(result)
    if reason is not None:
        raise InvalidValue(field, reason)
    return result


def identifiers(values: object, field: str) -> list[str]:
    """Identifiers, each named once (a list of one id repeated a hundred
    thousand times is no list of references)."""
    found: dict[str, None] = {}  # ordered, and quick to ask
    for i, value in enumerate(_listed(values, field)):
        named = identifier(value, f"{field}[{i}]")
        if named in found:
            raise InvalidValue(f"{field}[{i}]", f"names {named!r} twice")
        found[named] = None
    return list(found)


def flag(value: object, field: str) -> bool:
    if not isinstance(value, bool):
        raise InvalidValue(field, "must be true or false")
    return value


def version(value: object, field: str) -> int:
    """A version number a command names: 1 up to the highest any case may reach."""
    return integer(value, field, 1, limits.MAX_VERSION)


def integer(value: object, field: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidValue(field, "must be an integer")
    if not low <= value <= high:
        raise InvalidValue(field, f"must be between {low} and {high}, got {value}")
    return value
