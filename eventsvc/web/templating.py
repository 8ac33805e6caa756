"""What every template may use: date and time filters, labels for codes, link helpers."""

from __future__ import annotations

from flask import Flask
from flask_babel import get_locale
from markupsafe import Markup, escape

from ..agenda.search import Query, spans
from ..agenda.urls import session_path, speaker_path
from ..storable import is_web_url
from . import formatting, labels
from .public.links import feed_path


def session_feed_url(event: str, uid: str) -> str:
    """One session's .ics file, in the page's language."""
    return f"{feed_path(event, session=uid)}?lang={get_locale()}"


def session_href(event: str, uid: str) -> str:
    """The session's page in the page's language: every link to a session goes through here."""
    return f"{session_path(event, uid)}?lang={get_locale()}"


def speaker_href(event: str, slug: str) -> str:
    """The speaker's page in the page's language."""
    return f"{speaker_path(event, slug)}?lang={get_locale()}"


def marked(text: str, query: Query, whole: bool = False) -> Markup:
    """text, escaped, with what query found in it in <mark>; all of it when whole and nothing
    shows (a name found by its pinyin)."""
    found = spans(text, query)
    if not found:
        return Markup("<mark>%s</mark>") % text if whole else escape(text)
    out, done = Markup(), 0
    for start, end in found:
        out += escape(text[done:start]) + Markup("<mark>%s</mark>") % text[start:end]
        done = end
    return out + escape(text[done:])


def register(app: Flask) -> None:
    formatting.register(app)
    labels.register(app)
    app.add_template_global(lambda: str(get_locale()), "interface_language")
    app.add_template_global(session_feed_url)
    app.add_template_global(session_href)
    app.add_template_global(speaker_href)
    app.add_template_filter(marked)
    # {% if url is web_url %}: only http(s) addresses become links (a stored one may be older).
    app.add_template_test(is_web_url, "web_url")
