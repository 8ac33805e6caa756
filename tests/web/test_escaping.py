"""A speaker (or anything else) named like a script shows as text on every page, never runs."""

from __future__ import annotations

import lxml.html
import pytest
from sqlalchemy import update

from eventsvc.events.services import add_organization_role, create_organization
from eventsvc.extensions import db
from eventsvc.releases.publish import publish
from eventsvc.sessions.models import Talk
from eventsvc.sessions.services import add_appearance
from eventsvc.speakers.models import Speaker
from tests.factories import (
    make_event,
    make_forum,
    make_room,
    make_session,
    make_speaker,
    make_user,
)
from tests.web.manage.helpers import sign_in

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


def test_a_stored_link_that_is_not_http_is_never_shown_as_a_link(app, client):
    """Rows written before links had to be http(s) (straight into the database here) stay text."""
    with app.app_context():
        event = make_event(start_date="2024-04-29", end_date="2024-04-29")
        talk = make_session(make_forum(event))
        speaker = make_speaker(event, family="Li")
        add_appearance(talk, speaker)
        db.session.execute(
            update(Speaker).where(Speaker.id == speaker.id).values(photo_url="javascript:alert(1)")
        )
        db.session.execute(
            update(Talk).where(Talk.id == talk.id).values(origin_url="javascript:alert(2)")
        )
        publish(event, None)
        user = make_user(role="organizer", event=event)
        db.session.commit()
        user_id = user.id
        urls = [
            f"/events/{event.slug}/speakers/{speaker.slug}",
            f"/manage/events/{event.slug}/sessions/{talk.uid}/edit",
        ]
    sign_in(client, user_id)
    for url in urls:
        answer = client.get(url)
        assert answer.status_code == 200, url
        page = lxml.html.fromstring(answer.get_data(as_text=True))
        assert page.xpath('//*[starts-with(normalize-space(@href), "javascript:")]') == [], url
        assert page.xpath('//*[starts-with(normalize-space(@src), "javascript:")]') == [], url
