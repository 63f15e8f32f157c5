"""A plan row's text is decrypted only when an answer shows it, and a row whose
text no longer decrypts is not answered from."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import pytest

from bootstrap import Services
from domain.free_text import TextUnreadable
from tests.api.bodies import GOAL
from tests.api.driver import Api


def decrypt_nothing(services: Services, monkeypatch: pytest.MonkeyPatch) -> list[UUID]:
    """From now on the cipher decrypts nothing, as if the case's key had been
    altered in the key store; returns the cases it is asked about."""
    asked: list[UUID] = []

    def decrypt(case_id: UUID, context: bytes, token: str) -> bytes | None:
        asked.append(case_id)
        raise TextUnreadable(f"a ciphertext of case {case_id} does not decrypt")

    monkeypatch.setattr(services.cases.text_cipher, "decrypt", decrypt)
    return asked


@pytest.fixture
def unreadable(services: Services, monkeypatch: pytest.MonkeyPatch) -> list[UUID]:
    return decrypt_nothing(services, monkeypatch)


def test_a_write_is_authorized_without_decrypting_the_plan(
    api: Api, case_id: UUID, unreadable: list[UUID]
) -> None:
    response = api.send(
        "POST", f"/api/cases/{case_id}/sessions", {"session_date": "2026-03-02"},
        if_match=4,  # the fixture's version: asking the API would read the plan
    )  # fmt: skip
    assert response.status_code == 201, response.get_json()
    assert unreadable == []


def test_a_plan_whose_text_does_not_decrypt_is_answered_from_the_events(
    api: Api, case_id: UUID, unreadable: list[UUID], caplog: Any
) -> None:
    response = api.get(f"/api/cases/{case_id}")
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["plan"]["goals"][0]["description"] == GOAL["description"]
    assert unreadable == [case_id]
    assert "does not decrypt; answering from the case's events" in caplog.text


def test_a_plan_answered_before_is_answered_again_without_decrypting(
    api: Api, case_id: UUID, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = api.get(f"/api/cases/{case_id}")
    assert first.status_code == 200, first.get_json()
    asked = decrypt_nothing(services, monkeypatch)
    again = api.get(f"/api/cases/{case_id}")
    assert again.status_code == 200, again.get_json()
    assert again.get_json() == first.get_json()
    assert asked == []
