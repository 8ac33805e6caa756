"""A small published conference and a way to change it the way organizers do."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import datetime
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from eventsvc.events.models import Event
from eventsvc.extensions import db
from eventsvc.releases.publish import publish
from eventsvc.sessions.models import Talk
from eventsvc.sessions.services import add_appearance
from tests.factories import make_event, make_forum, make_room, make_session, make_speaker


@pytest.fixture
def conference(app):
    """Two forums, two rooms, one speaker, three sessions; published as release 1.

    opening (forum 1, room 1, with the speaker), talk (forum 1, room 2), panel (forum 2, room 1).
    """
    with app.app_context():
        event = make_event(name={"en": "Conf", "zh": "大会"})
        forums = [make_forum(event), make_forum(event)]
        rooms = [make_room(event), make_room(event)]
        speaker = make_speaker(event, family="Xue", given="Lan")
        opening = make_session(
            forums[0],
            start=datetime(2024, 4, 29, 9, 0),
            room=rooms[0],
            title={"en": "Opening", "zh": "开幕"},
        )
        add_appearance(opening, speaker)
        talk = make_session(
            forums[0], start=datetime(2024, 4, 29, 10, 0), room=rooms[1], title={"en": "Talk"}
        )
        panel = make_session(
            forums[1], start=datetime(2024, 4, 29, 11, 0), room=rooms[0], title={"en": "Panel"}
        )
        publish(event, None)
        db.session.commit()
        found = SimpleNamespace(
            event=event.slug,
            forums=[f.slug for f in forums],
            rooms=[r.slug for r in rooms],
            speaker=speaker.slug,
            opening=opening.uid,
            talk=talk.uid,
            panel=panel.uid,
            host=app.config["SERVER_NAME_FOR_UIDS"],
        )
        db.session.remove()
    return found


@pytest.fixture
def organizer(app):
    """with organizer(slug, publish=True) as (event, talks): edit working copies, then publish."""

    @contextmanager
    def editing(slug: str, release: bool = True):
        with app.app_context():
            event = db.session.scalar(select(Event).where(Event.slug == slug))
            talks = {
                t.uid: t for t in db.session.scalars(select(Talk).where(Talk.event_id == event.id))
            }
            yield event, talks
            db.session.flush()
            if release:
                publish(event, None)
            db.session.commit()
            db.session.remove()

    return editing


def uid(conference, name: str) -> str:
    return f"{getattr(conference, name)}@{conference.host}"
