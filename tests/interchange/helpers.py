"""Building and publishing small events, and reading schedule files back, for these tests."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

from lxml import etree

from eventsvc.extensions import db
from eventsvc.releases.publish import publish
from eventsvc.sessions.services import add_appearance
from tests.factories import make_event, make_forum, make_room, make_session, make_speaker

FILES = Path(__file__).parent / "files"


def published_event(app, forums: int = 2, rooms: int = 2, per_forum: int = 3) -> str:
    """An event: forums x per_forum sessions over rooms, two days, speakers on each; published."""
    with app.app_context():
        event = make_event()
        room_list = [make_room(event, capacity=100 + n) for n in range(rooms)]
        chen = make_speaker(
            event,
            names=[
                {"script": "Latn", "family": "Chen", "given": "Jiachang", "family_first": True},
                {"script": "Hans", "family": "陈", "given": "家昌", "family_first": True},
            ],
        )
        for f in range(forums):
            forum = make_forum(event, name={"en": f"Forum {f}", "zh": f"论坛{f}"})
            for n in range(per_forum):
                start = datetime(2024, 4, 28 + n % 2, 9, 0) + timedelta(hours=f, minutes=20 * n)
                talk = make_session(
                    forum,
                    start=start,
                    minutes=20,
                    room=room_list[(f + n) % rooms],
                    kind="speech",
                    language="zh" if n % 2 else "en",
                    title={"en": f"Talk {f}.{n}", "zh": f"报告{f}.{n}"},
                    description={"en": f"About {f}.{n}"},
                )
                add_appearance(talk, chen)
                add_appearance(talk, make_speaker(event, family=f"Speaker{f}x{n}", given="Ann"))
        publish(event, actor=None, comment="test")
        db.session.commit()
        return event.slug


def xml_events(body: bytes) -> list[dict]:
    """The events of a schedule.xml: dicts of their text fields plus guid, id and person names."""
    root = etree.fromstring(body)
    return [
        {
            **{
                child.tag: child.text or ""
                for child in event
                if child.tag not in ("persons", "links", "attachments")
            },
            "guid": event.get("guid"),
            "id": event.get("id"),
            "persons": [p.text for p in event.iterfind("persons/person")],
        }
        for event in root.iterfind("day/room/event")
    ]


def json_events(document: dict) -> list[dict]:
    return [
        event
        for day in document["schedule"]["conference"]["days"]
        for events in day["rooms"].values()
        for event in events
    ]


def comparable(document: dict) -> list[tuple]:
    """What survives a round trip: title, time, duration, room, track, type, language, persons."""
    return sorted(
        (
            e["title"],
            e["date"],
            e["duration"],
            e["room"],
            e["track"],
            e["type"],
            e["language"],
            e["abstract"],
            tuple(p["public_name"] for p in e["persons"]),
        )
        for e in json_events(document)
    )


def file_bytes(name: str) -> bytes:
    return (FILES / name).read_bytes()


def as_json_bytes(document: dict) -> bytes:
    return json.dumps(document, ensure_ascii=False).encode()
