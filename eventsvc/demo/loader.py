"""Load the demo event from its data file and publish it as release 1."""

from __future__ import annotations

import json

from sqlalchemy import select

from .. import paths
from ..events import services as events
from ..events.models import Event
from ..extensions import db
from ..releases.publish import publish
from ..sessions import services as sessions
from ..speakers import services as speakers

DEMO_FILE = paths.DEMO_DATA / "zgc-forum-2024.json"


def demo_data() -> dict:
    return json.loads(DEMO_FILE.read_text(encoding="utf-8"))


def load_demo() -> Event | None:
    """Create and publish the demo; None if it is there already. The caller commits."""
    data = demo_data()
    if db.session.scalar(select(Event).where(Event.slug == data["event"]["slug"])):
        return None
    event = events.create_event(data["event"])
    orgs = {o["slug"]: events.create_organization(event, o) for o in data["organizations"]}
    rooms = {r["slug"]: events.create_room(event, r) for r in data["rooms"]}
    forums = {}
    for position, item in enumerate(data["forums"]):
        forum = events.create_forum(event, {**item, "position": position})
        for link in item["organizations"]:
            events.add_organization_role(orgs[link["organization"]], link["role"], forum)
        forums[item["slug"]] = forum
    people = {
        s["slug"]: speakers.create_speaker(
            event,
            {**s, "organization_id": orgs[s["organization"]].id if s.get("organization") else None},
        )
        for s in data["speakers"]
    }
    for item in data["sessions"]:
        sessions.create_session(
            forums[item["forum"]],
            {
                **item,
                "room": rooms.get(item.get("room")),
                "forum": forums[item["forum"]],
                "speakers": [
                    {"speaker": people[a["speaker"]], "role": a["role"]} for a in item["speakers"]
                ],
            },
        )
    publish(event, actor=None, comment={"en": "Demo agenda", "zh": "演示日程"})
    return event
