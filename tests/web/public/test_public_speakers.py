"""A speaker is public only while they appear in a published session: before a release
names them in a session, and after a release takes them out of every session."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from eventsvc.events.models import Event
from eventsvc.releases.publish import publish
from eventsvc.sessions.models import Talk
from eventsvc.sessions.services import update_session
from tests.factories import make_event, make_forum, make_room, make_session, make_speaker

UNSEEN = "Nobodyspeaks"  # the family name of the speaker who must never show


def _public_urls(event: str, forum: str, room: str, uid: str) -> list[str]:
    base = f"/events/{event}"
    return [
        "/",
        base,
        f"{base}/forums/{forum}",
        f"{base}/speakers",
        f"{base}/timetable",
        f"{base}/changes",
        f"{base}/sessions/{uid}",
        f"{base}/calendar.ics",
        f"{base}/forums/{forum}/calendar.ics",
        f"{base}/rooms/{room}/calendar.ics",
        f"{base}/sessions/{uid}.ics",
        f"{base}/schedule.xml",
        f"{base}/schedule.json",
        f"/api/v1{base}",
        f"/api/v1{base}/speakers",
        f"/api/v1{base}/agenda",
        f"/api/v1{base}/sessions",
        f"/api/v1{base}/forums/{forum}",
        f"/api/v1{base}/releases",
    ]


@pytest.fixture
def published(in_app):
    """An event whose one session has a speaker, and a second speaker of no session."""
    with in_app() as db_session:
        event = make_event()
        forum, room = make_forum(event), make_room(event)
        seen = make_speaker(event, family="Visible")
        unseen = make_speaker(event, family=UNSEEN)
        talk = make_session(
            forum,
            start=datetime(2024, 4, 29, 1, 0, tzinfo=UTC),
            room=room,
            speakers=[{"speaker": seen}],
        )
        publish(event, None)
        db_session.commit()
        return {
            "event": event.slug,
            "forum": forum.slug,
            "room": room.slug,
            "uid": talk.uid,
            "seen": seen.slug,
            "unseen": unseen.slug,
            "talk": talk.id,
        }


def _bodies(client, urls) -> dict[str, str]:
    answers = {url: client.get(url, headers={"Accept-Language": "en"}) for url in urls}
    assert {url: a.status_code for url, a in answers.items()} == {url: 200 for url in urls}
    return {url: a.get_data(as_text=True) for url, a in answers.items()}


def test_speaker_of_no_session_is_absent_from_every_public_answer(client, published):
    bodies = _bodies(
        client,
        _public_urls(published["event"], published["forum"], published["room"], published["uid"]),
    )
    assert [url for url, body in bodies.items() if UNSEEN in body] == []
    assert [url for url, body in bodies.items() if "Visible" in body] != []


def test_speaker_of_no_session_has_no_page_feed_or_record(client, published):
    base, unseen = f"/events/{published['event']}", published["unseen"]
    urls = (
        f"{base}/speakers/{unseen}",
        f"{base}/speakers/{unseen}/calendar.ics",
        f"/api/v1{base}/speakers/{unseen}",
    )
    assert [client.get(url).status_code for url in urls] == [404, 404, 404]


def test_speaker_taken_out_of_their_last_session_leaves_at_the_next_release(
    client, published, in_app
):
    with in_app() as db_session:
        update_session(db_session.get(Talk, published["talk"]), {"speakers": []})
        publish(
            db_session.scalars(select(Event).where(Event.slug == published["event"])).one(), None
        )
        db_session.commit()
    urls = _public_urls(published["event"], published["forum"], published["room"], published["uid"])
    bodies = _bodies(client, urls)
    assert [url for url, body in bodies.items() if "Visible" in body] == []
    seen = f"/events/{published['event']}/speakers/{published['seen']}"
    assert client.get(seen).status_code == 404
