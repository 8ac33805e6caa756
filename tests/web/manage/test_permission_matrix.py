"""Every /manage POST route against every kind of user, from the contract's role table.

Allowed users are sent on (302) with the change made; everyone else is refused (the
anonymous are sent to /login, a signed-in user out of scope gets 403) and nothing is written:
the row counts, and indeed every row, are as before. Forum-scoped routes act on forum B;
"organizer of forum A" organizes only forum A.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass

import pytest

from eventsvc.auth.invitations import invite
from eventsvc.auth.models import User
from eventsvc.auth.services import grant
from eventsvc.events.services import add_organization_role, create_organization
from eventsvc.extensions import db
from eventsvc.sessions.services import add_appearance
from tests.factories import make_event, make_forum, make_room, make_session, make_speaker, make_user
from tests.web.manage.helpers import csrf_token, fingerprint, row_counts, sign_in

ACTORS = (
    "anonymous",
    "attendee",
    "staff",
    "other staff",
    "forum A organizer",
    "organizer",
    "admin",
)
ADMIN = {"admin"}
ORGANIZERS = {"organizer", "admin"}
FORUM_B = {"organizer", "admin"}  # forum A's organizer is refused on forum B
SPEAKER_EDITORS = {"staff", "forum A organizer", "organizer", "admin"}


@dataclass
class World:
    event: str
    forum_a: str
    forum_b: str
    room: str
    org: str
    speaker: str
    talk: str
    second_speaker: str
    role_link: int
    versions: dict
    users: dict
    people: dict | None = None


@pytest.fixture
def world(app):
    with app.app_context():
        event, other = make_event(), make_event()
        forum_a, forum_b = make_forum(event), make_forum(event)
        room = make_room(event)
        org = create_organization(event, {"slug": "cast", "name": "CAST"})
        link = add_organization_role(org, "host", forum_b)
        speaker = make_speaker(event, email="s@example.org")
        second_speaker = make_speaker(event, family="Second")
        talk = make_session(forum_b, room=room)
        add_appearance(talk, speaker)
        users = {
            "anonymous": None,
            "attendee": make_user(role="attendee").id,
            "staff": make_user(role="staff", event=event).id,
            "other staff": make_user(role="staff", event=other).id,
            "forum A organizer": make_user(role="organizer", event=event, forum=forum_a).id,
            "organizer": make_user(role="organizer", event=event).id,
            "admin": make_user(role="admin").id,
        }
        people = _people(event, forum_b, users["organizer"])
        db.session.commit()
        world = World(
            event.slug,
            forum_a.slug,
            forum_b.slug,
            room.slug,
            org.slug,
            speaker.slug,
            talk.uid,
            second_speaker.slug,
            link.id,
            {
                "event": event.version,
                "forum": forum_b.version,
                "room": room.version,
                "org": org.version,
                "speaker": speaker.version,
                "talk": talk.version,
            },
            users,
        )
        world.people = people
        return world


def _people(event, forum_b, organizer_id: int) -> dict:
    """Grants and open invitations of others, for the routes that revoke them."""
    organizer = db.session.get(User, organizer_id)
    link = lambda token: f"http://localhost/invitations/accept?token={token}"  # noqa: E731
    return {
        "staff grant": grant(make_user(), "staff", event).id,
        "forum B grant": grant(make_user(), "organizer", event, forum_b).id,
        "event invitation": invite("i1@example.org", "staff", event, actor=organizer, link=link).id,
        "forum B invitation": invite(
            "i2@example.org", "organizer", event, forum_b, actor=organizer, link=link
        ).id,
    }


def _named(prefix: str, **extra) -> dict:
    return {"slug": f"{prefix}-new", "name_en": f"{prefix} new", **extra}


# (name, who may, url, form) per route; url and form are built from the world.
ROUTES = [
    (
        "event_new",
        ADMIN,
        lambda w: "/manage/events/new",
        lambda w: _named(
            "ev", timezone="Asia/Shanghai", start_date="2024-05-01", end_date="2024-05-02"
        ),
    ),
    (
        "event_edit",
        ORGANIZERS,
        lambda w: f"/manage/events/{w.event}/edit",
        lambda w: {
            "slug": w.event,
            "name_en": "Renamed",
            "timezone": "Asia/Shanghai",
            "start_date": "2024-04-25",
            "end_date": "2024-04-29",
            "version": w.versions["event"],
        },
    ),
    (
        "forum_new",
        ORGANIZERS,
        lambda w: f"/manage/events/{w.event}/forums/new",
        lambda w: _named("fo"),
    ),
    (
        "forum_edit",
        FORUM_B,
        lambda w: f"/manage/events/{w.event}/forums/{w.forum_b}/edit",
        lambda w: {"slug": w.forum_b, "name_en": "Renamed", "version": w.versions["forum"]},
    ),
    (
        "room_new",
        ORGANIZERS,
        lambda w: f"/manage/events/{w.event}/rooms/new",
        lambda w: _named("ro"),
    ),
    (
        "room_edit",
        ORGANIZERS,
        lambda w: f"/manage/events/{w.event}/rooms/{w.room}/edit",
        lambda w: {"slug": w.room, "name_en": "Renamed", "version": w.versions["room"]},
    ),
    (
        "organization_new",
        ORGANIZERS,
        lambda w: f"/manage/events/{w.event}/organizations/new",
        lambda w: _named("or"),
    ),
    (
        "organization_edit",
        ORGANIZERS,
        lambda w: f"/manage/events/{w.event}/organizations/{w.org}/edit",
        lambda w: {"slug": w.org, "name_en": "Renamed", "version": w.versions["org"]},
    ),
    (
        "organization_role_add",
        FORUM_B,
        lambda w: f"/manage/events/{w.event}/organization-roles",
        lambda w: {"organization": w.org, "role": "supporter", "forum": w.forum_b},
    ),
    (
        "organization_role_move",
        FORUM_B,
        lambda w: f"/manage/events/{w.event}/organization-roles/{w.role_link}",
        lambda w: {"position": "3"},
    ),
    (
        "organization_role_remove",
        FORUM_B,
        lambda w: f"/manage/events/{w.event}/organization-roles/{w.role_link}/remove",
        lambda w: {},
    ),
    (
        "session_new",
        FORUM_B,
        lambda w: f"/manage/events/{w.event}/forums/{w.forum_b}/sessions/new",
        lambda w: {
            "title_en": "New",
            "save": "1",
            "speakers-0-speaker": w.second_speaker,
            "speakers-0-role": "moderator",
            "kind": "speech",
            "status": "confirmed",
            "room": "",
            "start": "2024-04-27T10:00",
            "end": "2024-04-27T10:30",
        },
    ),
    (
        "session_edit",
        FORUM_B,
        lambda w: f"/manage/events/{w.event}/sessions/{w.talk}/edit",
        lambda w: {
            "title_en": "Renamed",
            "save": "1",
            "speakers-0-speaker": w.speaker,
            "speakers-0-role": "host",
            "speakers-1-speaker": w.second_speaker,
            "kind": "speech",
            "status": "confirmed",
            "room": w.room,
            "start": "2024-04-27T10:00",
            "end": "2024-04-27T10:30",
            "version": w.versions["talk"],
        },
    ),
    (
        "session_move",
        FORUM_B,
        lambda w: f"/manage/events/{w.event}/sessions/{w.talk}/move",
        lambda w: {"start": "2024-04-27T11:00", "room": w.room, "version": w.versions["talk"]},
    ),
    (
        "speaker_new",
        SPEAKER_EDITORS,
        lambda w: f"/manage/events/{w.event}/speakers/new",
        lambda w: {
            "family_name": "Wu",
            "given_name": "Ann",
            "name_order": "given_first",
            "organization": "",
        },
    ),
    (
        "speaker_edit",
        SPEAKER_EDITORS,
        lambda w: f"/manage/events/{w.event}/speakers/{w.speaker}/edit",
        lambda w: {
            "family_name": "Wu",
            "given_name": "Renamed",
            "name_order": "given_first",
            "organization": "",
            "version": w.versions["speaker"],
        },
    ),
    (
        "speaker_import",
        SPEAKER_EDITORS,
        lambda w: f"/manage/events/{w.event}/speakers/import",
        lambda w: {
            "data_file": base64.b64encode(
                b"email,family_name,given_name\r\nnew@example.org,Li,Na\r\n"
            ).decode()
        },
    ),
    (
        "speaker_checkin",
        SPEAKER_EDITORS,
        lambda w: f"/manage/events/{w.event}/speakers/{w.speaker}/checkin",
        lambda w: {},
    ),
    (
        "invite to the event",
        ORGANIZERS,
        lambda w: f"/manage/events/{w.event}/people",
        lambda w: {"email": "new@example.org", "role": "staff"},
    ),
    (
        "invite to forum B from the event page",
        ORGANIZERS,
        lambda w: f"/manage/events/{w.event}/people",
        lambda w: {"email": "new@example.org", "role": f"forum:{w.forum_b}"},
    ),
    (
        "invite to forum B",
        FORUM_B,
        lambda w: f"/manage/events/{w.event}/forums/{w.forum_b}/people",
        lambda w: {"email": "new@example.org", "role": f"forum:{w.forum_b}"},
    ),
    (
        "revoke a staff grant",
        ORGANIZERS,
        lambda w: f"/manage/events/{w.event}/grants/{w.people['staff grant']}/revoke",
        lambda w: {},
    ),
    (
        "revoke a forum B grant",
        FORUM_B,
        lambda w: f"/manage/events/{w.event}/grants/{w.people['forum B grant']}/revoke",
        lambda w: {},
    ),
    (
        "withdraw an event invitation",
        ORGANIZERS,
        lambda w: f"/manage/events/{w.event}/invitations/{w.people['event invitation']}/revoke",
        lambda w: {},
    ),
    (
        "withdraw a forum B invitation",
        FORUM_B,
        lambda w: f"/manage/events/{w.event}/invitations/{w.people['forum B invitation']}/revoke",
        lambda w: {},
    ),
    (
        "publish_page",
        ORGANIZERS,
        lambda w: f"/manage/events/{w.event}/publish",
        lambda w: {"comment_en": "First"},
    ),
    (
        "forum_publish",
        FORUM_B,
        lambda w: f"/manage/events/{w.event}/forums/{w.forum_b}/publish",
        lambda w: {"comment_en": "Forum B"},
    ),
]


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("name, allowed, url, form", ROUTES, ids=[r[0] for r in ROUTES])
def test_manage_post_route_obeys_scope(app, client, world, actor, name, allowed, url, form):
    sign_in(client, world.users[actor])
    data = {**form(world), "csrf_token": csrf_token(app, client)}
    with app.app_context():
        before = (row_counts(), fingerprint())
    response = client.post(url(world), data=data)
    with app.app_context():
        after = (row_counts(), fingerprint())
    if actor in allowed:
        assert response.status_code == 302, response.get_data(as_text=True)
        assert after[1] != before[1]
    elif actor == "anonymous":
        assert (response.status_code, response.location.split("?")[0]) == (302, "/login")
        assert after == before
    else:
        assert response.status_code == 403
        assert after == before


DRAFT_READERS = {"staff", "forum A organizer", "organizer", "admin"}
ROOM_MANAGERS = ORGANIZERS
PAGES = [
    ("event", DRAFT_READERS, lambda w: f"/manage/events/{w.event}/"),
    ("agenda", DRAFT_READERS, lambda w: f"/manage/events/{w.event}/agenda"),
    ("board", DRAFT_READERS, lambda w: f"/manage/events/{w.event}/board"),
    ("speaker search", DRAFT_READERS, lambda w: f"/manage/events/{w.event}/speakers/find?q=a"),
    ("organizations", DRAFT_READERS, lambda w: f"/manage/events/{w.event}/organizations/"),
    ("rooms", ROOM_MANAGERS, lambda w: f"/manage/events/{w.event}/rooms/"),
    ("forum B", FORUM_B, lambda w: f"/manage/events/{w.event}/forums/{w.forum_b}/"),
    (
        "forum A",
        {"forum A organizer", "organizer", "admin"},
        lambda w: f"/manage/events/{w.event}/forums/{w.forum_a}/",
    ),
    (
        "new session in B",
        FORUM_B,
        lambda w: f"/manage/events/{w.event}/forums/{w.forum_b}/sessions/new",
    ),
    ("session in B", FORUM_B, lambda w: f"/manage/events/{w.event}/sessions/{w.talk}/edit"),
    ("speakers", SPEAKER_EDITORS, lambda w: f"/manage/events/{w.event}/speakers/"),
    ("speaker", SPEAKER_EDITORS, lambda w: f"/manage/events/{w.event}/speakers/{w.speaker}/edit"),
    ("export", SPEAKER_EDITORS, lambda w: f"/manage/events/{w.event}/speakers/export.csv"),
    (
        "export xlsx",
        SPEAKER_EDITORS,
        lambda w: f"/manage/events/{w.event}/speakers/export.xlsx?day=2024-04-27",
    ),
    ("import", SPEAKER_EDITORS, lambda w: f"/manage/events/{w.event}/speakers/import"),
    ("mail sent", SPEAKER_EDITORS, lambda w: f"/manage/events/{w.event}/mail"),
    ("check-in", SPEAKER_EDITORS, lambda w: f"/manage/events/{w.event}/checkin?day=2024-04-27"),
    ("publish", ORGANIZERS, lambda w: f"/manage/events/{w.event}/publish"),
    (
        "publish forum B",
        FORUM_B,
        lambda w: f"/manage/events/{w.event}/forums/{w.forum_b}/publish",
    ),
    (
        "publish forum A",
        {"forum A organizer", "organizer", "admin"},
        lambda w: f"/manage/events/{w.event}/forums/{w.forum_a}/publish",
    ),
    ("people", ORGANIZERS, lambda w: f"/manage/events/{w.event}/people"),
    ("forum B people", FORUM_B, lambda w: f"/manage/events/{w.event}/forums/{w.forum_b}/people"),
    ("audit trail", DRAFT_READERS, lambda w: f"/manage/events/{w.event}/audit"),
    ("new event", ADMIN, lambda w: "/manage/events/new"),
]


@pytest.mark.parametrize("name, allowed, url", PAGES, ids=[p[0] for p in PAGES])
def test_manage_page_obeys_scope(client, world, name, allowed, url):
    statuses = {}
    for actor in ACTORS:
        with client.session_transaction() as cookie:
            cookie.clear()
        sign_in(client, world.users[actor])
        statuses[actor] = client.get(url(world)).status_code
    assert statuses == {
        actor: 200 if actor in allowed else 302 if actor == "anonymous" else 403 for actor in ACTORS
    }
