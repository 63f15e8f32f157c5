"""Hostile query strings and forms on the review room's pages: each is refused
with a page naming what was wrong (never a 500), and nothing is recorded."""

from __future__ import annotations

from uuid import UUID

import pytest
from flask.testing import FlaskClient

from bootstrap import Services
from tests.api.driver import Api
from tests.api.test_sign_in import Enrolled, csrf, enroll, sign_in

# What str.isdigit() takes and int() does not read: a superscript two, and
# more digits than Python reads.
UNREADABLE = {"superscript": "\u00b2", "5,000 digits": "9" * 5000}
NOT_IDENTIFIERS = {"NUL": "dr\x00web", "escape": "\x1b[2J", "space": "dr web"}


@pytest.fixture
def supervisor(
    client: FlaskClient, services: Services, api: Api, case_id: UUID
) -> Enrolled:
    """A supervisor of the `case_id` fixture's case, signed in on `client`."""
    enrolled = enroll(client, services, "dr-web", "supervisor")
    api.recorded(case_id, "supervisors", {"supervisor_id": "dr-web"})
    assert sign_in(client, enrolled) == 302
    return enrolled


@pytest.fixture
def auditor(client: FlaskClient, services: Services) -> Enrolled:
    enrolled = enroll(client, services, "auditor-web", "auditor")
    assert sign_in(client, enrolled) == 302
    return enrolled


@pytest.mark.parametrize("value", UNREADABLE.values(), ids=UNREADABLE)
@pytest.mark.parametrize(
    ("page", "name"), [("timeline", "step"), ("diff", "from"), ("diff", "to")]
)
def test_a_step_no_int_reads_is_refused_naming_it(
    client: FlaskClient, supervisor: Enrolled, case_id: UUID, page: str,
    name: str, value: str,
) -> None:  # fmt: skip
    answer = client.get(f"/cases/{case_id}/{page}", query_string={name: value})
    assert answer.status_code == 422
    assert f"{name}: must be a step from 1 to" in answer.get_data(as_text=True)


@pytest.mark.parametrize("value", UNREADABLE.values(), ids=UNREADABLE)
def test_a_note_refers_to_versions_int_reads_only(
    client: FlaskClient, supervisor: Enrolled, api: Api, case_id: UUID, value: str
) -> None:
    version = api.version(case_id)
    form = {"csrf_token": csrf(client, f"/cases/{case_id}"), "version": version,
            "text": "Watch the pacing", "refers_to": f"2, {value}"}  # fmt: skip
    answer = client.post(f"/cases/{case_id}/notes", data=form)
    assert answer.status_code == 422
    assert "give version numbers separated by commas" in answer.get_data(as_text=True)
    assert api.version(case_id) == version


@pytest.mark.parametrize("view", ["changes", "reads"])
def test_the_audit_pages_answer(
    client: FlaskClient, auditor: Enrolled, view: str
) -> None:
    # Listing the kinds of event to filter by warned (SQLAlchemy 2.1 deprecates
    # a column's distinct()), which the tests take as an error: 500.
    assert client.get("/audit", query_string={"view": view}).status_code == 200


@pytest.mark.parametrize("value", UNREADABLE.values(), ids=UNREADABLE)
def test_an_audit_page_number_int_reads_only(
    client: FlaskClient, auditor: Enrolled, value: str
) -> None:
    answer = client.get("/audit", query_string={"page": value})
    assert answer.status_code == 422
    assert "Page: must be a whole number from 1" in answer.get_data(as_text=True)


@pytest.mark.parametrize("value", NOT_IDENTIFIERS.values(), ids=NOT_IDENTIFIERS)
@pytest.mark.parametrize(
    ("page", "name", "says"),
    [("/audit", "actor", "must"), ("/audit", "case", "must"),
     ("/verification", "case", "Case: must")],
)  # fmt: skip
def test_an_audit_filter_or_case_to_verify_no_identifier_could_be_is_refused(
    client: FlaskClient, auditor: Enrolled, page: str, name: str, says: str,
    value: str,
) -> None:  # fmt: skip
    answer = client.get(page, query_string={name: value})
    assert answer.status_code == 422
    assert says in answer.get_data(as_text=True)


@pytest.mark.parametrize("value", NOT_IDENTIFIERS.values(), ids=NOT_IDENTIFIERS)
def test_signing_in_as_no_identifier_could_be_records_nothing(
    client: FlaskClient, services: Services, value: str
) -> None:
    # The refusal was recorded with the typed user id as its actor: a NUL
    # failed the access log's insert on PostgreSQL (500).
    before = services.access_log.entries(limit=500, offset=0).total
    form = {"csrf_token": csrf(client, "/sign-in"), "user_id": value,
            "password": "a password", "code": "123456"}  # fmt: skip
    answer = client.post("/sign-in", data=form)
    assert answer.status_code == 401
    assert "must" in answer.get_data(as_text=True)
    assert services.access_log.entries(limit=500, offset=0).total == before
