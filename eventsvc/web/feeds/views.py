"""The .ics routes of the contract: thin wrappers over agenda.feeds and web.conditional."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, request

from ...agenda import feeds, ical
from ...agenda.current import agenda_for, current_release
from ...errors import NotFound
from ...extensions import db
from ..conditional import respond
from ..lang import request_language

bp = Blueprint("feeds", __name__)

MIMETYPE = "text/calendar"  # Flask adds "; charset=utf-8" to text/* types


def options() -> ical.Options:
    config = current_app.config
    return ical.Options(base_url=request.host_url.rstrip("/"), uid_host=config["SERVER_NAME_FOR_UIDS"],
                        refresh_minutes=config["FEED_REFRESH_MINUTES"])


def _public(event: str, kind: str, target: str | None = None) -> Response:
    ref = current_release(event)
    if ref is None:
        raise NotFound(f"no published agenda for event {event!r}")
    lang = feeds.feed_language(agenda_for(ref), request_language)
    body = feeds.rendered(ref, kind, target, lang, options())
    db.session.commit()  # the feed's Last-Modified stamp, when this body is new
    return respond(body, MIMETYPE, public=True)


@bp.get("/events/<event>/calendar.ics")
def event_feed(event: str):
    return _public(event, "event")


@bp.get("/events/<event>/forums/<forum>/calendar.ics")
def forum_feed(event: str, forum: str):
    return _public(event, "forum", forum)


@bp.get("/events/<event>/rooms/<room>/calendar.ics")
def room_feed(event: str, room: str):
    return _public(event, "room", room)


@bp.get("/events/<event>/speakers/<speaker>/calendar.ics")
def speaker_feed(event: str, speaker: str):
    return _public(event, "speaker", speaker)


@bp.get("/events/<event>/sessions/<session_uid>.ics")
def session_feed(event: str, session_uid: str):
    return _public(event, "session", session_uid)
