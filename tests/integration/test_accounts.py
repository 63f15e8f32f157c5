"""Accounts on a real store: tokens checked by one process, revoked by another."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from application.accounts import AccountManagement, Unauthenticated
from application.latest import latest_versions
from application.settings import Settings
from domain.accounts import account_id
from domain.envelope import Actor, acting
from domain.vocabulary import Role
from tests.backends import ON_POSTGRES_ONLY, ON_SQLITE_ONLY

ADMIN = Actor("admin", Role.ADMIN)


@pytest.fixture
def two_processes(settings: Settings) -> Iterator[tuple[AccountManagement, ...]]:
    serving, administering = AccountManagement(settings), AccountManagement(settings)
    yield serving, administering
    serving.close()
    administering.close()


def test_a_revocation_elsewhere_counts_at_the_next_request(
    two_processes: tuple[AccountManagement, AccountManagement],
) -> None:
    serving, administering = two_processes
    with acting(ADMIN, "add-chen"):
        token = administering.add_user("dr-chen", "clinician")
    for _ in range(2):  # the second check is answered from the serving cache
        assert serving.authenticate(token) == Actor("dr-chen", Role.CLINICIAN)
    with acting(ADMIN, "revoke-chen"):
        administering.revoke_tokens("dr-chen")
    with pytest.raises(Unauthenticated):
        serving.authenticate(token)


def test_a_role_changed_elsewhere_counts_at_the_next_request(
    two_processes: tuple[AccountManagement, AccountManagement],
) -> None:
    serving, administering = two_processes
    with acting(ADMIN, "add-chen"):
        token = administering.add_user("dr-chen", "clinician")
    assert serving.authenticate(token).role is Role.CLINICIAN
    with acting(ADMIN, "promote-chen"):
        administering.change_role("dr-chen", "supervisor")
    assert serving.authenticate(token).role is Role.SUPERVISOR


@ON_SQLITE_ONLY
def test_the_latest_stored_version_of_an_account_is_the_repositorys(
    two_processes: tuple[AccountManagement, AccountManagement],
) -> None:
    serving, administering = two_processes
    latest = latest_versions(serving.recorder)
    assert latest is not None
    chen = account_id("dr-chen")
    assert latest(chen) is None
    with acting(ADMIN, "add-chen"):
        administering.add_user("dr-chen", "clinician")
    assert latest(chen) == administering.user("dr-chen").version
    with acting(ADMIN, "revoke-chen"):
        administering.revoke_tokens("dr-chen")
    assert latest(chen) == administering.user("dr-chen").version


@ON_POSTGRES_ONLY
def test_on_postgres_the_repository_reads_the_account_itself(
    two_processes: tuple[AccountManagement, AccountManagement],
) -> None:
    assert latest_versions(two_processes[0].recorder) is None


@ON_SQLITE_ONLY
def test_an_unchanged_account_is_answered_from_memory(
    two_processes: tuple[AccountManagement, AccountManagement],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    serving, administering = two_processes
    with acting(ADMIN, "add-chen"):
        token = administering.add_user("dr-chen", "clinician")
    serving.authenticate(token)

    def no_replay(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("read the account's events, though none were new")

    monkeypatch.setattr(serving.repository, "get", no_replay)
    assert serving.authenticate(token) == Actor("dr-chen", Role.CLINICIAN)
