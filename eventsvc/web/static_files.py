"""Static files under versioned URLs: /static/eventsvc.css?v=<digest of its bytes>.

Such a URL always names the same bytes, so a browser keeps the file a year and asks nothing
on the next page: on conference Wi-Fi each page then costs one request, not four. A changed
file gets a new URL with the build that changed it. A URL without the current version (an
old page, a hand-typed link) is still served, revalidated each time.
"""

from __future__ import annotations

import functools
import hashlib

from flask import Flask, request

from .. import paths

YEAR = 365 * 24 * 3600


@functools.cache
def _versions() -> dict[str, str]:
    """Every static file's version: the first hex digits of its SHA-256 (read once; a URL
    naming no file adds nothing here, so requests cannot grow it)."""
    root = paths.STATIC
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()[:12]
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def version(filename: str) -> str | None:
    """filename's version; None for no such static file."""
    return _versions().get(filename)


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
