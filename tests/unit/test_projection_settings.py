"""CASEBOOK_PROJECTION and CASEBOOK_PROJECTION_WAIT: who keeps the read
models, and how long a write waits for a projector apart."""

from __future__ import annotations

import pytest

from application.settings import Settings
from domain.exceptions import InvalidValue


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
