"""Subscribe links for a feed: https, webcal:// and Google Calendar's "add by URL"."""

from __future__ import annotations

from urllib.parse import quote, urlsplit, urlunsplit

GOOGLE_SUBSCRIBE = "https://calendar.google.com/calendar/render?cid="


def feed_links(url: str) -> dict[str, str]:
    """{"url": url, "webcal": the same feed for calendar apps, "google": subscribe in Google}."""
    webcal = urlunsplit(("webcal",) + tuple(urlsplit(url))[1:])
    return {"url": url, "webcal": webcal, "google": GOOGLE_SUBSCRIBE + quote(webcal, safe="")}
