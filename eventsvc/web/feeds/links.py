"""Subscribe links for any feed URL: https, webcal:// and Google Calendar's "add by URL"."""

from __future__ import annotations

from urllib.parse import quote

from ..public.links import GOOGLE_SUBSCRIBE


def subscribe_links(url: str) -> dict[str, str]:
    """{"url": url, "webcal": the same feed for calendar apps, "google": subscribe in Google}."""
    webcal = "webcal://" + url.split("://", 1)[1]
    return {"url": url, "webcal": webcal, "google": GOOGLE_SUBSCRIBE + quote(webcal, safe="")}
