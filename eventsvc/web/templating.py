"""What every template may use: date and time filters, labels for codes, link helpers."""

from __future__ import annotations

from flask import Flask
from flask_babel import get_locale

from . import formatting, labels
from .public.links import feed_path


def session_feed_url(event: str, uid: str) -> str:
    """One session's .ics file, in the page's language."""
    return f"{feed_path(event, session=uid)}?lang={get_locale()}"


def register(app: Flask) -> None:
    formatting.register(app)
    labels.register(app)
    app.add_template_global(lambda: str(get_locale()), "interface_language")
    app.add_template_global(session_feed_url)
