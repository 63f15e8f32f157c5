"""Hostile query strings and forms on the review room's pages: each is refused
with a page naming what was wrong (never a 500), and nothing is recorded."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from bootstrap import Services
from tests.api.test_sign_in import Enrolled, enroll, sign_in


@pytest.fixture
def auditor(client: FlaskClient, services: Services) -> Enrolled:
    enrolled = enroll(client, services, "auditor-web", "auditor")
    assert sign_in(client, enrolled) == 302
    return enrolled


@pytest.mark.parametrize("view", ["changes", "reads"])
def test_the_audit_pages_answer(
    client: FlaskClient, auditor: Enrolled, view: str
) -> None:
    # Listing the kinds of event to filter by warned (SQLAlchemy 2.1 deprecates
    # a column's distinct()), which the tests take as an error: 500.
    assert client.get("/audit", query_string={"view": view}).status_code == 200
