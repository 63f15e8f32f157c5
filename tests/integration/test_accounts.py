"""Accounts on a real store: codes issued by one process and redeemed by another,
tokens checked by one process and revoked by another."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest

from application.accounts import AccountManagement, Unauthenticated
from application.demo_users import create_demo_users
from application.settings import Settings
from domain.accounts import ENROLLMENT_CODE_LIFETIME, account_id
from domain.envelope import Actor, acting
from domain.vocabulary import Role

ADMIN = Actor("admin", Role.ADMIN)
SECRET = "chen's-signing-secret"


def added(accounts: AccountManagement, user_id: str = "dr-chen") -> str:
    """A new clinician's enrollment code, issued by the admin."""
    with acting(ADMIN, f"add-{user_id}"):
        return accounts.add_user(user_id, "clinician").code


def enrolled(accounts: AccountManagement, user_id: str = "dr-chen") -> str:
    """A new clinician's token, once they redeemed the admin's code."""
    code = added(accounts, user_id)
    return accounts.enroll(user_id, code, SECRET, correlation_id=f"enroll-{user_id}")


def history(accounts: AccountManagement, user_id: str) -> list[tuple[str, str, str]]:
    return [
        (type(e).__name__, e.actor_id, e.correlation_id)
        for e in accounts.events.get(account_id(user_id))
    ]


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
    token = enrolled(administering)
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
    token = enrolled(administering)
    assert serving.authenticate(token).role is Role.CLINICIAN
    with acting(ADMIN, "promote-chen"):
        administering.change_role("dr-chen", "supervisor")
    assert serving.authenticate(token).role is Role.SUPERVISOR


class TestEnrollment:
    def test_a_code_issued_in_one_process_is_redeemed_in_another_once(
        self, two_processes: tuple[AccountManagement, AccountManagement]
    ) -> None:
        serving, administering = two_processes
        code = added(administering)
        token = serving.enroll("dr-chen", code, SECRET, correlation_id="enroll")
        assert administering.authenticate(token) == Actor("dr-chen", Role.CLINICIAN)
        for accounts in (serving, administering):
            with pytest.raises(Unauthenticated):
                accounts.enroll("dr-chen", code, SECRET, correlation_id="again")
        assert history(administering, "dr-chen") == [
            ("AccountCreated", "admin", "add-dr-chen"),
            ("EnrollmentCodeIssued", "admin", "add-dr-chen"),
            ("EnrollmentCodeRedeemed", "dr-chen", "enroll"),
            ("TokenIssued", "dr-chen", "enroll"),
            ("SigningSecretSet", "dr-chen", "enroll"),
        ]

    def test_of_two_redemptions_at_once_only_one_succeeds(
        self,
        two_processes: tuple[AccountManagement, AccountManagement],
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        serving, administering = two_processes
        code = added(administering)
        save = serving.save
        won: list[str] = []

        def overtaken(*aggregates: Any, **kwargs: Any) -> Any:
            # The other process redeems the code between this one's check and save.
            won.append(administering.enroll("dr-chen", code, SECRET,
                                            correlation_id="first"))  # fmt: skip
            return save(*aggregates, **kwargs)

        monkeypatch.setattr(serving, "save", overtaken)
        with pytest.raises(Unauthenticated):
            serving.enroll("dr-chen", code, SECRET, correlation_id="second")
        assert administering.authenticate(won[0]).actor_id == "dr-chen"
        kinds = [kind for kind, *_ in history(administering, "dr-chen")]
        assert kinds.count("EnrollmentCodeRedeemed") == 1

    def test_an_expired_code_is_refused_and_nothing_is_recorded(
        self, two_processes: tuple[AccountManagement, AccountManagement]
    ) -> None:
        serving, administering = two_processes
        code = added(administering)
        issued = datetime.now(UTC)
        serving.clock = lambda: issued + ENROLLMENT_CODE_LIFETIME
        with pytest.raises(Unauthenticated):
            serving.enroll("dr-chen", code, SECRET, correlation_id="late")
        assert len(history(administering, "dr-chen")) == 2

    def test_reenrolling_revokes_the_tokens_and_the_earlier_code(
        self, two_processes: tuple[AccountManagement, AccountManagement]
    ) -> None:
        serving, administering = two_processes
        token = enrolled(administering)
        with acting(ADMIN, "first"):
            first = administering.reenroll("dr-chen").code
        with acting(ADMIN, "second"):
            second = administering.reenroll("dr-chen").code
        with pytest.raises(Unauthenticated):
            serving.authenticate(token)
        with pytest.raises(Unauthenticated):
            serving.enroll("dr-chen", first, SECRET, correlation_id="old-code")
        new = serving.enroll("dr-chen", second, SECRET, correlation_id="new-code")
        assert serving.authenticate(new).actor_id == "dr-chen"
        assert history(administering, "dr-chen")[5:] == [
            ("TokensRevoked", "admin", "first"),
            ("EnrollmentCodeIssued", "admin", "first"),
            ("EnrollmentCodeWithdrawn", "admin", "second"),
            ("EnrollmentCodeIssued", "admin", "second"),
            ("EnrollmentCodeRedeemed", "dr-chen", "new-code"),
            ("TokenIssued", "dr-chen", "new-code"),
        ]

    def test_a_code_is_no_bearer_token(
        self, two_processes: tuple[AccountManagement, AccountManagement]
    ) -> None:
        serving, administering = two_processes
        code = added(administering)
        for bearer in (code, f"cbk.dr-chen.0000.{code}"):
            with pytest.raises(Unauthenticated):
                serving.authenticate(bearer)


def test_rerunning_the_demo_setup_leaves_only_the_new_demo_tokens(
    two_processes: tuple[AccountManagement, AccountManagement],
) -> None:
    serving, administering = two_processes
    first = create_demo_users(administering)
    second = create_demo_users(administering)
    for user_id, token in first.items():
        with pytest.raises(Unauthenticated):
            serving.authenticate(token)
        assert serving.authenticate(second[user_id]).actor_id == user_id
    assert history(administering, "dr-rivera")[-7:] == [
        ("SignInCredentialsRevoked", "casebook-setup", "demo-users"),
        ("TokensRevoked", "casebook-setup", "demo-users"),
        ("EnrollmentCodeIssued", "casebook-setup", "demo-users"),
        ("EnrollmentCodeRedeemed", "dr-rivera", "demo-users"),
        ("TokenIssued", "dr-rivera", "demo-users"),
        ("SignInCredentialsSet", "dr-rivera", "demo-users"),
        ("SecondFactorConfirmed", "dr-rivera", "demo-users"),
    ]
