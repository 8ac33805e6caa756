"""Reading forms the way a browser does: fetch the page, take its CSRF token."""

from __future__ import annotations

import lxml.html


def csrf_token(client, url: str) -> str:
    page = client.get(url)
    assert page.status_code == 200, page.status_code
    # Every form of one page (the header's sign-out among them) carries the same token.
    (token,) = set(
        lxml.html.fromstring(page.get_data(as_text=True)).xpath(
            '//input[@name="csrf_token"]/@value'
        )
    )
    return token


def post_form(client, url: str, data: dict, **kwargs):
    """POST data to url with the CSRF token its GET handed out."""
    return client.post(url, data={"csrf_token": csrf_token(client, url), **data}, **kwargs)
