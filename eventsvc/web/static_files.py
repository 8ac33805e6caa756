"""Static files under versioned URLs: /static/eventsvc.css?v=<digest of its bytes>.

Such a URL always names the same bytes, so a browser keeps the file a year and asks nothing
on the next page: on conference Wi-Fi each page then costs one request, not four. A changed
file gets a new URL with the build that changed it. A URL without the current version (an
old page, a hand-typed link) is still served, revalidated each time.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

from flask import Flask, request

from .. import paths

YEAR = 365 * 24 * 3600


@functools.cache
def version(filename: str) -> str | None:
    """The first hex digits of the file's SHA-256; None for no such file (read once)."""
    path = Path(paths.STATIC, filename).resolve()
    if not path.is_relative_to(paths.STATIC.resolve()) or not path.is_file():
        return None
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]


def register(app: Flask) -> None:
    @app.url_defaults
    def _versioned(endpoint: str, values: dict) -> None:
        if endpoint == "static" and "v" not in values:
            values["v"] = version(values.get("filename", ""))

    def max_age(filename: str | None) -> int | None:
        current = version(filename) if filename else None
        return YEAR if current is not None and request.args.get("v") == current else None

    # Flask's static view asks the app how long a file may be kept (None: revalidate).
    app.get_send_file_max_age = max_age  # type: ignore[method-assign]
