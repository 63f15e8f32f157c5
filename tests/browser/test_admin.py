"""The admin's review room: users, roles, enrollment codes and the
supervisors of cases; refusals name the field and the reason, and record
nothing. Each test makes its own users, so that the order does not matter."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from playwright.sync_api import Page, expect

from tests.browser.conftest import Served, screenshot, serious_violations


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def add_user(page: Page, user_id: str, role: str, name: str = "") -> str:
    """Add a user through the form; their enrollment code, shown once."""
    page.get_by_label("User id").fill(user_id)
    page.get_by_label("Name (optional)").fill(name)
    page.get_by_label("Role", exact=True).select_option(role)
    page.get_by_role("button", name="Add user").click()
    expect(page.get_by_role("status")).to_have_text(f"{user_id} was added.")
    return page.locator("#enrollment-code").inner_text()


def row(page: Page, user_id: str) -> object:
    return page.locator("#users tbody tr").filter(
        has=page.get_by_role("rowheader", name=user_id, exact=True)
    )


def test_an_admin_adds_a_user_and_sees_the_code_once(
    signed_in: Callable[..., Page], served: Served
) -> None:
    page = signed_in("admin")
    expect(page).to_have_url(served.base + "/users")
    assert serious_violations(page) == []
    screenshot(page, "users")
    user_id = unique("dr-new")
    code = add_user(page, user_id, "clinician", "Dr. New Person")
    assert len(code) >= 16
    expect(
        page.get_by_role("heading", name=f"Enrollment code for {user_id}")
    ).to_be_visible()
    found = row(page, user_id)
    expect(found.locator("td.role")).to_have_text("clinician")
    expect(found).to_contain_text("enrollment code waiting")
    expect(found).to_contain_text("Dr. New Person")
    assert serious_violations(page) == []
    screenshot(page, "users-added")

    page.get_by_role("link", name="Users", exact=True).click()  # shown once: not again
    expect(row(page, user_id)).to_be_visible()
    expect(page.locator("#enrollment-code")).to_have_count(0)
    assert code not in page.content()


def test_an_admin_changes_roles_reenrolls_and_revokes(
    signed_in: Callable[..., Page],
) -> None:
    page = signed_in("admin")
    user_id = unique("sup")
    first = add_user(page, user_id, "clinician")
    found = row(page, user_id)
    found.get_by_label(f"Role of {user_id}").select_option("supervisor")
    found.get_by_role("button", name=f"Change role of {user_id}").click()
    expect(page.get_by_role("status")).to_have_text(f"{user_id} is now supervisor.")
    expect(row(page, user_id).locator("td.role")).to_have_text("supervisor")

    row(page, user_id).get_by_role(
        "button", name=f"New enrollment code for {user_id}"
    ).click()
    expect(page.get_by_role("status")).to_contain_text(
        f"{user_id} has a new enrollment code"
    )
    second = page.locator("#enrollment-code").inner_text()
    assert second and second != first

    row(page, user_id).get_by_role("button", name=f"Revoke tokens of {user_id}").click()
    expect(page.get_by_role("status")).to_have_text(
        f"{user_id}'s tokens and enrollment code are revoked."
    )
    expect(row(page, user_id).locator("ul.state")).to_have_text("not enrolled")
    assert serious_violations(page) == []


def test_an_admin_cannot_change_their_own_role(
    signed_in: Callable[..., Page],
) -> None:
    page = signed_in("admin")
    found = row(page, "admin")
    found.get_by_label("Role of admin").select_option("supervisor")
    found.get_by_role("button", name="Change role of admin").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "Role of admin: no one changes their own role: another admin does"
    )
    expect(row(page, "admin").locator("td.role")).to_have_text("admin")
    assert serious_violations(page) == []


def test_bad_input_names_the_field_and_records_nothing(
    signed_in: Callable[..., Page],
) -> None:
    page = signed_in("admin")
    page.get_by_role("button", name="Add user").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "User id: This field is required."
    )
    bad = unique("has space") + " x"
    page.get_by_label("User id").fill(bad)
    page.get_by_role("button", name="Add user").click()
    expect(page.get_by_role("alert")).to_contain_text("User id: ")
    expect(page.get_by_label("User id")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#users")).not_to_contain_text(bad)
    expect(page.locator("#enrollment-code")).to_have_count(0)
    assert serious_violations(page) == []
    screenshot(page, "users-refused")


def test_an_admin_sees_the_supervisors_of_cases(
    signed_in: Callable[..., Page],
) -> None:
    page = signed_in("admin")
    supervisor = unique("sup")
    add_user(page, supervisor, "supervisor")
    nav = page.get_by_role("navigation", name="Main")
    nav.get_by_role("link", name="Supervisors of cases").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Supervisors of cases")
    trauma = page.locator("#assignments tbody tr").filter(
        has=page.get_by_role("rowheader", name="demo-trauma")
    )
    expect(trauma).to_contain_text("dr-okafor")
    assert serious_violations(page) == []
    screenshot(page, "assignments")
    # Only a supervisor can be assigned: a clinician slipped into the list is
    # refused, naming the field, and the case is unchanged.
    version = trauma.locator("td").nth(2).inner_text()
    page.evaluate(
        "document.querySelectorAll('#assignments select').forEach(s => "
        "s.add(new Option('dr-chen', 'dr-chen', true, true)))"
    )
    page.get_by_role("button", name="Assign to demo-trauma").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "Supervisor: 'dr-chen' is not a supervisor"
    )
    trauma = page.locator("#assignments tbody tr").filter(
        has=page.get_by_role("rowheader", name="demo-trauma")
    )
    expect(trauma.locator("td").nth(2)).to_have_text(version)
    expect(trauma).not_to_contain_text("dr-chen")
