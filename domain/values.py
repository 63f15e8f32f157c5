"""Parsing raw values into vocabulary members, naming the field when they are wrong."""

from __future__ import annotations

from collections.abc import Iterable
from enum import Enum
from typing import TypeVar

from domain import limits
from domain.exceptions import InvalidValue

E = TypeVar("E", bound=Enum)


def parse(vocabulary: type[E], value: object, field: str) -> E:
    try:
        return vocabulary(value)
    except ValueError:
        allowed = ", ".join(str(member.value) for member in vocabulary)
        raise InvalidValue(field, f"{value!r} is not one of: {allowed}") from None


def parse_optional(vocabulary: type[E], value: object, field: str) -> E | None:
    return None if value is None else parse(vocabulary, value, field)


def parse_list(vocabulary: type[E], values: object, field: str) -> list[E]:
    if isinstance(values, (str, bytes)) or not isinstance(values, Iterable):
        raise InvalidValue(field, "must be a list")
    return [parse(vocabulary, value, f"{field}[{i}]") for i, value in enumerate(values)]


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
    return value


def identifier(
    value: object, field: str, *, max_length: int = limits.IDENTIFIER
) -> str:
    result = text(value, field, required=True, max_length=max_length)
    if result != result.strip():
        raise InvalidValue(field, "must not start or end with white space")
    return result


def identifiers(values: object, field: str) -> list[str]:
    if isinstance(values, (str, bytes)) or not isinstance(values, Iterable):
        raise InvalidValue(field, "must be a list")
    return [identifier(value, f"{field}[{i}]") for i, value in enumerate(values)]


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
