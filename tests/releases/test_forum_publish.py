"""A forum organizer's release: the previous release with only their forum's part replaced."""

import json
from datetime import datetime

from eventsvc.audit.models import AuditEntry
from eventsvc.extensions import db
from eventsvc.releases.publish import publish
from eventsvc.sessions.services import update_session
from eventsvc.speakers.services import update_speaker
from tests.factories import make_event, make_forum, make_room, make_session, make_speaker


def _snapshot(release) -> dict:
    return json.loads(release.snapshot)


def _titles(release) -> dict:
    return {s["uid"]: s["title"]["en"] for s in _snapshot(release)["sessions"]}


def _two_forums():
    event = make_event()
    forum_a, forum_b = make_forum(event), make_forum(event)
    talk_a = make_session(forum_a, title={"en": "A1"})
    talk_b = make_session(forum_b, title={"en": "B1"})
    return event, forum_a, forum_b, talk_a, talk_b


def test_forum_publish_takes_only_that_forums_changes(ctx):
    event, forum_a, forum_b, talk_a, talk_b = _two_forums()
    publish(event, None)
    update_session(talk_a, {"title": "A2"})
    update_session(talk_b, {"title": "B2"})
    release = publish(event, None, forum=forum_a)
    assert _titles(release) == {talk_a.uid: "A2", talk_b.uid: "B1"}
    assert [(e["type"], e["session"]) for e in release.changelog] == [("retitled", talk_a.uid)]


def test_forum_publish_adds_new_sessions_of_that_forum_only(ctx):
    event, forum_a, forum_b, talk_a, talk_b = _two_forums()
    publish(event, None)
    new_a = make_session(forum_a, title={"en": "A-new"})
    make_session(forum_b, title={"en": "B-new"})
    release = publish(event, None, forum=forum_a)
    assert _titles(release) == {talk_a.uid: "A1", talk_b.uid: "B1", new_a.uid: "A-new"}


def test_forum_publish_removes_sessions_deleted_from_that_forum(ctx):
    event, forum_a, forum_b, talk_a, talk_b = _two_forums()
    publish(event, None)
    uid_a = talk_a.uid
    db.session.delete(talk_a)
    db.session.delete(talk_b)
    release = publish(event, None, forum=forum_a)
    assert _titles(release) == {talk_b.uid: "B1"}
    assert [(e["type"], e["session"]) for e in release.changelog] == [("removed", uid_a)]


def test_forum_publish_keeps_shared_speakers_as_published(ctx):
    event, forum_a, forum_b, talk_a, talk_b = _two_forums()
    known, newcomer = make_speaker(event, family="Known"), make_speaker(event, family="New")
    update_session(talk_b, {"speakers": [{"speaker": known}]})
    publish(event, None)
    update_speaker(known, event, {"bio": "edited for forum B, not yet published"})
    update_session(talk_a, {"speakers": [{"speaker": known}, {"speaker": newcomer}]})
    release = publish(event, None, forum=forum_a)
    speakers = {s["id"]: s for s in _snapshot(release)["speakers"]}
    assert speakers[known.id]["bio"] is None
    assert speakers[newcomer.id]["names"][0]["family"] == "New"


def test_forum_publish_brings_a_new_room_along(ctx):
    event, forum_a, forum_b, talk_a, talk_b = _two_forums()
    publish(event, None)
    hall = make_room(event)
    update_session(talk_a, {"room": hall})
    release = publish(event, None, forum=forum_a)
    assert [r["id"] for r in _snapshot(release)["rooms"]] == [hall.id]
    assert {s["uid"]: s["room"] for s in _snapshot(release)["sessions"]} == {
        talk_a.uid: hall.id,
        talk_b.uid: None,
    }


def test_forum_publish_of_session_moved_in_keeps_it_once(ctx):
    event, forum_a, forum_b, talk_a, talk_b = _two_forums()
    publish(event, None)
    update_session(talk_b, {"forum": forum_a})
    release = publish(event, None, forum=forum_a)
    uids = [s["uid"] for s in _snapshot(release)["sessions"]]
    assert sorted(uids) == sorted([talk_a.uid, talk_b.uid])
    assert {s["uid"]: s["forum"] for s in _snapshot(release)["sessions"]}[talk_b.uid] == forum_a.id


def test_first_release_by_a_forum_holds_only_that_forum(ctx):
    event, forum_a, forum_b, talk_a, talk_b = _two_forums()
    release = publish(event, None, forum=forum_a)
    snapshot = _snapshot(release)
    assert [f["id"] for f in snapshot["forums"]] == [forum_a.id]
    assert _titles(release) == {talk_a.uid: "A1"}
    assert snapshot["event"]["slug"] == event.slug


def test_event_publish_after_forum_publish_takes_everything(ctx):
    event, forum_a, forum_b, talk_a, talk_b = _two_forums()
    publish(event, None)
    update_session(talk_b, {"title": "B2"})
    publish(event, None, forum=forum_a)
    release = publish(event, None)
    assert _titles(release) == {talk_a.uid: "A1", talk_b.uid: "B2"}
    assert [(e["type"], e["session"]) for e in release.changelog] == [("retitled", talk_b.uid)]


def test_publish_is_in_the_audit_trail(ctx):
    event, forum_a, *_ = _two_forums()
    publish(event, None, "Opening day", forum=forum_a)
    entry = db.session.query(AuditEntry).filter_by(action="published").one()
    assert (entry.object_type, entry.object_key, entry.label) == ("release", "1", "Opening day")
    assert entry.changes[0] == {"field": "forum", "before": None, "after": forum_a.slug}


def test_sessions_stay_in_time_order_after_a_forum_publish(ctx):
    event = make_event()
    forum_a, forum_b = make_forum(event), make_forum(event)
    late_b = make_session(forum_b, start=datetime(2024, 4, 29, 15, 0))
    publish(event, None)
    early_a = make_session(forum_a, start=datetime(2024, 4, 29, 8, 0))
    release = publish(event, None, forum=forum_a)
    assert [s["uid"] for s in _snapshot(release)["sessions"]] == [early_a.uid, late_b.uid]
