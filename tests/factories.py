"""Factories: build valid objects through the real services, with unique slugs, no fixed ids."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

from eventsvc.auth.services import create_user, grant
from eventsvc.events import services as events
from eventsvc.releases.publish import publish
from eventsvc.sessions import services as sessions
from eventsvc.speakers import services as speakers

_seq = itertools.count(1)


def make_event(**data):
    n = next(_seq)
    return events.create_event(
        {
            "slug": f"event-{n}",
            "name": {"en": f"Event {n}", "zh": f"会议{n}"},
            "default_language": "en",
            "languages": ["en", "zh"],
            "timezone": "Asia/Shanghai",
            "start_date": "2024-04-25",
            "end_date": "2024-04-29",
            **data,
        }
    )


def make_forum(event, **data):
    n = next(_seq)
    return events.create_forum(event, {"slug": f"forum-{n}", "name": {"en": f"Forum {n}"}, **data})


def make_room(event, **data):
    n = next(_seq)
    return events.create_room(event, {"slug": f"room-{n}", "name": {"en": f"Room {n}"}, **data})


def make_speaker(event, family="Doe", given=None, **data):
    n = next(_seq)
    names = data.pop("names", None) or [
        {"script": "Latn", "family": family, "given": given or f"Jo{n}"}
    ]
    return speakers.create_speaker(event, {"names": names, **data})


def make_session(forum, start: datetime | None = None, minutes: int = 30, **data):
    start = start or datetime(2024, 4, 29, 9, 0) + timedelta(minutes=next(_seq))
    return sessions.create_session(
        forum,
        {
            "title": {"en": "A session"},
            "start": start,
            "end": start + timedelta(minutes=minutes),
            **data,
        },
    )


# The password of every user a test makes, unless it names another.
PASSWORD = "correct horse battery"


def make_user(email=None, role="attendee", event=None, forum=None, password=PASSWORD):
    user = create_user(email or f"user{next(_seq)}@example.org", password)
    grant(user, role, event, forum)
    return user


def make_published_event(size: int, **forum_data):
    """An event of one forum and room, size sessions sharing up to 10 speakers, published as
    release 1 (the caller commits): the same shape at any size, for query-count tests."""
    event = make_event()
    room, forum = make_room(event), make_forum(event, **forum_data)
    people = [make_speaker(event) for _ in range(min(size, 10))]
    for n in range(size):
        talk = make_session(forum, start=datetime(2024, 4, 29, 1, n % 60, tzinfo=UTC), room=room)
        sessions.add_appearance(talk, people[n % len(people)])
    publish(event, None)
    return event, forum
