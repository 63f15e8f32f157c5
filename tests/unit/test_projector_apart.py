"""CASEBOOK_PROJECTION and CASEBOOK_PROJECTION_WAIT (who keeps the read
models, and how long a write waits for a projector apart), and the positions a
projector announces to the writes waiting for it."""

from __future__ import annotations

import pytest

from application.settings import Settings
from domain.exceptions import InvalidValue
from projections import positions


def test_writes_project_in_their_request_unless_told_a_follower_does() -> None:
    assert not Settings.from_env({}).projector_apart
    told = Settings.from_env(
        {"CASEBOOK_PROJECTION": "follower", "CASEBOOK_PROJECTION_WAIT": "2.5"}
    )
    assert told.projector_apart and told.projection_wait == 2.5
    assert Settings.from_env({}).projection_wait == 5.0


@pytest.mark.parametrize("value", ["apart", "FOLLOWER"])
def test_an_unknown_projection_is_refused_naming_the_setting(value: str) -> None:
    with pytest.raises(InvalidValue, match=r"CASEBOOK_PROJECTION\b.*or follower"):
        Settings.from_env({"CASEBOOK_PROJECTION": value})


@pytest.mark.parametrize("value", ["0", "-1", "61", "nan", "inf", "soon"])
def test_a_wait_out_of_bounds_is_refused_naming_the_setting(value: str) -> None:
    with pytest.raises(InvalidValue, match="CASEBOOK_PROJECTION_WAIT"):
        Settings.from_env({"CASEBOOK_PROJECTION_WAIT": value})


@pytest.mark.parametrize(
    ("notice", "position"),
    [
        ("clinic readmodels 42", 42),
        ("other readmodels 42", None),  # another schema's projector
        ("clinic audit 42", None),
        ("clinic readmodels -1", None),
        ("clinic readmodels", None),
        ("", None),
    ],
)
def test_a_projector_announces_its_position_for_its_own_schema(
    notice: str, position: int | None
) -> None:
    assert positions.announced(notice, "clinic", "readmodels") == position
