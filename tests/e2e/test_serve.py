"""`casebook serve` as a user starts it, driven over real HTTP through one full case."""

from __future__ import annotations

import json
import socket
import urllib.error
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest

from tests.factories import CALM_BASIC_ID
from tests.served import demo_server, tokens

pytestmark = pytest.mark.slow


class Server:
    def __init__(self, base: str, tokens: dict[str, str]) -> None:
        self.base, self.tokens = base, tokens

    def call(
        self,
        user: str,
        method: str,
        path: str,
        body: Any = None,
        version: int | None = None,
    ) -> tuple[int, dict[str, str], Any]:
        headers = {
            "Authorization": f"Bearer {self.tokens[user]}",
            "X-Request-ID": f"e2e-{method}-{path.rsplit('/', 1)[-1]}",
        }
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        if version is not None:
            headers["If-Match"] = f'"{version}"'
        request = urllib.request.Request(self.base + path, data, headers, method=method)
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                raw = response.read()
                return (
                    response.status,
                    dict(response.headers),
                    json.loads(raw or b"null"),
                )
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), json.loads(error.read())

    def write(self, user: str, case_id: str, path: str, body: Any) -> dict[str, Any]:
        status, headers, _ = self.call(user, "GET", f"/api/cases/{case_id}")
        assert status == 200
        version = int(headers["ETag"].strip('"'))
        status, _, answer = self.call(
            user, "POST", f"/api/cases/{case_id}/{path}", body, version
        )
        assert status == 201, answer
        result: dict[str, Any] = answer
        return result


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with demo_server(tmp_path_factory.mktemp("served"), workers=2) as served:
        yield Server(served.base, tokens(served.started))
    assert served.exit_code == 0
    assert any("e2e-POST-goals" in line for line in served.log), (
        "access log lacks request ids"
    )


def test_one_full_case_over_real_http(server: Server) -> None:
    status, _, opened = server.call(
        "dr-rivera",
        "POST",
        "/api/cases/",
        {
            "client_ref": "e2e-client",
            "strategy": "common_factors",
            "supervisor_ids": ["dr-okafor"],
        },
    )
    assert status == 201
    case_id = opened["case_id"]
    ratings = {modality: {"severity": 2} for modality in CALM_BASIC_ID}
    server.write(
        "dr-rivera",
        case_id,
        "assessments",
        {
            "basic_id": ratings,
            "stage_of_change": "preparation",
            "relational_style": "secure",
            "learning_style": "experiential",
            "psychological_mindedness": "moderate",
            "emotional_reactivity": "moderate",
            "risk": "low",
        },
    )
    server.write(
        "dr-rivera",
        case_id,
        "goals",
        {
            "goal_id": "g1",
            "description": "Feel steadier",
            "modalities": ["affect"],
            "agreed_with_client": True,
        },
    )
    server.write(
        "dr-rivera",
        case_id,
        "techniques",
        {"technique": "grounding", "goal_ids": ["g1"]},
    )
    server.write(
        "dr-rivera",
        case_id,
        "rationales",
        {
            "subject": {"kind": "technique", "ref": "grounding"},
            "goal_ids": ["g1"],
            "text": "Anchors the client in the present.",
            "explained_to_client": True,
        },
    )
    recorded = server.write(
        "dr-rivera",
        case_id,
        "alliance-measures",
        {"instrument": "srs", "score": 38, "session_date": "2026-03-01"},
    )
    status, headers, report = server.call("dr-rivera", "GET", f"/api/cases/{case_id}")
    assert headers["ETag"] == f'"{recorded["version"]}"'
    assert report["coherence"]["status"] == "coherent"
    assert [t["technique"] for t in report["plan"]["techniques"]] == ["grounding"]

    server.write(
        "dr-rivera", case_id, "review-requests", {"up_to_version": recorded["version"]}
    )
    _, _, history = server.call("dr-okafor", "GET", f"/api/cases/{case_id}/history")
    head = history["events"][-1]
    signed = server.write(
        "dr-okafor",
        case_id,
        "signatures",
        {
            "meaning": "approved",
            "signed_version": head["version"],
            "signed_chain_value": head["chain"],
            "outcome": "approved",
            "signing_secret": "demo-signing-secret",
        },
    )
    assert signed["version"] == head["version"] + 1

    _, _, verified = server.call("auditor-kim", "GET", f"/api/cases/{case_id}/verify")
    assert verified["intact"] and verified["events_checked"] == signed["version"]
    _, _, trail = server.call("auditor-kim", "GET", f"/api/cases/{case_id}/audit-trail")
    assert [r["actor_id"] for r in trail["items"]][-1] == "dr-okafor"
    assert trail["items"][2]["correlation_id"] == "e2e-POST-goals"


def test_a_stranger_cannot_see_the_case_and_errors_are_problems(server: Server) -> None:
    _, _, page = server.call("dr-rivera", "GET", "/api/cases/")
    case_id = page["items"][0]["case_id"]
    status, headers, body = server.call("dr-chen", "GET", f"/api/cases/{case_id}")
    assert status == 404
    assert headers["Content-Type"] == "application/problem+json"
    assert body["status"] == 404


def test_stalled_uploads_do_not_hold_up_other_requests(server: Server) -> None:
    """Two clients that send headers and a few bytes of a body, then nothing:
    each holds a thread, not a worker, so a read is answered meanwhile."""
    host, port = server.base.removeprefix("http://").split(":")
    stalled = []
    for _ in range(2):
        connection = socket.create_connection((host, int(port)), timeout=5)
        token = server.tokens["dr-rivera"].encode()
        connection.sendall(
            b"POST /api/cases/ HTTP/1.1\r\nHost: casebook\r\n"
            b"Authorization: Bearer " + token + b"\r\n"
            b"Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n{\"cl"
        )
        stalled.append(connection)
    try:
        for _ in range(4):  # more than one worker's worth, on both workers
            status, _, body = server.call("dr-rivera", "GET", "/api/cases/")
            assert status == 200, body
    finally:
        for connection in stalled:
            connection.close()
