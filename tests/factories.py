"""Factories: build valid objects through the real services, with unique slugs, no fixed ids."""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta

from eventsvc.auth.services import create_user, grant
from eventsvc.events import services as events
from eventsvc.sessions import services as sessions
from eventsvc.speakers import services as speakers

_seq = itertools.count(1)


def make_event(**data):
    n = next(_seq)
    return events.create_event({
        "slug": f"event-{n}", "name": {"en": f"Event {n}", "zh": f"会议{n}"}, "default_language": "en",
        "languages": ["en", "zh"], "timezone": "Asia/Shanghai", "start_date": "2024-04-25",
        "end_date": "2024-04-29", **data,
    })


def make_forum(event, **data):
    n = next(_seq)
    return events.create_forum(event, {"slug": f"forum-{n}", "name": {"en": f"Forum {n}"}, **data})


def make_room(event, **data):
    n = next(_seq)
    return events.create_room(event, {"slug": f"room-{n}", "name": {"en": f"Room {n}"}, **data})


def make_speaker(event, family="Doe", given=None, **data):
    n = next(_seq)
    names = data.pop("names", None) or [{"script": "Latn", "family": family, "given": given or f"Jo{n}"}]
    return speakers.create_speaker(event, {"names": names, **data})


def make_session(forum, start: datetime | None = None, minutes: int = 30, **data):
    start = start or datetime(2024, 4, 29, 9, 0) + timedelta(minutes=next(_seq))
    return sessions.create_session(forum, {
        "title": {"en": "A session"}, "start": start, "end": start + timedelta(minutes=minutes), **data,
    })


def make_user(email=None, role="attendee", event=None, forum=None, password="correct horse battery"):
    user = create_user(email or f"user{next(_seq)}@example.org", password)
    grant(user, role, event, forum)
    return user
