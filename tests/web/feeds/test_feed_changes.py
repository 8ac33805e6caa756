"""What calendar clients see after organizers change the agenda, release by release."""

from datetime import timedelta

from eventsvc.extensions import db
from eventsvc.sessions.models import SessionStatus
from tests.icalcheck import parse
from tests.web.feeds.conftest import uid


def _feed(client, conference):
    response = client.get(f"/events/{conference.event}/calendar.ics")
    return response, parse(response.data)


def test_moved_session_keeps_its_uid_and_shows_the_new_time_with_a_higher_sequence(
    client, conference, organizer
):
    _, before = _feed(client, conference)
    with organizer(conference.event) as (_event, talks):
        talk = talks[conference.talk]
        talk.start_at += timedelta(hours=2)
        talk.end_at += timedelta(hours=2)
    _, after = _feed(client, conference)
    old, new = before[uid(conference, "talk")], after[uid(conference, "talk")]
    assert (old["start"].strftime("%H:%M"), new["start"].strftime("%H:%M")) == ("10:00", "12:00")
    assert (old["sequence"], new["sequence"]) == (0, 1)
    assert new["dtstamp"] >= old["dtstamp"]  # DTSTAMP has one-second resolution
    assert set(after) == set(before)


def test_cancelled_session_stays_with_status_cancelled_and_a_higher_sequence(
    client, conference, organizer
):
    with organizer(conference.event) as (_event, talks):
        talks[conference.panel].status = SessionStatus.CANCELLED
    _, after = _feed(client, conference)
    panel = after[uid(conference, "panel")]
    assert (panel["status"], panel["sequence"], panel["summary"]) == (
        "CANCELLED",
        1,
        "[Cancelled] Panel",
    )
    assert len(after) == 3


def test_removed_session_leaves_the_feed(client, conference, organizer):
    with organizer(conference.event) as (_event, talks):
        db.session.delete(talks[conference.panel])
    _, after = _feed(client, conference)
    assert sorted(after) == sorted([uid(conference, "opening"), uid(conference, "talk")])


def test_edited_but_unpublished_feed_is_byte_identical_with_the_same_etag(
    client, conference, organizer
):
    before, _ = _feed(client, conference)
    with organizer(conference.event, release=False) as (_event, talks):
        talks[conference.talk].title = {"en": "A new title nobody published"}
        talks[conference.panel].status = SessionStatus.CANCELLED
    after, _ = _feed(client, conference)
    assert after.data == before.data
    assert after.headers["ETag"] == before.headers["ETag"]
    assert after.headers["Last-Modified"] == before.headers["Last-Modified"]
