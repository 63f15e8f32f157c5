"""Reading a clinic's configuration file (TOML or JSON): its policy and catalogue."""

from __future__ import annotations

import json
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from domain.clinic_config import ClinicConfig, clinic_from_config
from domain.exceptions import InvalidValue

__all__ = ["ClinicConfig", "load_clinic_config"]


def load_clinic_config(path: Path) -> ClinicConfig:
    """The clinic's policy and catalogue from `path`, read by its suffix.

    Every refusal is an InvalidValue whose message reads
    "<file>: <key path>: <reason>", e.g.
    "clinic.toml: policy.severities.SEQ-PHASE: 'fatal' is not one of: ..."."""
    read = _READERS.get(path.suffix.lower())
    if read is None:
        raise InvalidValue(str(path), "a clinic file must end in .toml or .json")
    try:
        raw = path.read_bytes()
    except OSError as failed:
        raise InvalidValue(str(path), f"cannot be read ({failed.strerror})") from None
    try:
        return clinic_from_config(read(raw.decode("utf-8")))
    except InvalidValue as refused:
        raise InvalidValue(f"{path}: {refused.field}", refused.reason) from None
    except UnicodeDecodeError as failed:
        raise InvalidValue(str(path), f"is not UTF-8 text ({failed.reason})") from None
    except (tomllib.TOMLDecodeError, json.JSONDecodeError) as failed:
        raise InvalidValue(str(path), f"is not well-formed ({failed})") from None


def _json(text: str) -> Any:
    return json.loads(text, object_pairs_hook=_no_repeated_keys)


def _no_repeated_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """JSON lets a later key silently win; TOML refuses, and so does this."""
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise InvalidValue(key, "appears twice in one object")
        result[key] = value
    return result


_READERS: dict[str, Callable[[str], Any]] = {".toml": tomllib.loads, ".json": _json}
