"""The attendee pages (session, speaker, search, now, door screen, My agenda) and the JSON
beside each cost the same few queries for an event of 1 session as for one of 2,000."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

import pytest
from sqlalchemy import select

from eventsvc.agenda.current import agenda_for, current_release
from eventsvc.auth.models import User
from eventsvc.events.models import Forum
from eventsvc.extensions import db
from eventsvc.releases.publish import publish
from eventsvc.sessions import stars
from eventsvc.sessions.models import Talk
from eventsvc.synthetic.generate import Size, generate
from tests.conftest import empty_tables
from tests.factories import make_user

SMALL, LARGE = Size(forums=1, sessions=1, speakers=1), Size(forums=60, sessions=2000, speakers=3000)


@dataclass(frozen=True)
class Sized:
    """One generated event, published, with what its attendee URLs name."""

    event: str
    uid: str
    speaker: str
    room: str
    word: str  # a word of a session's title: a search that finds something
    at: str  # the first session's start
    user_id: int  # an attendee who starred every session of the event


@pytest.fixture
def _clean_tables():
    """The two events are built once for the module (below), not emptied after each test."""
    yield


@pytest.fixture(scope="module")
def sized(app):
    with app.app_context():
        built = {n: _built(f"size-{size.sessions}", size) for n, size in enumerate((SMALL, LARGE))}
        db.session.remove()
    yield built
    empty_tables(app)


def _built(slug: str, size: Size) -> Sized:
    event = generate(slug, size)
    publish(event, None)
    user = make_user()
    talks = db.session.scalars(select(Talk).join(Talk.forum).where(Forum.event_id == event.id))
    for talk in talks:
        stars.star(user, talk, actor=user)
    db.session.commit()
    agenda = agenda_for(current_release(slug))
    first = min(agenda.sessions_by_uid.values(), key=lambda s: (s.start, s.uid))
    talk = next(s for s in agenda.sessions_by_uid.values() if s.room_id and s.appearances)
    return Sized(
        event=slug,
        uid=talk.uid,
        speaker=agenda.speakers[talk.appearances[0]["speaker"]]["slug"],
        room=agenda.rooms_by_id[talk.room_id]["slug"],
        word=agenda.text(talk.title, "en").split()[-1],
        at=quote(first.local_start.isoformat()),
        user_id=user.id,
    )


PUBLIC = {
    "session": "/events/{event}/sessions/{uid}",
    "session json": "/api/v1/events/{event}/sessions/{uid}",
    "speaker": "/events/{event}/speakers/{speaker}",
    "speaker json": "/api/v1/events/{event}/speakers/{speaker}",
    "search": "/events/{event}/search?q={word}",
    "search json": "/api/v1/events/{event}/search?q={word}",
    "now": "/events/{event}/now?at={at}",
    "now, this minute": "/events/{event}/now",
    "now json": "/api/v1/events/{event}/now?at={at}",
    "door screen": "/events/{event}/rooms/{room}/display?at={at}",
    "door screen, this minute": "/events/{event}/rooms/{room}/display",
}


@pytest.mark.parametrize("name", sorted(PUBLIC))
def test_attendee_page_query_count_does_not_grow(app, client, sized, count_queries, name):
    cold, warm = [], []
    for built in sized.values():
        url = PUBLIC[name].format(**vars(built))
        _forget_built(app)
        for counts in (cold, warm):
            with count_queries() as counter:
                response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            counts.append(counter.count)
    assert cold[0] == cold[1], cold
    # Once built, an answer costs at most "which release is current?"; this minute's "now"
    # is built again each minute, from the agenda already in memory.
    assert max(warm) <= 1, warm


SIGNED_IN = {
    "my agenda": "/me/agenda",
    "my feed json": "/api/v1/me/feed",
    "session, signed in": "/events/{event}/sessions/{uid}",
    "search, signed in": "/events/{event}/search?q={word}",
}


@pytest.mark.parametrize("name", sorted(SIGNED_IN))
def test_signed_in_page_query_count_does_not_grow_with_the_stars(app, sized, count_queries, name):
    counts = []
    for built in sized.values():  # one star, then 2,000
        client = app.test_client()
        with client.session_transaction() as browser:
            browser["_user_id"] = str(built.user_id)
        url = SIGNED_IN[name].format(**vars(built))
        client.get("/me/agenda")  # the personal feed's token is made on the first visit
        _forget_built(app)
        with count_queries() as counter:
            assert client.get(url).status_code == 200
        counts.append(counter.count)
    assert counts[0] == counts[1], counts


def test_personal_feed_query_count_does_not_grow_with_the_stars(app, sized, count_queries):
    counts = []
    for built in sized.values():
        client = app.test_client()
        with client.session_transaction() as browser:
            browser["_user_id"] = str(built.user_id)
        feed = client.get("/api/v1/me/feed").get_json()["url"].removeprefix("http://localhost")
        _forget_built(app)
        with count_queries() as counter:
            assert app.test_client().get(feed).status_code == 200
        counts.append(counter.count)
    assert counts[0] == counts[1], counts


def test_the_large_event_is_as_large_as_it_says(app, sized):
    with app.app_context():
        users = {b.event: db.session.get(User, b.user_id).stars_version for b in sized.values()}
        agenda = agenda_for(current_release(sized[1].event))
    assert (len(agenda.sessions_by_uid), users) == (2000, {"size-1": 1, "size-2000": 2000})


def _forget_built(app):
    from eventsvc import caches

    caches.empty()
    app.extensions["eventsvc.rendered"].clear()
    app.extensions["eventsvc.replay"].clear()
