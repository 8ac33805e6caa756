"""A declined speaker, and a speaker marked not public, leave every public answer at the next
release: pages, API, feeds, schedule files."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from eventsvc.events.models import Forum
from eventsvc.extensions import db
from eventsvc.releases.publish import publish
from eventsvc.sessions.services import add_appearance
from eventsvc.speakers.models import Registration, Speaker
from eventsvc.speakers.services import update_speaker
from tests.factories import make_event, make_forum, make_room, make_session, make_speaker

NAMES = ("Declinedperson", "Hiddenperson")


@pytest.fixture
def world(app):
    """One session with a visible, a to-be-declined and a to-be-hidden speaker, published."""
    with app.app_context():
        event = make_event()
        forum, room = make_forum(event), make_room(event)
        talk = make_session(forum, start=datetime(2024, 4, 29, 1, 0, tzinfo=UTC), room=room)
        people = {
            "visible": make_speaker(event, family="Visibleperson"),
            "declined": make_speaker(event, family="Declinedperson"),
            "hidden": make_speaker(event, family="Hiddenperson"),
        }
        for speaker in people.values():
            add_appearance(talk, speaker)
        publish(event, None)
        db.session.commit()
        return {
            "event": event,
            "slug": event.slug,
            "forum": forum.slug,
            "room": room.slug,
            "uid": talk.uid,
            "speakers": {k: s.slug for k, s in people.items()},
        }


def _urls(w) -> list[str]:
    e = f"/events/{w['slug']}"
    api = f"/api/v1/events/{w['slug']}"
    urls = [
        e,
        f"{e}/speakers",
        f"{e}/timetable",
        f"{e}/changes",
        f"{e}/forums/{w['forum']}",
        f"{e}/calendar.ics",
        f"{e}/forums/{w['forum']}/calendar.ics",
        f"{e}/rooms/{w['room']}/calendar.ics",
        f"{e}/sessions/{w['uid']}.ics",
        f"{e}/schedule.xml",
        f"{e}/schedule.json",
        api,
        f"{api}/agenda",
        f"{api}/sessions",
        f"{api}/speakers",
        f"{api}/forums",
        f"{api}/releases",
    ]
    for slug in w["speakers"].values():
        urls += [f"{e}/speakers/{slug}/calendar.ics", f"{api}/speakers/{slug}"]
    for lang in ("en", "zh"):
        urls += [f"{e}?lang={lang}", f"{e}/speakers?lang={lang}"]
    return urls


def _showing(client, urls, name) -> list[str]:
    return [u for u in urls if name in client.get(u).get_data(as_text=True)]


def _withhold(app, w) -> None:
    with app.app_context():
        event = db.session.merge(w["event"])
        declined = db.session.scalar(
            db.select(Speaker).where(Speaker.slug == w["speakers"]["declined"])
        )
        hidden = db.session.scalar(
            db.select(Speaker).where(Speaker.slug == w["speakers"]["hidden"])
        )
        update_speaker(declined, event, {"registration": Registration.DECLINED.value})
        update_speaker(hidden, event, {"public": False})
        publish(event, None)
        db.session.commit()


def test_withheld_speakers_were_public_before_the_release(client, world):
    urls = _urls(world)
    assert [len(_showing(client, urls, name)) > 10 for name in NAMES] == [True, True]


@pytest.mark.parametrize("name", NAMES)
def test_withheld_speaker_is_absent_from_every_public_answer_after_the_release(
    app, client, world, name
):
    _withhold(app, world)
    urls = _urls(world)
    assert _showing(client, urls, name) == []
    assert len(_showing(client, urls, "Visibleperson")) > 10


def test_withheld_speaker_is_absent_after_a_forum_release_too(app, client, world):
    with app.app_context():
        event = db.session.merge(world["event"])
        hidden = db.session.scalar(
            db.select(Speaker).where(Speaker.slug == world["speakers"]["hidden"])
        )
        update_speaker(hidden, event, {"public": False})
        other = make_forum(event)
        publish(event, None, forum=db.session.get(Forum, other.id))
        db.session.commit()
    assert _showing(client, _urls(world), "Hiddenperson") == []
