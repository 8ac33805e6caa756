"""The attendee pages (session, speaker, search, now) cost the same few queries at any size."""

import pytest
from sqlalchemy import select

from eventsvc.sessions.models import Talk
from eventsvc.speakers.models import Speaker
from tests.factories import make_published_event


def _event_of(size: int, in_app) -> dict:
    with in_app() as db_session:
        event, forum = make_published_event(size, theme={"en": "A theme"})
        db_session.commit()
        talk = db_session.scalars(select(Talk).where(Talk.forum_id == forum.id)).first()
        speaker = db_session.scalars(select(Speaker).where(Speaker.event_id == event.id)).first()
        return {
            "event": event.slug,
            "uid": talk.uid,
            "speaker": speaker.slug,
            "room": talk.room.slug,
        }


PAGES = {
    "session": "/events/{event}/sessions/{uid}",
    "session json": "/api/v1/events/{event}/sessions/{uid}",
    "speaker": "/events/{event}/speakers/{speaker}",
    "search": "/events/{event}/search?q=session",
    "search json": "/api/v1/events/{event}/search?q=session",
    "now": "/events/{event}/now?at=2024-04-29T09:10",
    "now, this minute": "/events/{event}/now",
    "door screen": "/events/{event}/rooms/{room}/display?at=2024-04-29T09:10",
    "now json": "/api/v1/events/{event}/now?at=2024-04-29T09:10",
}


@pytest.mark.parametrize("name", sorted(PAGES))
def test_attendee_page_query_count_does_not_grow(app, client, in_app, count_queries, name):
    cold, warm = [], []
    for size in (1, 200):
        url = PAGES[name].format(**_event_of(size, in_app))
        _forget_built(app)
        for counts in (cold, warm):
            with count_queries() as counter:
                assert client.get(url).status_code == 200
            counts.append(counter.count)
    assert cold[0] == cold[1], cold
    # Once built, an answer costs at most "which release is current?"; this minute's "now"
    # is built again each minute, from the agenda already in memory.
    assert max(warm) <= 1, warm


def _forget_built(app):
    from eventsvc.agenda import history, search
    from eventsvc.agenda.current import agendas

    agendas.clear()
    history.forget()
    search.forget()
    app.extensions["eventsvc.rendered"].clear()
