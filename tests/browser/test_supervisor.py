"""The supervisor's review room: the queue, a case's plan and coherence, the
timeline stepped through (SUP-PENDING appears with EMDR and resolves at the
approval), the chart, a diff, notes, and signing with the signing secret."""

from __future__ import annotations

import json
import re
import urllib.request
from collections.abc import Callable

from playwright.sync_api import Page, expect

from tests.browser.conftest import Served, screenshot, serious_violations


def case_id(served: Served, client_ref: str) -> str:
    """A demo case's id, through the JSON API as its supervisor."""
    request = urllib.request.Request(
        f"{served.base}/api/cases/?client_ref={client_ref}",
        headers={"Authorization": f"Bearer {served.tokens['dr-okafor']}"},
    )
    with urllib.request.urlopen(request, timeout=10) as answer:
        return str(json.load(answer)["items"][0]["case_id"])


def api_note(served: Served, case: str, version: int) -> None:
    """A supervision note written through the API, moving the case on a version."""
    request = urllib.request.Request(
        f"{served.base}/api/cases/{case}/supervision-notes", method="POST",
        data=json.dumps({"text": "Discussed pacing by phone."}).encode(),
        headers={"Authorization": f"Bearer {served.tokens['dr-okafor']}",
                 "Content-Type": "application/json", "If-Match": f'"{version}"'},
    )  # fmt: skip
    urllib.request.urlopen(request, timeout=10).close()


def test_queue_and_the_trauma_case(signed_in: Callable[..., Page]) -> None:
    page = signed_in("dr-okafor")
    expect(page.get_by_role("heading", level=1)).to_have_text("Supervision queue")
    assert serious_violations(page) == []
    screenshot(page, "queue")
    page.get_by_role("link", name="demo-trauma").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Case demo-trauma")
    plan = page.get_by_role("region", name="Plan")
    expect(plan).to_contain_text("integration")
    expect(plan).to_contain_text("Grounding (COMMON")
    expect(plan).to_contain_text("Grounding interrupts dissociation")
    coherence = page.get_by_role("region", name="Coherence")
    expect(coherence).to_contain_text("Status:")
    signatures = page.locator("#signatures")
    expect(signatures).to_contain_text("Dr. Ngozi Okafor")
    expect(signatures).to_contain_text("approved")
    chart = page.get_by_role("img", name=re.compile("Chart of alliance"))
    expect(chart).to_be_visible()
    assert chart.evaluate("img => img.complete && img.naturalWidth > 0")
    assert serious_violations(page) == []
    screenshot(page, "case")


def test_the_timeline_shows_sup_pending_appear_and_resolve(
    signed_in: Callable[..., Page], served: Served
) -> None:
    page = signed_in("dr-okafor")
    case = case_id(served, "demo-trauma")
    page.goto(f"{served.base}/cases/{case}/timeline?step=19")
    appeared, resolved = page.locator("#appeared"), page.locator("#resolved")
    announce = page.locator("#announce")
    expect(page.get_by_label("Step", exact=True)).to_have_value("19")
    expect(appeared).not_to_contain_text("SUP-PENDING")
    url = page.url
    page.get_by_role("link", name="Next").click()  # the EMDR step
    expect(announce).to_contain_text("Step 20 of")
    expect(page).to_have_url(re.compile(r"step=20$"))
    assert page.evaluate("performance.getEntriesByType('navigation').length") == 1
    assert url != page.url
    expect(page.locator("[data-slot=what]")).to_contain_text("EMDR")
    expect(appeared).to_contain_text("SUP-PENDING")
    expect(page.locator("#findings")).to_contain_text("SUP-PENDING")
    page.keyboard.press("ArrowRight")
    expect(announce).to_contain_text("Step 21 of")
    expect(appeared).not_to_contain_text("SUP-PENDING")
    expect(page.locator("#findings")).to_contain_text("SUP-PENDING")
    page.get_by_label("Step", exact=True).fill("26")  # the approval
    expect(announce).to_contain_text("Step 26 of")
    expect(page.locator("[data-slot=who]")).to_have_text("dr-okafor (supervisor)")
    expect(resolved).to_contain_text("SUP-PENDING")
    expect(announce).to_contain_text("Resolved: SUP-PENDING")
    expect(page.locator("#findings")).not_to_contain_text("SUP-PENDING")
    expect(page).to_have_url(re.compile(r"step=26$"))
    page.keyboard.press("ArrowLeft")
    expect(announce).to_contain_text("Step 25 of")
    expect(resolved).not_to_contain_text("SUP-PENDING")
    page.keyboard.press("ArrowRight")
    assert serious_violations(page) == []
    screenshot(page, "timeline")
    page.get_by_role("button", name="Compare").click()  # steps 25 to 26
    expect(page.get_by_role("heading", level=2)).to_have_text(
        "From version 25 to version 26"
    )
    expect(page.get_by_role("region", name="Coherence")).to_contain_text("SUP-PENDING")
    assert serious_violations(page) == []
    screenshot(page, "diff")
    # Without script, the same steps are links the server answers.
    page.goto(f"{served.base}/cases/{case}/timeline?step=20")
    expect(appeared).to_contain_text("SUP-PENDING")


