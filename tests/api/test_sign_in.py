"""The review room's sign-in through the Flask app: enrollment, lockout,
sessions that end for good, cookies, and every attempt on the record."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pyotp
import pytest
from flask.testing import FlaskClient

from application.demo_users import DEMO_SIGNING_SECRET, SETUP
from application.settings import Settings
from bootstrap import Services
from domain.accounts import SIGN_IN_ATTEMPTS, Account, account_id
from domain.envelope import acting
from tests.api.conftest import ClinicTemplate
from web import create_app

PASSWORD = "correct horse battery staple"


@dataclass
class Enrolled:
    user_id: str
    totp: pyotp.TOTP

    def code(self) -> str:
        return self.totp.now()


def csrf(client: FlaskClient, path: str) -> str:
    page = client.get(path).get_data(as_text=True)
    found = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
    assert found, page
    return found.group(1)


def enroll(
    client: FlaskClient, services: Services, user_id: str, role: str
) -> Enrolled:
    """A new user, enrolled through the pages as they would, second factor confirmed."""
    with acting(SETUP, "sign-in-tests"):
        issued = services.accounts.add_user(user_id, role)
    form = {"csrf_token": csrf(client, "/enroll"), "user_id": user_id,
            "code": issued.code, "signing_secret": DEMO_SIGNING_SECRET,
            "password": PASSWORD, "password_again": PASSWORD}  # fmt: skip
    page = client.post("/enroll", data=form).get_data(as_text=True)
    secret = re.search(r'id="totp-secret">([A-Z2-7]+)<', page)
    assert secret, page
    totp = pyotp.TOTP(secret.group(1))
    confirm = {"csrf_token": csrf(client, "/sign-in"), "user_id": user_id,
               "code": totp.now()}  # fmt: skip
    assert client.post("/enroll/confirm", data=confirm).status_code == 200
    return Enrolled(user_id, totp)


def sign_in(client: FlaskClient, user: Enrolled, password: str = PASSWORD) -> int:
    form = {"csrf_token": csrf(client, "/sign-in"), "user_id": user.user_id,
            "password": password, "code": user.code()}  # fmt: skip
    return client.post("/sign-in", data=form).status_code


@pytest.fixture
def clinician(client: FlaskClient, services: Services) -> Enrolled:
    return enroll(client, services, "dr-web", "clinician")


def test_signing_in_needs_the_password_and_the_current_code(
    client: FlaskClient, clinician: Enrolled
) -> None:
    assert sign_in(client, clinician, "not the password") == 401
    assert client.get("/caseload").status_code == 302
    assert sign_in(client, clinician) == 302
    assert client.get("/caseload").status_code == 200


def test_the_session_cookie_is_httponly_and_samesite_strict(
    client: FlaskClient, clinician: Enrolled
) -> None:
    sign_in(client, clinician)
    cookie = client.get_cookie("casebook_session")
    assert cookie is not None and cookie.http_only and cookie.same_site == "Strict"
    assert not cookie.secure  # this clinic has not set TLS on


def test_a_clinic_on_tls_gets_secure_cookies(
    clinic_template: ClinicTemplate, tmp_path: object
) -> None:
    import shutil
    from pathlib import Path

    data_dir = Path(str(tmp_path)) / "tls"
    shutil.copytree(clinic_template.data_dir, data_dir)
    keys = Settings(data_dir=clinic_template.data_dir).keys
    shutil.copytree(keys, Settings(data_dir=data_dir).keys)
    app = create_app({"CASEBOOK_SETTINGS": Settings(data_dir=data_dir, tls=True)})
    try:
        client = app.test_client()
        user = enroll(client, app.extensions["casebook"], "dr-tls", "clinician")
        sign_in(client, user)
        cookie = client.get_cookie("casebook_session")
        assert cookie is not None and cookie.secure
        assert app.config["SESSION_COOKIE_SECURE"]
    finally:
        app.extensions["casebook"].close()


def test_five_failures_in_a_row_lock_the_account(
    client: FlaskClient, services: Services, clinician: Enrolled
) -> None:
    for _ in range(SIGN_IN_ATTEMPTS):
        assert sign_in(client, clinician, "wrong password!") == 401
    form = {"csrf_token": csrf(client, "/sign-in"), "user_id": clinician.user_id,
            "password": PASSWORD, "code": clinician.code()}  # fmt: skip
    refused = client.post("/sign-in", data=form).get_data(as_text=True)
    assert "too many failed sign-ins" in refused
    assert client.get("/caseload").status_code == 302
    account: Account = services.accounts.repository.get(account_id("dr-web"))
    assert len(account.failed_sign_ins) == SIGN_IN_ATTEMPTS


def test_the_lock_lifts_after_its_time(
    client: FlaskClient, services: Services, clinician: Enrolled
) -> None:
    for _ in range(SIGN_IN_ATTEMPTS):
        sign_in(client, clinician, "wrong password!")
    later = datetime.now(UTC) + timedelta(minutes=16)
    services.accounts.clock = lambda: later
    clinician.totp = _at(clinician.totp, later)
    assert sign_in(client, clinician) == 302


def _at(totp: pyotp.TOTP, when: datetime) -> pyotp.TOTP:
    class Shifted(pyotp.TOTP):
        def now(self) -> str:
            return self.at(when)

    return Shifted(totp.secret)


def test_every_attempt_and_the_sign_out_are_in_the_access_log(
    client: FlaskClient, services: Services, clinician: Enrolled
) -> None:
    sign_in(client, clinician, "wrong password!")
    sign_in(client, clinician)
    client.post("/sign-out", data={"csrf_token": csrf(client, "/caseload")})
    rows = services.access_log.entries(limit=10, offset=0).items
    mine = [(r["actor_id"], r["what"]) for r in rows if r["actor_id"] == "dr-web"]
    assert sorted(mine) == sorted(
        [("dr-web", "sign-in refused"), ("dr-web", "sign-in"), ("dr-web", "sign-out")]
    )
    assert services.access_log.verify().intact


def test_a_signed_out_session_cannot_be_replayed(
    client: FlaskClient, clinician: Enrolled
) -> None:
    sign_in(client, clinician)
    cookie = client.get_cookie("casebook_session")
    assert cookie is not None
    client.post("/sign-out", data={"csrf_token": csrf(client, "/caseload")})
    client.set_cookie("casebook_session", cookie.value)
    assert client.get("/caseload").status_code == 302


def test_re_enrollment_ends_a_live_session(
    client: FlaskClient, services: Services, clinician: Enrolled
) -> None:
    sign_in(client, clinician)
    with acting(SETUP, "sign-in-tests"):
        services.accounts.reenroll("dr-web")
    answer = client.get("/caseload")
    assert answer.status_code == 302
    assert "ended=revoked" in answer.headers["Location"]


def test_nobody_enrolls_in_the_name_of_a_user_with_a_signing_secret(
    client: FlaskClient, services: Services
) -> None:
    """The admin who issues dr-rivera a new code cannot redeem it as her: it
    takes her signing secret too."""
    with acting(SETUP, "sign-in-tests"):
        issued = services.accounts.reenroll("dr-rivera")
    form = {"csrf_token": csrf(client, "/enroll"), "user_id": "dr-rivera",
            "code": issued.code, "signing_secret": "a guess at it",
            "password": PASSWORD, "password_again": PASSWORD}  # fmt: skip
    answer = client.post("/enroll", data=form)
    assert answer.status_code == 422
    assert "not valid" in answer.get_data(as_text=True)
    assert services.accounts.signed_in_actor("dr-rivera") is None


def test_an_unconfirmed_second_factor_does_not_sign_in(
    client: FlaskClient, services: Services
) -> None:
    with acting(SETUP, "sign-in-tests"):
        issued = services.accounts.add_user("dr-half", "clinician")
    enrolled = services.accounts.enroll_for_sign_in(
        "dr-half", issued.code, DEMO_SIGNING_SECRET, PASSWORD, correlation_id="t"
    )
    user = Enrolled("dr-half", pyotp.TOTP(enrolled.totp_secret))
    assert sign_in(client, user) == 401


# A tab is dropped from the address (werkzeug's, then any browser's): "//"
# is another site. A newline cannot be in a header: the signed-in user got 500.
@pytest.mark.parametrize(
    "target",
    ["//evil.example/", "https://evil.example/", "/\\x", "/\t/evil.example/",
     "/\n/evil.example/", "/\r\n/x", "/ /evil.example/"],
)  # fmt: skip
def test_sign_in_returns_only_to_a_page_of_this_site(
    client: FlaskClient, clinician: Enrolled, target: str
) -> None:
    form = {"csrf_token": csrf(client, "/sign-in"), "user_id": clinician.user_id,
            "password": PASSWORD, "code": clinician.code()}  # fmt: skip
    answer = client.post("/sign-in", query_string={"next": target}, data=form)
    assert answer.headers["Location"] == "/caseload"


def test_a_bearer_token_does_not_open_pages_nor_a_session_the_api(
    client: FlaskClient, clinician: Enrolled, clinic_template: ClinicTemplate
) -> None:
    token = clinic_template.tokens["dr-rivera"]
    assert client.get("/caseload", headers={"Authorization": f"Bearer {token}"}
                      ).status_code == 302  # fmt: skip
    sign_in(client, clinician)
    assert client.get("/api/cases/").status_code == 401


def test_pages_are_never_cached_and_frame_nowhere(client: FlaskClient) -> None:
    answer = client.get("/sign-in")
    assert answer.headers["Cache-Control"] == "no-store"
    assert "frame-ancestors 'none'" in answer.headers["Content-Security-Policy"]


def test_a_bad_idle_setting_is_refused_naming_it() -> None:
    from domain.exceptions import InvalidValue

    with pytest.raises(InvalidValue, match="CASEBOOK_IDLE_MINUTES"):
        Settings.from_env({"CASEBOOK_IDLE_MINUTES": "0"})
    assert Settings.from_env({"CASEBOOK_IDLE_MINUTES": "5"}).idle_minutes == 5


def test_confirming_a_second_factor_tells_no_user_id(client: FlaskClient) -> None:
    # An unknown user was answered 404 "user ... does not exist", where signing
    # in gives an unknown user the same refusal as a known one.
    answers = []
    for user_id in ("nobody-here", "dr-rivera"):
        form = {"csrf_token": csrf(client, "/sign-in"), "user_id": user_id,
                "code": "123456"}  # fmt: skip
        answer = client.post("/enroll/confirm", data=form)
        text = answer.get_data(as_text=True)
        answers.append((answer.status_code, "no second factor waiting" in text))
    assert answers == [(422, True), (422, True)]
