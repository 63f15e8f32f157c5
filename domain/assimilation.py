"""The assimilation table: how each school's techniques sit in another home school."""

from __future__ import annotations

from itertools import permutations

from domain.catalogue import Compatibility
from domain.vocabulary import School

_CODES = {
    "c": Compatibility.COMPATIBLE,
    "f": Compatibility.NEEDS_FRAMING,
    "x": Compatibility.CONTRADICTS,
}
_SCHOOLS = tuple(school for school in School if school is not School.COMMON)

# Rows are the home orientation, columns the imported school (by prefix).
# c compatible, f needs framing (a rationale in the home theory's terms),
# x contradicts (its process of change denies the home theory's); "-" is the
# home school itself. `common` is compatible everywhere and is not listed.
# Why, row by row:
# - psychodynamic: CBT, DBT and exposure tools serve ego strengthening only
#   once framed so (seed 3.3); existential depth work shares its aims.
# - cognitive: behavioral and DBT work belong to the same CBT family; schema
#   origins make psychodynamic insight framable rather than contradictory.
# - behavioral: transference interpretation locates change in insight into the
#   unconscious, which learning theory denies (DOMAIN.md's own example).
# - dbt: change strategies are CBT; validation and acceptance are humanistic.
# - humanistic, existential: one family; directive or interpretive work is
#   framable as serving the client's own experiencing and choice.
# - systemic: strategic and structural therapists already prescribe tasks.
# - emdr: DBT skills are its standard stabilization; the rest needs framing in
#   adaptive information processing. Importing EMDR always needs framing.
_TABLE = """
home \\ imported  psy  cog  beh  dbt  hum  exi  sys  emdr
psychodynamic      -    f    f    f    f    c    f    f
cognitive          f    -    c    c    f    f    f    f
behavioral         x    c    -    c    f    f    f    f
dbt                f    c    c    -    c    f    f    f
humanistic         f    f    f    f    -    c    f    f
existential        c    f    f    f    c    -    f    f
systemic           f    f    c    f    f    f    -    f
emdr               f    f    f    c    f    f    f    -
"""


def _school_named(prefix: str) -> School:
    matches = [school for school in _SCHOOLS if school.value.startswith(prefix)]
    if len(matches) != 1:
        raise ValueError(f"assimilation column {prefix!r} names no single school")
    return matches[0]


def _parse(table: str) -> dict[tuple[School, School], Compatibility]:
    header, *rows = table.strip().splitlines()
    imported = [_school_named(prefix) for prefix in header.split()[3:]]
    result: dict[tuple[School, School], Compatibility] = {}
    for row in rows:
        home_name, *cells = row.split()
        home = School(home_name)
        if len(cells) != len(imported):
            raise ValueError(f"assimilation row {home} has {len(cells)} cells")
        for other, cell in zip(imported, cells, strict=True):
            if other is home:
                if cell != "-":
                    raise ValueError(f"assimilation diagonal for {home} must be -")
                continue
            result[(home, other)] = _CODES[cell]
    return result


def _check_complete(table: dict[tuple[School, School], Compatibility]) -> None:
    missing = set(permutations(_SCHOOLS, 2)) - set(table)
    if missing:
        pairs = ", ".join(f"{home}->{other}" for home, other in sorted(missing))
        raise ValueError(f"assimilation table lacks {pairs}")


ASSIMILATION: dict[tuple[School, School], Compatibility] = _parse(_TABLE)
_check_complete(ASSIMILATION)
