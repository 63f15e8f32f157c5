"""The auditor's review room: changes and reads across every case, filtered,
sorted and paged; verification of every case and the access log; exports."""

from __future__ import annotations

import json
from collections.abc import Callable

from playwright.sync_api import Page, expect

from tests.browser.conftest import Served, screenshot, serious_violations


def column(page: Page, heading: str) -> list[str]:
    """The cells of the listing's column under `heading`, top to bottom."""
    headings = page.locator("#listing thead th").all_inner_texts()
    index = next(i for i, h in enumerate(headings) if h.strip().startswith(heading))
    cells = page.locator(f"#listing tbody tr td:nth-child({index + 1})")
    return [text.strip() for text in cells.all_inner_texts()]


def test_an_auditor_filters_and_sorts_the_changes(
    signed_in: Callable[..., Page], served: Served
) -> None:
    page = signed_in("auditor-kim")
    expect(page).to_have_url(served.base + "/audit")
    expect(page.get_by_role("heading", level=1)).to_have_text("Changes and reads")
    everything = page.locator("#listing caption").inner_text()
    page.get_by_label("Case (client reference or id)").fill("demo-trauma")
    page.get_by_label("Event type").select_option("TechniqueAdded")
    page.get_by_label("Role").select_option("clinician")
    page.get_by_role("button", name="Filter").click()
    expect(page.locator("#listing caption")).not_to_have_text(everything)
    assert set(column(page, "Case")) == {"demo-trauma"}
    assert set(column(page, "Event type")) == {"TechniqueAdded"}
    assert set(column(page, "Role")) == {"clinician"}
    ascending = [int(v) for v in column(page, "Version")]
    assert len(ascending) >= 2

    page.get_by_role("link", name="Version").click()  # sorted by version, ascending
    expect(page.locator("th[aria-sort]")).to_have_text("Version ▲")
    expect(page.locator("th[aria-sort]")).to_have_attribute("aria-sort", "ascending")
    versions = [int(v) for v in column(page, "Version")]
    assert versions == sorted(versions)
    page.get_by_role("link", name="Version").click()  # and again: descending
    expect(page.locator("th[aria-sort]")).to_have_attribute("aria-sort", "descending")
    versions = [int(v) for v in column(page, "Version")]
    assert versions == sorted(versions, reverse=True) and versions[0] > versions[-1]
    assert set(column(page, "Case")) == {"demo-trauma"}  # the filters are kept
    expect(page.get_by_label("Case (client reference or id)")).to_have_value(
        "demo-trauma"
    )
    assert serious_violations(page) == []
    screenshot(page, "audit-changes")

    page.get_by_role("link", name="Who").click()
    expect(page.locator("th[aria-sort]")).to_have_text("Who ▲")
    who = column(page, "Who")
    assert who == sorted(who)


def test_an_auditor_sees_the_reads_including_their_own(
    signed_in: Callable[..., Page],
) -> None:
    page = signed_in("auditor-kim")
    page.get_by_role("link", name="Reads", exact=True).click()
    expect(page.get_by_role("link", name="Reads", exact=True)).to_have_attribute(
        "aria-current", "page"
    )
    page.get_by_label("Actor (user id)").fill("auditor-kim")
    page.get_by_label("Kind of read").select_option("audit-changes")
    page.get_by_role("button", name="Filter").click()
    assert set(column(page, "Who")) == {"auditor-kim"}
    assert set(column(page, "Read")) == {"audit-changes"}
    expect(page.locator("th[aria-sort]")).to_have_text("When (UTC) ▲")  # the default
    page.get_by_role("link", name="When (UTC)").click()
    expect(page.locator("th[aria-sort]")).to_have_attribute("aria-sort", "descending")
    when = column(page, "When (UTC)")
    assert when == sorted(when, reverse=True)
    assert serious_violations(page) == []
    screenshot(page, "audit-reads")

    page.get_by_label("Until (UTC)").fill("2001-01-01T00:00")  # before any read
    page.get_by_role("button", name="Filter").click()
    expect(page.locator("#listing caption")).to_contain_text(" of 0")
    expect(page.locator("#listing tbody")).to_have_text(
        "Nothing matches these filters."
    )
    page.get_by_label("Until (UTC)").fill("")
    page.get_by_label("From (UTC)").fill("2001-01-01T00:00")
    page.get_by_role("button", name="Filter").click()
    assert set(column(page, "Read")) == {"audit-changes"}


def test_bad_filters_are_named_and_nothing_is_listed(
    signed_in: Callable[..., Page], served: Served
) -> None:
    page = signed_in("auditor-kim")
    page.get_by_label("Case (client reference or id)").fill("no-such-case")
    page.get_by_label("From (UTC)").fill("2026-03-02T10:00")
    page.get_by_label("Until (UTC)").fill("2026-03-01T10:00")
    page.get_by_role("button", name="Filter").click()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Until (UTC): must be later than From")
    expect(alert).to_contain_text("no case with client reference 'no-such-case'")
    expect(page.locator("#listing")).to_have_count(0)
    page.goto(served.base + "/audit?sort=summary&page=0")
    expect(page.get_by_role("alert")).to_contain_text("Sort: there is no column")
    expect(page.get_by_role("alert")).to_contain_text("Page: must be a whole number")
    assert serious_violations(page) == []


def test_every_demo_case_verifies_intact_and_exports(
    signed_in: Callable[..., Page],
) -> None:
    page = signed_in("auditor-kim")
    page.get_by_role("link", name="Verification").click()
    expect(page.locator("#verdict")).to_contain_text("cases: all intact")
    rows = page.locator("#cases tbody tr")
    for name in ("demo-trauma", "demo-assimilative", "demo-sequencing", "demo-couple"):
        row = rows.filter(has=page.get_by_role("rowheader", name=name))
        expect(row.locator("td").nth(1)).to_have_text("intact")
    expect(page.locator("#access-log")).to_contain_text("intact")
    assert serious_violations(page) == []
    screenshot(page, "verification")

    with page.expect_download() as download:
        page.get_by_role("link", name="JSONL export of demo-trauma").click()
    lines = download.value.path().read_text().splitlines()
    records = [json.loads(line) for line in lines]
    assert len(records) >= 2
    assert download.value.suggested_filename.endswith(".jsonl")
    with page.expect_download() as download:
        page.get_by_role("link", name="FHIR Bundle export of demo-trauma").click()
    bundle = json.loads(download.value.path().read_text())
    assert bundle["resourceType"] == "Bundle"
    assert bundle["entry"]

    page.get_by_label("Verify one case (client reference or id)").fill("demo-couple")
    page.get_by_role("button", name="Verify").click()
    expect(page.locator("#verdict")).to_contain_text("Verified 1 case: all intact")
    page.get_by_label("Verify one case (client reference or id)").fill("nobody")
    page.get_by_role("button", name="Verify").click()
    expect(page.get_by_role("alert")).to_have_text(
        "Case: no case with client reference or id 'nobody'"
    )
