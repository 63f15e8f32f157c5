"""The review room on a tablet: every page fits the screen's width, so that
nothing is reached only by scrolling sideways."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page

from tests.browser.conftest import Served, screenshot
from tests.browser.test_supervisor import case_id

TABLET = (820, 1180)  # a 10.9-inch tablet held upright, in CSS pixels


def fits(page: Page) -> bool:
    width: bool = page.evaluate(
        "document.documentElement.scrollWidth <= window.innerWidth"
    )
    return width


@pytest.mark.parametrize(
    ("user", "paths"),
    [
        ("dr-okafor", ["/queue", "/cases/{trauma}", "/cases/{trauma}/timeline"]),
        ("dr-rivera", ["/caseload"]),
        ("auditor-kim", ["/audit", "/verification"]),
        ("admin", ["/users", "/assignments"]),
    ],
)
def test_every_page_fits_a_tablet_held_upright(
    signed_in: Callable[..., Page], served: Served, user: str, paths: list[str]
) -> None:
    page = signed_in(user, viewport=TABLET)
    trauma = case_id(served, "demo-trauma")
    for path in paths:
        page.goto(served.base + path.format(trauma=trauma))
        assert fits(page), path
        name = path.strip("/").replace("/", "-").replace(trauma, "trauma")
        screenshot(page, f"tablet-{name}")
