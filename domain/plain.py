"""Dataclass values as plain JSON data, and back by their declared field types."""

from __future__ import annotations

import dataclasses
import types
from collections.abc import Callable, Mapping
from datetime import datetime
from enum import Enum
from functools import cache
from typing import Any, TypeVar, Union, get_args, get_origin, get_type_hints

from domain.vocabulary import member

T = TypeVar("T")

SCALARS = (str, int, float, bool, type(None))
AS_IS = frozenset(SCALARS)
"""The exact types a JSON value keeps; subclasses (a StrEnum is a str) are not."""

Convert = Callable[[Any], Any]


def plain(value: Any) -> Any:
    """Dataclasses, enums, times and tuples as JSON values.

    Every read-model write converts a whole plan and its findings (a few hundred
    values), so how to convert is decided once per type, and scalars return at
    once."""
    kind = type(value)
    if kind in AS_IS:
        return value
    convert = _CONVERTERS.get(kind)
    if convert is None:
        convert = _CONVERTERS[kind] = _converter(kind)
    return convert(value)


_CONVERTERS: dict[type, Convert] = {}


def _converter(kind: type) -> Convert:
    """How a value of `kind` becomes a JSON value, checked in this order."""
    if issubclass(kind, Enum):  # before the scalars: a StrEnum is a str
        return _enum_value
    if issubclass(kind, SCALARS):
        return _as_is
    if issubclass(kind, (list, tuple)):
        return _listed
    if issubclass(kind, datetime):
        return _iso
    if dataclasses.is_dataclass(kind):
        return _fields_of(kind)
    if issubclass(kind, Mapping):
        return _mapped
    if issubclass(kind, (frozenset, set)):
        return _sorted
    return _as_is


def _fields_of(kind: type) -> Convert:
    names = tuple(f.name for f in dataclasses.fields(kind))

    def as_dict(value: Any) -> dict[str, Any]:
        # Scalars inline here and in _listed: a call per leaf was most of the cost.
        return {
            name: v if type(v := getattr(value, name)) in AS_IS else plain(v)
            for name in names
        }

    return as_dict


def _enum_value(value: Enum) -> Any:
    return value._value_  # what .value returns, without its descriptor


def _as_is(value: Any) -> Any:
    return value


def _listed(value: list[Any] | tuple[Any, ...]) -> list[Any]:
    return [v if type(v) in AS_IS else plain(v) for v in value]


def _iso(value: datetime) -> str:
    return value.isoformat()


def _mapped(value: Mapping[Any, Any]) -> dict[Any, Any]:
    return {plain(k): plain(v) for k, v in value.items()}


def _sorted(value: frozenset[Any] | set[Any]) -> list[Any]:
    return sorted(plain(v) for v in value)


def from_plain(kind: type[T], data: Mapping[str, Any]) -> T:
    """A dataclass value from its `plain()` data, each field read by its type."""
    as_type: type = kind  # mypy does not take a type[T] as hashable, as @cache needs
    readers = _readers(as_type)
    found: T = kind(**{name: read(data[name]) for name, read in readers.items()})
    return found


@cache
def _readers(kind: type) -> dict[str, Convert]:
    hints = get_type_hints(kind)
    return {f.name: _reader(hints[f.name]) for f in dataclasses.fields(kind)}


def _reader(hint: Any) -> Convert:
    origin, args = get_origin(hint), get_args(hint)
    if origin in (Union, types.UnionType):
        (inner,) = [a for a in args if a is not type(None)]
        read = _reader(inner)
        return lambda v: None if v is None else read(v)
    if origin is tuple:
        item = _reader(args[0])
        return lambda v: tuple(item(x) for x in v)
    if origin is not None and issubclass(origin, Mapping):
        key, value = _reader(args[0]), _reader(args[1])
        return lambda v: {key(k): value(x) for k, x in v.items()}
    if isinstance(hint, type) and issubclass(hint, Enum):
        return lambda v: member(hint, v)
    if hint is datetime:
        return datetime.fromisoformat
    return lambda v: v
