"""The publish preview costs the same queries whatever the event's size."""

from __future__ import annotations

from sqlalchemy import select

from eventsvc.events.models import Event, Forum
from eventsvc.extensions import db
from eventsvc.releases.preview import pending_changes
from eventsvc.releases.publish import latest, publish
from eventsvc.sessions.models import Talk
from eventsvc.sessions.services import update_session
from eventsvc.synthetic.generate import Size, generate
from tests.factories import make_user
from tests.web.manage.helpers import sign_in

SIZES = {"one": Size(forums=1, sessions=1, speakers=1), "many": Size(60, 2000, 534)}


def _published_with_one_change(slug: str) -> None:
    event = generate(slug, SIZES[slug])
    publish(event, None)
    first = db.session.scalars(select(Talk).where(Talk.event_id == event.id).limit(1)).one()
    update_session(first, {"title": {"en": "Changed since"}})


def test_publish_preview_costs_the_same_queries_at_1_and_2000_sessions(app, client, count_queries):
    with app.app_context():
        for slug in SIZES:
            _published_with_one_change(slug)
        admin = make_user(role="admin")
        db.session.commit()
        sign_in(client, admin.id)
    counts = []
    for slug in SIZES:
        with count_queries() as counter:
            page = client.get(f"/manage/events/{slug}/publish").get_data(as_text=True)
        assert "Changed since" in page
        with app.app_context():
            event = db.session.scalars(select(Event).where(Event.slug == slug)).one()
            forum = db.session.scalars(select(Forum).where(Forum.event_id == event.id)).first()
            previous = latest(event.id)
            with count_queries() as forum_counter:
                pending_changes(event, previous, forum)
        counts.append((counter.count, forum_counter.count))
    assert counts[0] == counts[1]
