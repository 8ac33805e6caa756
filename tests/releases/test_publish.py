"""Publishing: release numbers, revisions (SEQUENCE) and the changelog."""

import json
from datetime import datetime, timedelta

from eventsvc.extensions import db
from eventsvc.releases.publish import publish
from eventsvc.releases.snapshot import iso
from eventsvc.sessions.models import SessionStatus
from eventsvc.sessions.services import add_appearance
from tests.factories import make_event, make_forum, make_room, make_session, make_speaker


def _sessions(release):
    return {s["uid"]: s for s in json.loads(release.snapshot)["sessions"]}


def test_releases_are_numbered_in_order(ctx):
    event = make_event()
    numbers = [publish(event, None).number for _ in range(3)]
    assert numbers == [1, 2, 3]


def test_moved_session_keeps_uid_and_gains_a_revision(ctx):
    event = make_event()
    talk = make_session(make_forum(event))
    first = publish(event, None)
    talk.start_at += timedelta(hours=1)
    talk.end_at += timedelta(hours=1)
    second = publish(event, None)
    before, after = _sessions(first)[talk.uid], _sessions(second)[talk.uid]
    assert (before["revision"], after["revision"]) == (0, 1)
    assert after["changed_at"] == iso(second.published_at)
    assert second.changelog == [
        {
            "type": "rescheduled",
            "session": talk.uid,
            "title": talk.title,
            "before": [before["start"], before["end"]],
            "after": [after["start"], after["end"]],
        }
    ]


def test_unchanged_session_keeps_revision_and_changed_at(ctx):
    event = make_event()
    talk = make_session(make_forum(event))
    first = publish(event, None)
    second = publish(event, None)
    assert _sessions(second)[talk.uid] == _sessions(first)[talk.uid]
    assert second.changelog == []
    assert second.digest == first.digest


def test_cancelled_session_stays_with_a_higher_revision(ctx):
    event = make_event()
    talk = make_session(make_forum(event))
    publish(event, None)
    talk.status = SessionStatus.CANCELLED
    release = publish(event, None)
    assert _sessions(release)[talk.uid]["status"] == "cancelled"
    assert _sessions(release)[talk.uid]["revision"] == 1
    assert [e["type"] for e in release.changelog] == ["cancelled"]


def test_removed_session_leaves_the_release(ctx):
    event = make_event()
    talk = make_session(make_forum(event))
    uid = talk.uid
    publish(event, None)
    db.session.delete(talk)
    release = publish(event, None)
    assert uid not in _sessions(release)
    assert [e["type"] for e in release.changelog] == ["removed"]


def test_speaker_change_moves_changed_at_but_not_revision(ctx):
    event = make_event()
    talk = make_session(make_forum(event))
    speaker = make_speaker(event)
    first = publish(event, None)
    add_appearance(talk, speaker)
    second = publish(event, None)
    before, after = _sessions(first)[talk.uid], _sessions(second)[talk.uid]
    assert after["revision"] == before["revision"] == 0
    assert after["changed_at"] == iso(second.published_at)
    assert second.changelog == [
        {"type": "speaker_added", "session": talk.uid, "title": talk.title, "speaker": speaker.id}
    ]


def test_room_change_is_a_move(ctx):
    event = make_event()
    talk = make_session(make_forum(event), room=make_room(event))
    publish(event, None)
    other = make_room(event)
    talk.room = other
    release = publish(event, None)
    assert [(e["type"], e["after"]) for e in release.changelog] == [("moved", other.id)]


def test_publish_costs_a_fixed_number_of_queries(app, ctx, count_queries):
    def publish_with(n):
        event = make_event()
        forum = make_forum(event)
        for i in range(n):
            add_appearance(
                make_session(forum, start=datetime(2024, 4, 29, 8) + timedelta(minutes=i)),
                make_speaker(event),
            )
        db.session.commit()
        with count_queries() as counter:
            publish(event, None)
        db.session.commit()
        return counter.count

    assert publish_with(1) == publish_with(20)
