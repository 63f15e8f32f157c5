"""Signing in to the review room: password and TOTP, refusals, CSRF, idle logoff."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import timedelta

from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import Served, screenshot, serious_violations, sign_in


def test_sign_in_with_password_and_code_then_out(
    browser: Browser, served: Served
) -> None:
    page = browser.new_page()
    page.goto(served.base + "/")
    expect(page).to_have_url(served.base + "/sign-in")
    assert serious_violations(page) == []
    screenshot(page, "sign-in")
    sign_in(page, served, "dr-okafor")
    expect(page.get_by_text("dr-okafor (supervisor)")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("status")).to_have_text("You are signed out.")
    page.goto(served.base + "/queue")
    expect(page).to_have_url(served.base + "/sign-in?next=/queue")
    page.close()


def test_a_wrong_code_is_refused_without_saying_which_part(
    browser: Browser, served: Served
) -> None:
    page = browser.new_page()
    page.goto(served.base + "/sign-in")
    page.get_by_label("User id").fill("dr-rivera")
    page.get_by_label("Password").fill(served.password)
    page.get_by_label("Code from your authenticator app").fill("000000")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_have_text(
        "the user id, password or code is not valid"
    )
    page.close()


def test_a_form_without_its_csrf_token_is_refused(
    browser: Browser, served: Served
) -> None:
    page = browser.new_page()
    page.goto(served.base + "/sign-in")
    page.evaluate("document.querySelector('input[name=csrf_token]').remove()")
    page.get_by_label("User id").fill("dr-rivera")
    page.get_by_label("Password").fill(served.password)
    page.get_by_label("Code from your authenticator app").fill(served.code("dr-rivera"))
    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        page.get_by_role("button", name="Sign in").click()
    assert answer.value.status == 400
    expect(page.get_by_role("heading", level=1)).to_have_text("Form refused")
    page.close()


def test_an_idle_session_is_signed_out(
    signed_in: Callable[..., Page], served: Served
) -> None:
    page = signed_in("dr-chen")
    expect(page.get_by_text("dr-chen (clinician)")).to_be_visible()
    # Fifteen idle minutes, without waiting them: the session's last use moves back.
    with sqlite3.connect(served.data_dir / "readmodels.sqlite") as connection:
        moved = connection.execute(
            "UPDATE web_sessions SET last_seen_at = last_seen_at - ? "
            "WHERE token_hash = (SELECT token_hash FROM web_sessions "
            "WHERE user_id = 'dr-chen' ORDER BY started_at DESC LIMIT 1)",
            (timedelta(minutes=16) // timedelta(microseconds=1),),
        ).rowcount
    assert moved == 1
    page.reload()
    expect(page.get_by_role("status")).to_have_text(
        "You were signed out after a period without activity."
    )
