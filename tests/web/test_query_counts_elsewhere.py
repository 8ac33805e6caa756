"""Query counts of the reads the other query-count tests leave out: the room, speaker and
session feeds, the API's event list and single forum and speaker, the workspace index and
audit trail, and the token lists. Each costs the same whatever the size of what it lists."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from eventsvc.agenda.current import agendas
from eventsvc.audit.services import record
from eventsvc.auth.models import User
from eventsvc.auth.services import create_api_token
from eventsvc.events.models import Event, Room
from eventsvc.extensions import db
from eventsvc.releases.publish import publish
from eventsvc.sessions.models import Talk
from eventsvc.speakers.models import Speaker
from tests.factories import make_event, make_published_event, make_user
from tests.web.manage.helpers import sign_in


def _published(app, size: int) -> dict:
    """An event of size sessions (up to 10 speakers), published; the slugs and uids to read."""
    with app.app_context():
        event, forum = make_published_event(size)
        db.session.commit()
        first = {
            model: db.session.scalar(
                select(column).where(model.event_id == event.id).order_by(model.id).limit(1)
            )
            for model, column in ((Talk, Talk.uid), (Speaker, Speaker.slug), (Room, Room.slug))
        }
        found = {
            "e": event.slug,
            "f": forum.slug,
            "r": first[Room],
            "s": first[Speaker],
            "u": first[Talk],
        }
        db.session.remove()
    return found


def _count(client, count_queries, url, headers=None) -> int:
    agendas.clear()
    with count_queries() as counter:
        response = client.get(url, headers=headers or {})
    assert response.status_code == 200, (url, response.status_code)
    return counter.count


def _same_for_sizes(app, client, count_queries, path: str) -> tuple[int, int]:
    counts = []
    for size in (1, 40):
        ids = _published(app, size)
        app.extensions["eventsvc.rendered"].clear()
        app.extensions["eventsvc.replay"].clear()
        counts.append(_count(client, count_queries, path.format(**ids)))
    return counts[0], counts[1]


def test_room_feed_costs_the_same_queries_whatever_its_size(app, client, count_queries):
    small, large = _same_for_sizes(app, client, count_queries, "/events/{e}/rooms/{r}/calendar.ics")
    assert small == large


def test_speaker_feed_costs_the_same_queries_whatever_its_size(app, client, count_queries):
    small, large = _same_for_sizes(
        app, client, count_queries, "/events/{e}/speakers/{s}/calendar.ics"
    )
    assert small == large


def test_session_feed_costs_the_same_queries_whatever_the_event_size(app, client, count_queries):
    small, large = _same_for_sizes(app, client, count_queries, "/events/{e}/sessions/{u}.ics")
    assert small == large


def test_api_forum_costs_the_same_queries_whatever_its_size(app, client, count_queries):
    small, large = _same_for_sizes(app, client, count_queries, "/api/v1/events/{e}/forums/{f}")
    assert small == large


def test_api_speaker_costs_the_same_queries_whatever_the_event_size(app, client, count_queries):
    small, large = _same_for_sizes(app, client, count_queries, "/api/v1/events/{e}/speakers/{s}")
    assert small == large


@pytest.mark.parametrize("url", ["/api/v1/events", "/"])
def test_event_list_costs_the_same_queries_for_more_events(app, client, count_queries, url):
    counts = []
    for events in (1, 6):
        with app.app_context():
            for _ in range(events):
                make_published_event(1)
            db.session.commit()
        counts.append(_count(client, count_queries, url))
    assert counts[0] == counts[1]


def test_manage_index_costs_the_same_queries_for_more_events(app, client, count_queries):
    with app.app_context():
        admin = make_user(role="admin")
        db.session.commit()
        sign_in(client, admin.id)
    counts = []
    for events in (1, 6):
        with app.app_context():
            for _ in range(events):
                make_event()
            db.session.commit()
        counts.append(_count(client, count_queries, "/manage/"))
    assert counts[0] == counts[1]


def test_manage_audit_costs_the_same_queries_when_longer(app, client, count_queries):
    with app.app_context():
        event = make_event()
        admin = make_user(role="admin")
        publish(event, admin)
        db.session.commit()
        slug, admin_id = event.slug, admin.id
    sign_in(client, admin_id)
    short = _count(client, count_queries, f"/manage/events/{slug}/audit")
    with app.app_context():
        event = db.session.scalar(select(Event).where(Event.slug == slug))
        for n in range(30):
            record(event.id, None, "updated", "session", f"uid-{n}", f"Session {n}")
        db.session.commit()
    assert _count(client, count_queries, f"/manage/events/{slug}/audit") == short


def test_token_lists_cost_the_same_queries_for_more_tokens(app, client, count_queries):
    with app.app_context():
        user = make_user(role="organizer", event=make_event())
        _, plain = create_api_token(user, "first")
        db.session.commit()
        user_id = user.id
    headers = {"Authorization": f"Bearer {plain}"}
    sign_in(client, user_id)
    few = (
        _count(client, count_queries, "/api/v1/me/tokens", headers),
        _count(client, count_queries, "/manage/tokens"),
    )
    with app.app_context():
        user = db.session.get(User, user_id)
        for n in range(12):
            create_api_token(user, f"token {n}")
        db.session.commit()
    many = (
        _count(client, count_queries, "/api/v1/me/tokens", headers),
        _count(client, count_queries, "/manage/tokens"),
    )
    assert many == few
