"""No stored time can make a page, feed or publish fail: the worst values the database's CHECKs
allow (sessions/times.py), written straight into it past the services, in the zones furthest
from UTC, are published and read everywhere."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select, update

from eventsvc.events.models import Event, Forum
from eventsvc.extensions import db
from eventsvc.releases.publish import publish
from eventsvc.sessions.models import Talk
from tests.factories import make_user
from tests.web.manage.helpers import sign_in
from tests.web.public.reading import DEMO, FORUM
from tests.web.test_anonymous_reads import OPENING, READS, _personal_feed

EARLIEST = datetime(1900, 1, 1, tzinfo=UTC)
LATEST = datetime(2199, 12, 31, 23, 59, 59, tzinfo=UTC)


def _store_the_worst(zone: str) -> None:
    """Bypassing the services, as a hand-written SQL update would."""
    event = db.session.scalar(select(Event).where(Event.slug == DEMO))
    first, *others = db.session.scalars(
        select(Talk).where(Talk.event_id == event.id, Talk.uid != OPENING).order_by(Talk.id)
    )
    statements = [
        update(Event)
        .where(Event.id == event.id)
        .values(timezone=zone, start_date=date(2150, 12, 29), end_date=date(2150, 12, 31)),
        update(Forum)
        .where(Forum.event_id == event.id)
        .values(start_date=date(1950, 1, 1), end_date=date(2150, 12, 31)),
        update(Talk)
        .where(Talk.uid == OPENING)
        .values(start_at=datetime(2199, 12, 31, 22, tzinfo=UTC), end_at=LATEST),
        update(Talk)
        .where(Talk.id == first.id)
        .values(start_at=EARLIEST, end_at=datetime(1900, 1, 1, 0, 0, 1, tzinfo=UTC)),
        update(Talk).where(Talk.id == others[0].id).values(start_at=EARLIEST, end_at=LATEST),
    ]
    for statement in statements:
        db.session.execute(statement, execution_options={"synchronize_session": False})
    db.session.commit()


@pytest.mark.parametrize("zone", ["Pacific/Kiritimati", "Etc/GMT+12"])
def test_the_worst_stored_times_publish_and_read_everywhere(app, client, demo, zone):
    with app.app_context():
        _store_the_worst(zone)
        event = db.session.scalar(select(Event).where(Event.slug == DEMO))
        forum = db.session.scalar(select(Forum).where(Forum.slug == FORUM))
        publish(event, None, "the worst times", forum=forum)
        publish(event, None, "the worst times, everywhere")
        staff = make_user(role="organizer", event=event)
        db.session.commit()
        staff_id = staff.id
        db.session.remove()
    reads = [*READS, _personal_feed(app)]
    for url in reads:
        response = client.get(url)
        assert response.status_code < 400, (url, response.status_code)
    # The timetable opens on the first day, where a session runs on for 300 years: the grid
    # ends with the day (it drew a row every 5 minutes of those years, 5 million of them).
    assert len(client.get(f"/events/{DEMO}/timetable").data) < 200_000
    sign_in(client, staff_id)
    for url in (
        f"/manage/events/{DEMO}/agenda",
        f"/manage/events/{DEMO}/agenda?day=2150-12-31",
        f"/manage/events/{DEMO}/board",
        f"/manage/events/{DEMO}/board?day=2199-12-31",
        f"/manage/events/{DEMO}/board?day=1899-12-31",
        f"/manage/events/{DEMO}/board?day=1900-01-01",
        f"/manage/events/{DEMO}/publish",
        f"/manage/events/{DEMO}/sessions/{OPENING}/edit",
        f"/api/v1/events/{DEMO}/conflicts",
        f"/api/v1/events/{DEMO}/draft/sessions/{OPENING}",
        f"/events/{DEMO}/now?at=2199-12-31T23:00",
        f"/events/{DEMO}/timetable?day=2199-12-31",
    ):
        response = client.get(url)
        assert response.status_code < 400, (url, response.status_code)


FAR = ("9999-12-31T23:59:59+14:00", "0001-01-01T00:00-12:00", "9999-12-31T23:59", "0001-01-01")


def test_times_asked_for_in_a_url_answer_without_a_server_error(app, client, demo):
    """?day=, ?at= and ?start= near the ends of what datetime holds: refused or shown, never 500."""
    with app.app_context():
        event = db.session.scalar(select(Event).where(Event.slug == DEMO))
        staff_id = make_user(role="organizer", event=event).id
        db.session.commit()
    sign_in(client, staff_id)
    answers = {}
    for value in FAR:
        day = value[:10]
        for url in (
            f"/events/{DEMO}/now?at={value}",
            f"/events/{DEMO}/rooms/forum-hall/display?at={value}",
            f"/events/{DEMO}?day={day}",
            f"/events/{DEMO}/timetable?day={day}",
            f"/api/v1/events/{DEMO}/sessions?day={day}",
            f"/manage/events/{DEMO}/agenda?day={day}",
            f"/manage/events/{DEMO}/board?day={day}",
            f"/manage/events/{DEMO}/checkin?day={day}",
            f"/manage/events/{DEMO}/forums/{FORUM}/sessions/new?start={value[:16]}",
        ):
            answers[url] = client.get(url.replace("+", "%2B")).status_code
    assert {url: status for url, status in answers.items() if status >= 500} == {}
    assert answers[f"/manage/events/{DEMO}/checkin?day=9999-12-31"] == 422
