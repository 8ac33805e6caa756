"""Where to send a browser after a form: only ever back into this site."""

from __future__ import annotations

from urllib.parse import urlsplit


def safe_next(target: object, fallback: str) -> str:
    """target if it is a path on this site, else fallback: no open redirect via ?next=."""
    if not isinstance(target, str) or not target.startswith("/") or target.startswith("//"):
        return fallback
    # Browsers read a backslash as a slash ("/\\evil.example") and drop tabs and newlines.
    if "\\" in target or any(ord(c) < 32 or ord(c) == 127 for c in target):
        return fallback
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return fallback
    return target
