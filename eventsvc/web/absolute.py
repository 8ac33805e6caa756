"""Absolute URLs, always under the PUBLIC_URL setting and never from the request's Host.

Feeds, schedule files, webcal links and mail are read away from this site, so their links
must be absolute; built from the setting, a body is the same whatever Host a client sent,
and so is its cache key.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app


def base() -> str:
    """PUBLIC_URL: scheme, host and optional path prefix, without a trailing slash."""
    return current_app.config["PUBLIC_URL"]


def absolute(path: str) -> str:
    """A path of the app ("/events/x") as an absolute URL."""
    return base() + path


def external_url(endpoint: str, **values) -> str:
    """url_for(endpoint, **values) as an absolute URL under PUBLIC_URL (None values left out)."""
    parts = urlsplit(base())
    adapter = current_app.url_map.bind(
        parts.netloc, script_name=parts.path or "/", url_scheme=parts.scheme
    )
    return adapter.build(endpoint, values, force_external=True)
