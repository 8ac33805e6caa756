"""Times that cannot break the service: every write path refuses a session outside its event's
window (sessions/times.py) with a clear answer and writes nothing, and a forum published by its
organizer after trying a time near year 9999 leaves every feed readable."""

from __future__ import annotations

import copy
import hashlib
import json

import pytest
from sqlalchemy import func, select

from eventsvc.auth.models import User
from eventsvc.backup.export import export_event
from eventsvc.backup.restore import BackupError, restore
from eventsvc.errors import ValidationError
from eventsvc.events.models import Event
from eventsvc.extensions import db
from eventsvc.interchange.import_ import import_schedule
from eventsvc.releases.publish import publish
from eventsvc.sessions.models import Talk
from tests.conftest import empty_tables
from tests.factories import make_event, make_forum, make_session, make_user
from tests.web.api.world import contents
from tests.web.manage.helpers import csrf_token, sign_in, token_on_page

SESSION = "/api/v1/events/{}/sessions/{}"
LATE = "9999-12-31T23:59:59+14:00"


def _patch(client, world, role, body, uid=None):
    url = SESSION.format(world.event, uid or world.session_a)
    return client.patch(url, headers=world.headers(role), json=body)


def _user_id(app, world, role) -> int:
    with app.app_context():
        return db.session.scalar(select(User.id).where(User.email == world.emails[role]))


def _snapshot(app):
    with app.app_context():
        return contents()


@pytest.mark.parametrize(
    "body, field",
    [
        ({"start": LATE, "end": LATE}, "start"),
        ({"end": LATE}, "end"),
        ({"start": "0001-01-01T00:00:00+14:00"}, "start"),
        ({"start": "2025-04-29T09:00:00", "end": "2025-04-29T10:00:00"}, "start"),
        ({"start": "2024-04-10T09:00:00", "end": "2024-04-10T10:00:00"}, "start"),
    ],
)
def test_api_refuses_a_time_outside_the_events_window(app, client, world, body, field):
    before = _snapshot(app)
    answer = _patch(client, world, "event_org", body)
    assert answer.status_code == 422
    error = answer.get_json()["error"]
    assert list(error["fields"]) == [field]
    assert "a week before the event's first day" in error["message"] or "years" in error["message"]
    assert _snapshot(app) == before


def test_api_accepts_a_time_within_a_week_of_the_event(client, world):
    """The demo event runs 2024-04-25 to 04-29 in Shanghai: a workshop a week before is fine."""
    answer = _patch(
        client, world, "event_org", {"start": "2024-04-18T00:00", "end": "2024-04-18T01:00"}
    )
    assert (answer.status_code, answer.get_json()["start"]) == (200, "2024-04-17T16:00:00Z")


@pytest.mark.parametrize(
    "body, field",
    [
        ({"end_date": "9999-12-31"}, "end_date"),
        ({"start_date": "1900-01-01"}, "start_date"),
        ({"end_date": "2025-06-01"}, "end_date"),
        ({"start_date": "2024-06-01", "end_date": "2024-06-02"}, "start_date"),
    ],
)
def test_api_refuses_event_dates_out_of_bounds(app, client, world, body, field):
    """Years, length, and dates that would leave the sessions outside the window."""
    before = _snapshot(app)
    answer = client.patch(
        f"/api/v1/events/{world.event}", headers=world.headers("event_org"), json=body
    )
    assert answer.status_code == 422
    assert list(answer.get_json()["error"]["fields"]) == [field]
    assert _snapshot(app) == before


def test_forum_organizer_cannot_place_a_session_near_year_9999_and_publishes_safely(
    app, client, world
):
    answer = _patch(
        client, world, "forum_a_org", {"start": "9999-12-31T22:00", "end": "9999-12-31T23:00"}
    )
    assert answer.status_code == 422
    sign_in(client, _user_id(app, world, "forum_a_org"))
    url = f"/manage/events/{world.event}/forums/{world.forum_a}/publish"
    page = client.get(url).get_data(as_text=True)
    published = client.post(url, data={"comment_en": "A", "csrf_token": token_on_page(page)})
    assert published.status_code == 302
    for feed in (
        f"/events/{world.event}/calendar.ics",
        f"/events/{world.event}/forums/{world.forum_a}/calendar.ics",
        f"/events/{world.event}/rooms/{world.room}/calendar.ics",
        f"/events/{world.event}/sessions/{world.session_a}.ics",
        f"/manage/events/{world.event}/agenda",
        f"/api/v1/events/{world.event}/conflicts",
    ):
        assert client.get(feed).status_code == 200, feed


