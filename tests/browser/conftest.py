"""A live server and headless Chromium for browser tests.

`live_server` serves the test app (and its database) from a thread on 127.0.0.1 at a free
port; `browser_page` is a fresh Chromium page (Debian's chromium, driven by Playwright).
Without /usr/bin/chromium the browser tests skip, unless EVENTSVC_REQUIRE_ALL_TESTS=true.

A click that sends a form returns once the answer has started to load, not once it has loaded:
read pages with `expect(...)`, which waits for what it asserts, never with `inner_text()` and
`==`, and send forms with `steps.submit`, so that the next step acts on the whole new page. CI
runs these tests beside others on two cores, where a page can take seconds to arrive.
"""

from __future__ import annotations

import os
import shutil
import threading
from dataclasses import dataclass

import pytest
from playwright.sync_api import expect
from werkzeug.serving import make_server

CHROMIUM = "/usr/bin/chromium"
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


# Long enough for a loaded CI machine; a passing assertion returns as soon as it holds.
expect.set_options(timeout=20_000)


@dataclass(frozen=True)
class LiveServer:
    url: str

    def __call__(self, path: str) -> str:
        return self.url + path


@pytest.fixture(scope="session")
def live_server(app):
    """The test app over real HTTP, for the whole session; stopped at its end."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    try:
        yield LiveServer(f"http://127.0.0.1:{server.server_port}")
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def _require_chromium() -> None:
    if os.path.exists(CHROMIUM) or shutil.which("chromium") == CHROMIUM:
        return
    if os.environ.get("EVENTSVC_REQUIRE_ALL_TESTS") == "true":
        pytest.fail(f"browser tests need {CHROMIUM} (apt-get install chromium)")
    pytest.skip(f"no {CHROMIUM}: apt-get install chromium to run the browser tests")


@pytest.fixture(scope="session")
def chromium():
    _require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=LAUNCH_ARGS, headless=True
        )
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def browser_page(chromium):
    """A new page in its own context (no cookies carried over), English preferred."""
    context = chromium.new_context(locale="en-US")
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()


@pytest.fixture
def page_without_javascript(chromium):
    """The workspace is plain HTML forms: it must work with JavaScript off."""
    context = chromium.new_context(locale="en-US", java_script_enabled=False)
    try:
        yield context.new_page()
    finally:
        context.close()
