"""A speaker (or anything else) named like a script shows as text on every page, never runs."""

from __future__ import annotations

import pytest

from eventsvc.events.services import add_organization_role, create_organization
from eventsvc.extensions import db
from eventsvc.releases.publish import publish
from eventsvc.sessions.services import add_appearance
from tests.factories import make_event, make_forum, make_room, make_session, make_speaker

SCRIPT = "<script>alert(1)</script>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"


@pytest.fixture
def published(app):
    with app.app_context():
        event = make_event(name={"en": SCRIPT}, start_date="2024-04-29", end_date="2024-04-29")
        forum = make_forum(event, name={"en": SCRIPT}, theme={"en": SCRIPT})
        org = create_organization(event, {"slug": "org", "name": SCRIPT})
        add_organization_role(org, "host", forum)
        talk = make_session(forum, room=make_room(event, name={"en": SCRIPT}), title={"en": SCRIPT})
        add_appearance(
            talk,
            make_speaker(
                event, family=SCRIPT, given=SCRIPT, title={"en": SCRIPT}, affiliation={"en": SCRIPT}
            ),
        )
        publish(event, None)
        db.session.commit()
        return event.slug, forum.slug


def test_script_names_are_escaped_on_every_public_page(client, published):
    event, forum = published
    pages = [
        "/",
        f"/events/{event}",
        f"/events/{event}/forums/{forum}",
        f"/events/{event}/speakers",
        f"/events/{event}/timetable?day=2024-04-29",
        f"/events/{event}/changes",
    ]
    for page in pages:
        response = client.get(page)
        body = response.get_data(as_text=True)
        assert (page, response.status_code, SCRIPT in body, ESCAPED in body) == (
            page,
            200,
            False,
            True,
        )