@pytest.mark.parametrize(
    "lang, message",
    [("en", "times must lie between the years 1900 and 2199"), ("zh", "1900 年至 2199 年")],
)
def test_session_form_explains_a_time_outside_the_window_in_the_pages_language(
    app, client, lang, message
):
    with app.app_context():
        event = make_event()
        forum = make_forum(event)
        user = make_user(role="organizer", event=event)
        db.session.commit()
        url = f"/manage/events/{event.slug}/forums/{forum.slug}/sessions/new"
        user_id = user.id
    sign_in(client, user_id)
    before = _snapshot(app)
    answer = client.post(
        url,
        query_string={"lang": lang},
        data={
            "title_en": "Late",
            "kind": "panel",
            "status": "confirmed",
            "start": "9999-12-31T22:00",
            "end": "9999-12-31T23:00",
            "room": "",
            "save": "1",
            "csrf_token": csrf_token(app, client),
        },
    )
    assert answer.status_code == 422
    assert message in answer.get_data(as_text=True)
    assert _snapshot(app) == before


def test_board_move_to_a_time_outside_the_window_is_refused(app, client, world):
    with app.app_context():
        version = db.session.scalar(select(Talk.version).where(Talk.uid == world.session_a))
    sign_in(client, _user_id(app, world, "event_org"))
    before = _snapshot(app)
    answer = client.post(
        f"/manage/events/{world.event}/sessions/{world.session_a}/move",
        headers={"Accept": "application/json"},
        data={
            "start": "2025-04-29T09:00",
            "room": world.room,
            "version": str(version),
            "csrf_token": csrf_token(app, client),
        },
    )
    assert answer.status_code == 422
    assert "a week before" in answer.get_json()["message"]
    assert _snapshot(app) == before


FRAB = """<?xml version="1.0" encoding="UTF-8"?>
<schedule><conference><title>Late</title><start>2024-04-25</start><end>2024-04-29</end>
<time_zone_name>Asia/Shanghai</time_zone_name></conference>
<day index="1" date="2024-04-25"><room name="Hall">
<event guid="b2d1f9e6-3a6c-4f0e-9d5a-1c2b3d4e5f61"><date>2024-04-25T09:00:00+08:00</date>
<duration>00:30</duration><room>Hall</room><title>Fine</title><persons/></event>
<event guid="b2d1f9e6-3a6c-4f0e-9d5a-1c2b3d4e5f62"><date>{date}</date>
<duration>{duration}</duration><room>Hall</room><title>Late</title><persons/></event>
</room></day></schedule>"""


@pytest.mark.parametrize(
    "date, duration, problem",
    [
        ("9999-12-31T22:00:00+14:00", "00:30", "is not in the years 1900 to 2199"),
        ("2199-12-31T23:50:00+00:00", "00:30", "its end is not in the years"),
        ("2160-06-01T10:00:00+08:00", "00:30", "dates must lie in the years 1950 to 2150"),
        ("2026-06-01T10:00:00+08:00", "00:30", "an event lasts at most 366 days"),
    ],
)
def test_schedule_import_refuses_a_file_with_a_time_out_of_bounds(app, date, duration, problem):
    with app.app_context():
        event = make_event()
        db.session.commit()
        before = contents()
        data = FRAB.format(date=date, duration=duration).encode()
        with pytest.raises(ValidationError) as refused:
            import_schedule(event, data, "schedule.xml")
        db.session.rollback()
        assert problem in str(refused.value.message)
        assert contents() == before


@pytest.mark.parametrize(
    "table, column, value, problem",
    [
        ("sessions", "start_at", "9999-12-31T09:59:59+00:00", "sessions row"),
        ("sessions", "end_at", "2025-01-01T00:00:00+00:00", "a week before"),
        ("events", "end_date", "9999-12-31", "events row"),
        ("forums", "start_date", "0001-01-01", "years 1950 to 2150"),
    ],
)
def test_restore_refuses_times_out_of_bounds_and_writes_nothing(app, table, column, value, problem):
    with app.app_context():
        event = make_event()
        make_session(make_forum(event))
        db.session.commit()
        document = json.loads(json.dumps(export_event(event.slug)))
    empty_tables(app)
    broken = copy.deepcopy(document)
    broken["tables"][table][0][column] = value
    with app.app_context():
        with pytest.raises(BackupError) as refused:
            restore(broken)
        db.session.rollback()
        assert problem in refused.value.message
        assert "\n" not in refused.value.message
        assert db.session.scalar(select(func.count()).select_from(Event)) == 0


def test_restore_refuses_a_release_publishing_a_time_out_of_bounds(app):
    """The snapshot is what pages and feeds read: a digest made to match is not enough."""
    with app.app_context():
        event = make_event()
        make_session(make_forum(event))
        publish(event, None, "first")
        db.session.commit()
        document = json.loads(json.dumps(export_event(event.slug)))
    empty_tables(app)
    release = document["tables"]["releases"][0]
    snapshot = json.loads(release["snapshot"])
    snapshot["sessions"][0]["end"] = "9999-12-31T09:59:59Z"
    release["snapshot"] = json.dumps(snapshot)
    release["digest"] = hashlib.sha256(release["snapshot"].encode()).hexdigest()
    with app.app_context():
        with pytest.raises(BackupError, match="release 1: a session's time is not one"):
            restore(document)
        db.session.rollback()
        assert db.session.scalar(select(func.count()).select_from(Event)) == 0
