"""Steps every browser test takes the same way: signing in, sending a form."""

from __future__ import annotations

from tests.factories import PASSWORD


def submit(page, selector: str) -> None:
    """Click a control that sends a form and wait until the page it answers has loaded."""
    with page.expect_navigation():
        page.click(selector)


def sign_in(page, live_server, email: str, *, then: str = "/manage/", password=PASSWORD) -> None:
    """Sign in through the login form and wait for the page it leads to."""
    page.goto(live_server(f"/login?next={then}"))
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", password)
    page.click("main form button[type=submit]")
    page.wait_for_url(live_server(then))
