"""The URLs a public page links to: its calendar feed (webcal and Google) and its JSON twin.

The feed paths are the contract's; building them in one place keeps every page in step.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import quote, urlencode

from ..absolute import absolute

GOOGLE_SUBSCRIBE = "https://calendar.google.com/calendar/r?cid="
GOOGLE_ADD_EVENT = "https://calendar.google.com/calendar/render?"


@dataclass(frozen=True, slots=True)
class FeedLinks:
    https: str
    webcal: str
    google: str


def feed_path(
    event: str,
    forum: str | None = None,
    room: str | None = None,
    speaker: str | None = None,
    session: str | None = None,
) -> str:
    """The contract's feed for the narrowest of forum, room, speaker, session given."""
    base = f"/events/{quote(event)}"
    if session:
        return f"{base}/sessions/{quote(session)}.ics"
    for kind, slug in (("forums", forum), ("rooms", room), ("speakers", speaker)):
        if slug:
            return f"{base}/{kind}/{quote(slug)}/calendar.ics"
    return f"{base}/calendar.ics"


def feed_links(event: str, lang: str | None = None, **narrow: str | None) -> FeedLinks:
    """A feed's https URL, its webcal:// twin (calendar apps subscribe), Google's subscribe link."""
    query = f"?{urlencode({'lang': lang})}" if lang else ""
    url = absolute(feed_path(event, **narrow) + query)
    webcal = "webcal://" + url.split("://", 1)[1]
    return FeedLinks(url, webcal, GOOGLE_SUBSCRIBE + quote(webcal, safe=""))


def google_event(title: str, start: datetime, end: datetime, where: str, page: str) -> str:
    """Google Calendar's "add this event" link: one copy of the session, not a subscription."""
    stamp = "%Y%m%dT%H%M%SZ"
    return GOOGLE_ADD_EVENT + urlencode(
        {
            "action": "TEMPLATE",
            "text": title,
            "dates": f"{start.astimezone(UTC):{stamp}}/{end.astimezone(UTC):{stamp}}",
            "location": where,
            "details": page,
        }
    )


def api_path(*parts: str, **args: str | None) -> str:
    """A path under /api/v1 with the given query arguments (None ones left out)."""
    path = "/api/v1/" + "/".join(quote(p) for p in parts)
    kept = {k: v for k, v in args.items() if v}
    return f"{path}?{urlencode(kept)}" if kept else path
