"""The public pages' paths, in one place: every link to a session or a speaker, in pages,
feeds (the URL property) and schedule files alike, is built here."""

from __future__ import annotations

from urllib.parse import quote


def session_path(event: str, uid: str) -> str:
    """The session's own page."""
    return f"/events/{quote(event)}/sessions/{quote(uid)}"


def speaker_path(event: str, slug: str) -> str:
    """The speaker's own page."""
    return f"/events/{quote(event)}/speakers/{quote(slug)}"


def session_url(event: str, uid: str, base_url: str) -> str:
    """The session page as an absolute URL, for calendar and schedule files read elsewhere."""
    return base_url.rstrip("/") + session_path(event, uid)
