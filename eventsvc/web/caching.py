"""What browsers and shared caches (a proxy, a CDN) are told about keeping an answer.

An anonymous public answer is the same for everyone who sends the same URL and the headers
it names in Vary (language, Accept, Accept-Encoding): shared caches may keep it. Flask would
add `Vary: Cookie` to every answer that looked at the session, and an anonymous read does
(to learn that nobody is signed in), which keeps shared caches from storing any of them.
A signed-in reader's page is `private` (their stars, their account): it keeps the Vary.
"""

from __future__ import annotations

from flask import Flask, Response, current_app
from flask.sessions import SecureCookieSessionInterface


def public(response: Response, max_age: int | None = None, until: int | None = None) -> None:
    """Let browsers keep response for max_age seconds (default PUBLIC_MAX_AGE) and shared caches
    for SHARED_MAX_AGE, then stale a while; an answer right for only `until` more seconds (the
    "now" of this minute) is kept no longer than that by either, and never stale."""
    config = current_app.config
    browser = config["PUBLIC_MAX_AGE"] if max_age is None else max_age
    shared, stale = config["SHARED_MAX_AGE"], config["STALE_WHILE_REVALIDATE"]
    if until is not None:
        browser, shared, stale = min(browser, until), min(shared, until), 0
    response.headers["Cache-Control"] = (
        f"public, max-age={browser}, s-maxage={shared}, stale-while-revalidate={stale}"
    )


def private(response: Response, max_age: int) -> None:
    response.headers["Cache-Control"] = f"private, max-age={max_age}"


class SessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, without `Vary: Cookie` on answers anyone may share."""

    def save_session(self, app: Flask, session, response: Response) -> None:
        super().save_session(app, session, response)
        if response.cache_control.public and "Set-Cookie" not in response.headers:
            response.vary = [h for h in response.vary if h.lower() != "cookie"]


def register(app: Flask) -> None:
    app.session_interface = SessionInterface()
