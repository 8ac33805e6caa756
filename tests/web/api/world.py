"""A small event to act on, and one user per row of the contract's role table.

Built through the real services; each user has an API token (for the API) and the
factories' password (for the login form).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select

from eventsvc.auth.services import create_api_token
from eventsvc.events import services as events
from eventsvc.extensions import db
from eventsvc.releases.publish import publish
from tests.factories import make_event, make_forum, make_room, make_session, make_speaker, make_user

PASSWORD = "correct horse battery"
ROLES = ("anonymous", "attendee", "staff", "staff_other", "forum_a_org", "event_org", "admin")


@dataclass
class World:
    event: str
    forum_a: str
    forum_b: str
    forum_empty: str
    room: str
    room_unused: str
    org: str
    org_unused: str
    speaker: str
    speaker_unused: str
    session_a: str
    session_b: str
    emails: dict[str, str] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)
    token_ids: dict[str, int] = field(default_factory=dict)

    def headers(self, role: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[role]}"} if role in self.tokens else {}


def build_world() -> World:
    """Call inside an app context; commits."""
    event, other = make_event(), make_event()
    forum_a, forum_b, forum_empty = make_forum(event), make_forum(event), make_forum(event)
    room, room_unused = make_room(event), make_room(event)
    org = events.create_organization(event, {"slug": "acme", "name": "ACME"})
    org_unused = events.create_organization(event, {"slug": "unused-org", "name": "Unused"})
    events.add_organization_role(org, "host", None)
    events.add_organization_role(org, "organizer", forum_b)
    speaker = make_speaker(event, organization_id=org.id)
    speaker_unused = make_speaker(event, family="Spare")
    start = datetime(2024, 4, 29, 9, 0)
    talk_a = make_session(forum_a, start=start, room=room, speakers=[{"speaker": speaker}])
    talk_b = make_session(
        forum_b, start=start.replace(hour=11), room=room, speakers=[{"speaker": speaker}]
    )
    publish(event, None, "first")
    users = {
        "attendee": make_user(role="attendee"),
        "staff": make_user(role="staff", event=event),
        "staff_other": make_user(role="staff", event=other),
        "forum_a_org": make_user(role="organizer", event=event, forum=forum_a),
        "event_org": make_user(role="organizer", event=event),
        "admin": make_user(role="admin"),
    }
    world = World(
        event.slug,
        forum_a.slug,
        forum_b.slug,
        forum_empty.slug,
        room.slug,
        room_unused.slug,
        org.slug,
        org_unused.slug,
        speaker.slug,
        speaker_unused.slug,
        talk_a.uid,
        talk_b.uid,
    )
    for role, user in users.items():
        token, plain = create_api_token(user, role)
        world.emails[role], world.tokens[role], world.token_ids[role] = user.email, plain, token.id
    db.session.commit()
    return world


def row_counts() -> dict[str, int]:
    """Rows in every table: a refused request must leave all of them as they were."""
    return {
        t.name: db.session.scalar(select(func.count()).select_from(t))
        for t in db.metadata.sorted_tables
    }


def contents() -> dict[str, list[str]]:
    """Every row of every table, as text: catches a refused edit that changed a value in place."""
    return {
        t.name: sorted(repr(tuple(row)) for row in db.session.execute(select(t)))
        for t in db.metadata.sorted_tables
    }
