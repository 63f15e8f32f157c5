"""A new user's first steps in the review room: the code an admin gives them,
their own password and second factor, then signing in."""

from __future__ import annotations

import uuid
from collections.abc import Callable

import pyotp
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import Served, screenshot, serious_violations
from tests.browser.test_admin import add_user

PASSWORD = "a long enough password"


def test_a_new_user_enrolls_with_a_second_factor_and_signs_in(
    signed_in: Callable[..., Page], browser: Browser, served: Served
) -> None:
    user_id = f"dr-enrol-{uuid.uuid4().hex[:6]}"
    code = add_user(signed_in("admin"), user_id, "clinician", "Dr. Enrolling")
    page = browser.new_page()
    page.goto(served.base + "/sign-in")
    page.get_by_role("link", name="Enroll with the code an admin gave you").click()
    assert serious_violations(page) == []
    screenshot(page, "enroll")
    page.get_by_label("User id").fill(user_id)
    page.get_by_label("Enrollment code").fill(code)
    page.get_by_label("Signing secret", exact=False).fill("my signing secret")
    page.get_by_label("New password (", exact=False).fill(PASSWORD)
    page.get_by_label("New password again").fill(PASSWORD)
    page.get_by_role("button", name="Enroll").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Set up your second factor"
    )
    expect(page.get_by_role("img", name="QR code of your authenticator secret")
           ).to_be_visible()  # fmt: skip
    assert serious_violations(page) == []
    screenshot(page, "enrolled")
    totp = pyotp.TOTP(page.locator("#totp-secret").inner_text())
    page.get_by_label("Code from your authenticator app").fill(totp.now())
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("status")).to_contain_text("can now sign in")

    page.goto(served.base + "/sign-in")
    page.get_by_label("User id").fill(user_id)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Code from your authenticator app").fill(totp.now())
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text(f"{user_id} (clinician)")).to_be_visible()
    expect(page).to_have_url(served.base + "/caseload")
    page.close()


def test_a_used_code_enrolls_nobody(
    signed_in: Callable[..., Page], browser: Browser, served: Served
) -> None:
    user_id = f"dr-twice-{uuid.uuid4().hex[:6]}"
    code = add_user(signed_in("admin"), user_id, "auditor")
    page = browser.new_page()
    for _ in ("the first use", "the second"):
        page.goto(served.base + "/enroll")
        page.get_by_label("User id").fill(user_id)
        page.get_by_label("Enrollment code").fill(code)
        page.get_by_label("New password (", exact=False).fill(PASSWORD)
        page.get_by_label("New password again").fill(PASSWORD)
        page.get_by_role("button", name="Enroll").click()
    expect(page.get_by_role("alert")).to_contain_text("not valid")
    assert serious_violations(page) == []
    page.close()
