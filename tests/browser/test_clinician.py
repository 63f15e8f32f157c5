"""The clinician's review room: their caseload, a case they treat, asking for
review and reading the edits a supervisor requested; a case they do not treat
is a 404 page."""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Page, expect

from tests.browser.conftest import Served, screenshot, serious_violations
from tests.browser.test_supervisor import case_id


def test_the_caseload_lists_their_cases_with_statuses(
    signed_in: Callable[..., Page],
) -> None:
    page = signed_in("dr-chen")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your caseload")
    row = page.get_by_role("row").filter(has_text="demo-couple")
    expect(row).to_contain_text("open")
    expect(page.get_by_role("table")).not_to_contain_text("demo-trauma")
    assert serious_violations(page) == []
    screenshot(page, "caseload")
    row.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Case demo-couple")
    expect(page.get_by_role("button", name="Approve")).to_have_count(0)
    sign_out(page)


def sign_out(page: Page) -> None:
    """End the session (test_sign_in's idle check expects one of dr-chen's live)."""
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("status")).to_have_text("You are signed out.")


def test_a_case_they_do_not_treat_is_not_found(
    signed_in: Callable[..., Page], served: Served
) -> None:
    page = signed_in("dr-chen")
    case = case_id(served, "demo-trauma")
    for path in ("", "/timeline", "/diff?from=1&to=2"):
        answer = page.goto(f"{served.base}/cases/{case}{path}")
        assert answer is not None and answer.status == 404
        expect(page.get_by_role("heading", level=1)).to_have_text("Not found")
        expect(page.get_by_role("main")).not_to_contain_text("Grounding")
    assert page.request.get(f"{served.base}/cases/{case}/chart.svg").status == 404
    assert serious_violations(page) == []
    screenshot(page, "case-not-found")
    sign_out(page)


def test_requested_edits_reach_the_clinician_who_asks_again(
    signed_in: Callable[..., Page], served: Served
) -> None:
    case = case_id(served, "demo-assimilative")
    supervisor = signed_in("dr-okafor")
    supervisor.goto(f"{served.base}/cases/{case}")
    supervisor.get_by_label("Your signing secret").fill("demo-signing-secret")
    supervisor.get_by_role("button", name="Request edits").click()
    expect(supervisor.get_by_role("alert")).to_contain_text(
        "Comment (required when requesting edits): say which edits you request"
    )
    supervisor.get_by_label("Comment").fill("Give the phase change its rationale.")
    supervisor.get_by_label("Your signing secret").fill("demo-signing-secret")
    supervisor.get_by_role("button", name="Request edits").click()
    expect(supervisor.get_by_role("status")).to_contain_text("requesting edits")

    page = signed_in("dr-rivera")
    page.goto(f"{served.base}/cases/{case}")
    review = page.get_by_role("region", name="Review and signatures")
    expect(review).to_contain_text("Edits requested")
    expect(review).to_contain_text("Give the phase change its rationale.")
    expect(review).to_contain_text("Dr. Ngozi Okafor")
    expect(page.get_by_role("button", name="Approve")).to_have_count(0)
    assert serious_violations(page) == []
    screenshot(page, "case-clinician")
    page.get_by_role("button", name="Request review").click()
    expect(page.get_by_role("status")).to_contain_text("Review requested")
    expect(review).to_contain_text("Review requested up to version")
