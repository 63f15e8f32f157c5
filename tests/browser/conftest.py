"""The review room in a real browser: `casebook serve --demo` in a subprocess,
driven by Playwright through Debian's Chromium (no browser download).

Users are the demo's (`casebook serve --demo` prints their authenticator
secrets); `signed_in(user)` gives a page signed in through the real form.
Screenshots go to build/screenshots/ (not committed)."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pyotp
import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from tests.served import demo_server, tokens

CHROMIUM = os.environ.get("CASEBOOK_CHROMIUM", "/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "build" / "screenshots"
REQUIRED = os.environ.get("CASEBOOK_REQUIRE_BROWSER") == "1"

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    if shutil.which(CHROMIUM) or REQUIRED:
        return
    skip = pytest.mark.skip(
        reason=f"no Chromium at {CHROMIUM} (apt-get install chromium, or set "
        "CASEBOOK_CHROMIUM); CASEBOOK_REQUIRE_BROWSER=1 makes these mandatory"
    )
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(skip)


@dataclass
class Served:
    base: str
    data_dir: Path
    password: str
    totp: dict[str, str]
    tokens: dict[str, str]
    log: list[str]

    def code(self, user: str) -> str:
        return pyotp.TOTP(self.totp[user]).now()


@pytest.fixture(scope="session")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    data_dir = tmp_path_factory.mktemp("review-room") / "data"
    with demo_server(data_dir) as server:
        totp = {
            parts[0]: parts[2]
            for parts in (line.split() for line in server.started)
            if len(parts) == 3 and parts[1] == "totp:"
        }
        found = re.search(r"password is (\S+);", "".join(server.started))
        assert found, "".join(server.started)
        yield Served(server.base, data_dir, found.group(1), totp,
                     tokens(server.started), server.log)  # fmt: skip


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=["--no-sandbox"]
        )
        yield launched
        launched.close()


def sign_in(page: Page, served: Served, user: str) -> None:
    """Sign `user` in through the real form (password and current TOTP code)."""
    page.goto(served.base + "/sign-in")
    page.get_by_label("User id").fill(user)
    page.get_by_label("Password").fill(served.password)
    page.get_by_label("Code from your authenticator app").fill(served.code(user))
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


@pytest.fixture
def signed_in(browser: Browser, served: Served) -> Iterator[Callable[..., Page]]:
    """signed_in(user): a new browser context's page, signed in as `user`."""
    contexts = []

    def make(user: str, viewport: tuple[int, int] = (1280, 900)) -> Page:
        context = browser.new_context(
            viewport={"width": viewport[0], "height": viewport[1]},
            accept_downloads=True,
        )
        contexts.append(context)
        page = context.new_page()
        sign_in(page, served, user)
        return page

    yield make
    for context in contexts:
        context.close()


def screenshot(page: Page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def serious_violations(page: Page) -> list[str]:
    """axe-core's serious and critical findings on the page, as readable lines."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at "
        + ", ".join(str(n["target"]) for n in v["nodes"][:3])
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
