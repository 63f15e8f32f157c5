"""Reading a clinic's catalogue extension (its own techniques) from plain data."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from domain.catalogue import Catalogue, Technique
from domain.exceptions import InvalidValue
from domain.values import flag, identifier, parse, parse_list, parse_optional, text
from domain.vocabulary import Level, Modality, Phase, School, StageOfChange, Tier

FIELDS = (
    "id",
    "name",
    "school",
    "tier",
    "modalities",
    "directive",
    "min_phase",
    "min_stage",
    "min_mindedness",
    "reactivity_caution",
)
REQUIRED = ("id", "school", "tier")
# A technique id is a slug: it is stored in every TechniqueAdded event.
SLUG = re.compile(r"[a-z][a-z0-9_]*")


def catalogue_from_config(
    entries: object, base: Catalogue, where: str = "techniques"
) -> Catalogue:
    """`base` with a clinic's techniques added; an entry may not replace a default.

    Replacing one would change what every recorded TechniqueAdded of it means."""
    if isinstance(entries, (str, bytes, Mapping)) or not isinstance(entries, Sequence):
        raise InvalidValue(where, "must be a list of technique entries")
    added: dict[str, str] = {}
    extra: list[Technique] = []
    for index, record in enumerate(entries):
        at = f"{where}[{index}]"
        technique = technique_from_config(record, at)
        if technique.id in base:
            raise InvalidValue(
                f"{at}.id", f"{technique.id!r} is already in the technique catalogue"
            )
        if technique.id in added:
            first = added[technique.id]
            raise InvalidValue(
                f"{at}.id", f"{technique.id!r} is listed twice (also {first})"
            )
        added[technique.id] = at
        extra.append(technique)
    return base.extended(extra)


def technique_from_config(record: object, where: str = "") -> Technique:
    """One catalogue entry, each wrong field named by its path under `where`."""
    if not isinstance(record, Mapping) or not all(isinstance(k, str) for k in record):
        raise InvalidValue(where or "technique", "must be an object with string keys")
    for name in record:
        if name not in FIELDS:
            raise InvalidValue(
                _at(where, name), f"is not a technique field; use {', '.join(FIELDS)}"
            )
    for name in REQUIRED:
        if name not in record:
            raise InvalidValue(_at(where, name), "is required")
    technique_id = identifier(record["id"], _at(where, "id"))
    if not SLUG.fullmatch(technique_id):
        raise InvalidValue(
            _at(where, "id"), "must be a slug: lower-case letters, digits and _"
        )
    return Technique(
        id=technique_id,
        name=_name(record.get("name", technique_id), _at(where, "name")),
        school=parse(School, record["school"], _at(where, "school")),
        tier=parse(Tier, record["tier"], _at(where, "tier")),
        modalities=frozenset(
            parse_list(Modality, record.get("modalities", []), _at(where, "modalities"))
        ),
        directive=flag(record.get("directive", False), _at(where, "directive")),
        min_phase=parse(
            Phase, record.get("min_phase", "stabilization"), _at(where, "min_phase")
        ),
        min_stage=parse_optional(
            StageOfChange, record.get("min_stage"), _at(where, "min_stage")
        ),
        min_mindedness=parse(
            Level, record.get("min_mindedness", "low"), _at(where, "min_mindedness")
        ),
        reactivity_caution=flag(
            record.get("reactivity_caution", False), _at(where, "reactivity_caution")
        ),
    )


def _name(value: object, where: str) -> str:
    return text(value, where, required=True, max_length=200)


def _at(where: str, name: str) -> str:
    return f"{where}.{name}" if where else name
