"""A small helper that drives the HTTP API as one demo user or another."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import count
from typing import Any
from uuid import UUID

from flask.testing import FlaskClient
from werkzeug.test import TestResponse

PROBLEM = "application/problem+json"
OWNER = "dr-rivera"


def etag_version(response: TestResponse) -> int:
    """The case version an ETag header names."""
    etag = response.headers["ETag"]
    assert etag.startswith('"') and etag.endswith('"'), etag
    return int(etag.strip('"'))


def problem(
    response: TestResponse, status: int, field: str | None = None
) -> dict[str, Any]:
    """The RFC 9457 body of `response`, once it is the expected problem."""
    text = response.get_data(as_text=True)
    assert response.status_code == status, f"{response.status_code}: {text}"
    assert response.mimetype == PROBLEM, response.mimetype
    body: dict[str, Any] = response.get_json()
    assert body["status"] == status
    assert body["type"].startswith("https://casebook.example/problems/")
    assert body["title"] and isinstance(body["detail"], str)
    assert "Traceback" not in text
    if field is not None:
        assert field in body["errors"], body
        assert body["errors"][field], body
    return body


class Api:
    """Sends requests with one demo user's bearer token; `as_` switches user."""

    def __init__(
        self,
        client: FlaskClient,
        tokens: dict[str, str],
        user: str = OWNER,
        references: Iterator[int] | None = None,
    ) -> None:
        self.client, self.tokens, self.user = client, tokens, user
        self.references = references or count(1)
        """Numbers each case opened gets its own client reference from."""

    def as_(self, user: str) -> Api:
        return Api(self.client, self.tokens, user, self.references)

    def headers(
        self, if_match: int | str | None = None, extra: dict[str, str] | None = None
    ) -> dict[str, str]:
        headers = {"Authorization": f"Bearer {self.tokens[self.user]}"}
        if if_match is not None:
            headers["If-Match"] = (
                if_match if isinstance(if_match, str) else f'"{if_match}"'
            )
        return {**headers, **(extra or {})}

    def get(
        self,
        path: str,
        query: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> TestResponse:
        return self.client.get(
            path, query_string=query, headers=self.headers(None, headers)
        )

    def send(
        self,
        method: str,
        path: str,
        body: Any = None,
        *,
        if_match: int | str | None = None,
        headers: dict[str, str] | None = None,
    ) -> TestResponse:
        return self.client.open(
            path, method=method, json=body, headers=self.headers(if_match, headers)
        )

    # -- cases -------------------------------------------------------------------

    def open_case(self, **fields: Any) -> UUID:
        """Open a case as the acting clinician, supervised by dr-okafor."""
        fields.setdefault("client_ref", f"client-{next(self.references)}")
        fields.setdefault("strategy", "technical_eclecticism")
        fields.setdefault("supervisor_ids", ["dr-okafor"])
        response = self.send("POST", "/api/cases/", fields)
        assert response.status_code == 201, response.get_json()
        return UUID(response.get_json()["case_id"])

    def version(self, case_id: UUID, reader: str = OWNER) -> int:
        """The case's current version, from the ETag of a GET by its clinician."""
        response = self.as_(reader).get(f"/api/cases/{case_id}")
        assert response.status_code == 200, response.get_json()
        return etag_version(response)

    def write(
        self,
        case_id: UUID,
        path: str,
        body: Any = None,
        *,
        method: str = "POST",
        headers: dict[str, str] | None = None,
    ) -> TestResponse:
        """A write that names the case's current version in If-Match."""
        return self.send(
            method,
            f"/api/cases/{case_id}/{path}",
            body,
            if_match=self.version(case_id),
            headers=headers,
        )

    def recorded(
        self, case_id: UUID, path: str, body: Any = None, *, method: str = "POST"
    ) -> dict[str, Any]:
        """A write that must succeed; its Recorded body."""
        response = self.write(case_id, path, body, method=method)
        assert response.status_code == 201, response.get_json()
        result: dict[str, Any] = response.get_json()
        return result

    def history(self, case_id: UUID, reader: str = OWNER) -> list[dict[str, Any]]:
        response = self.as_(reader).get(f"/api/cases/{case_id}/history")
        assert response.status_code == 200, response.get_json()
        events: list[dict[str, Any]] = response.get_json()["events"]
        return events

    def access_log(self, case_id: UUID) -> list[dict[str, Any]]:
        """Every access-log row of the case, as the auditor reads them."""
        response = self.as_("auditor-kim").get(
            f"/api/cases/{case_id}/access-log", {"limit": 500}
        )
        assert response.status_code == 200, response.get_json()
        rows: list[dict[str, Any]] = response.get_json()["items"]
        return rows
