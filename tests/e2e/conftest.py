"""Browser tests: Playwright for Python driving Debian's chromium (never a downloaded build).

Every page a test opens gets axe-core injected; `visit()` fails the test on a serious or
critical accessibility violation, on any Content-Security-Policy violation and on a page wider
than the window. `visitor` is a desktop window (1280 px), `phone` a phone's (390 px).
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# Collects CSP violations from the first moment of each document, before any page script.
CSP_LISTENER = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'}`);
});
"""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


class Visitor:
    """A signed-out or signed-in person in the browser, checking every page they see."""

    def __init__(self, page: Page, base_url: str) -> None:
        self.page = page
        self.base_url = base_url
        self.console_csp: list[str] = []
        page.on(
            "console",
            lambda msg: (
                self.console_csp.append(msg.text) if "Content Security Policy" in msg.text else None
            ),
        )

    def visit(self, path: str) -> Page:
        response = self.page.goto(self.base_url + path)
        assert response is not None and response.ok, f"{path}: HTTP {response and response.status}"
        self.check_page(path)
        return self.page

    def check_page(self, label: str) -> None:
        self.page.wait_for_load_state("load")
        results = self.page.evaluate(
            "async () => await axe.run(document, {resultTypes: ['violations']})"
        )
        bad = [v for v in results["violations"] if v["impact"] in {"serious", "critical"}]
        assert not bad, f"{label}: accessibility violations:\n" + json.dumps(
            [
                {"id": v["id"], "impact": v["impact"], "nodes": [n["html"] for n in v["nodes"]]}
                for v in bad
            ],
            indent=2,
        )
        violations = self.page.evaluate("window.__cspViolations") + self.console_csp
        assert not violations, f"{label}: CSP violations: {violations}"
        self.check_width(label)

    def check_width(self, label: str) -> None:
        """The page never scrolls sideways: a wide table scrolls inside its own box."""
        width = self.page.evaluate("document.documentElement.scrollWidth")
        viewport = self.page.evaluate("document.documentElement.clientWidth")
        assert width <= viewport, f"{label}: the page is {width} px wide in a {viewport} px window"


def _visitor(browser: Browser, base_url: str, width: int, height: int) -> Iterator[Visitor]:
    context = browser.new_context(locale="da-DK", viewport={"width": width, "height": height})
    context.add_init_script(script=CSP_LISTENER)
    context.add_init_script(path=str(AXE))
    page = context.new_page()
    yield Visitor(page, base_url)
    context.close()


@pytest.fixture
def visitor(browser: Browser, live_server) -> Iterator[Visitor]:
    yield from _visitor(browser, live_server.url, 1280, 900)


@pytest.fixture
def phone(browser: Browser, live_server) -> Iterator[Visitor]:
    """The same checks in a phone's window, 390 px wide."""
    yield from _visitor(browser, live_server.url, 390, 844)