def test_the_chart_is_local_svg_with_the_policy_thresholds(
    signed_in: Callable[..., Page], served: Served
) -> None:
    page = signed_in("dr-okafor")
    answer = page.request.get(
        f"{served.base}/cases/{case_id(served, 'demo-trauma')}/chart.svg"
    )
    assert answer.status == 200
    assert answer.headers["content-type"].startswith("image/svg+xml")
    svg = answer.text()
    assert "SRS at or below 36 is low" in svg and "WAI-SR below 36" in svg
    assert "<script" not in svg and "kozea.github.io" not in svg  # pygal's CDN


def test_a_note_then_approval_with_the_signing_secret(
    signed_in: Callable[..., Page], served: Served
) -> None:
    case = case_id(served, "demo-sequencing")
    clinician = signed_in("dr-rivera")
    clinician.goto(f"{served.base}/cases/{case}")
    clinician.get_by_role("button", name="Request review").click()
    expect(clinician.get_by_role("status")).to_contain_text("Review requested")

    page = signed_in("dr-okafor")
    row = page.get_by_role("row").filter(has_text="demo-sequencing")
    expect(row).to_contain_text("review requested")
    row.get_by_role("link").click()
    notes = page.get_by_role("region", name="Supervision notes")
    notes.get_by_role("button", name="Add note").click()
    expect(page.get_by_role("alert")).to_contain_text("Note: write the note")
    notes.get_by_label("Note", exact=True).fill("Pace the exposure work.")
    notes.get_by_label("Versions it refers to").fill("2")
    notes.get_by_role("button", name="Add note").click()
    expect(page.get_by_role("status")).to_have_text("Note added.")
    expect(page.locator("#notes")).to_contain_text("Pace the exposure work.")

    signatures = page.locator("#signatures tbody tr")
    before = signatures.count()
    page.get_by_label("Your signing secret").fill("not-the-secret")
    page.get_by_role("button", name="Approve").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "Your signing secret: the signing secret is wrong; nothing was signed"
    )
    expect(signatures).to_have_count(before)
    # The case moves on meanwhile: the page's version is stale, nothing is signed.
    shown = int(page.locator("input[name=version]").first.input_value())
    api_note(served, case, shown)
    page.get_by_label("Your signing secret").fill("demo-signing-secret")
    page.get_by_role("button", name="Approve").click()
    expect(page.get_by_role("alert")).to_contain_text(
        f"you saw version {shown}, it is now at version {shown + 1}"
    )
    page.get_by_label("Your signing secret").fill("demo-signing-secret")
    page.get_by_role("button", name="Approve").click()
    expect(page.get_by_role("status")).to_have_text("Approved and signed.")
    newest = signatures.first
    expect(newest).to_contain_text("Dr. Ngozi Okafor")
    expect(newest).to_contain_text(re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d UTC"))
    expect(newest).to_contain_text("approved")
    expect(newest.get_by_role("cell").nth(4)).to_have_text(str(shown + 1))
    assert serious_violations(page) == []
    screenshot(page, "case-signed")
