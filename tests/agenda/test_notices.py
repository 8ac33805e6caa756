"""Notices of changes: a release that moves a session tells its speakers, through real SMTP."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from icalendar import Calendar
from sqlalchemy import func, select

from eventsvc.agenda import notices
from eventsvc.db import utcnow
from eventsvc.extensions import db
from eventsvc.mail import deliver_pending
from eventsvc.mail.models import MailStatus, OutgoingMessage
from eventsvc.releases.models import Release
from eventsvc.releases.publish import publish
from eventsvc.sessions.models import AppearanceRole
from eventsvc.sessions.services import add_appearance, update_session
from tests.factories import make_event, make_forum, make_room, make_session, make_speaker

START = datetime(2024, 4, 29, 1, 0, tzinfo=UTC)  # 09:00 in Beijing


@pytest.fixture
def moved(ctx):
    """A published session with 陈家昌 (with an email) and Anna Schmidt (without), then moved
    an hour later into another room in the working agenda: the next publish tells them."""
    event = make_event()
    forum = make_forum(event)
    hall = make_room(event, name={"en": "Hall", "zh": "主会场"})
    annex = make_room(event, name={"en": "Annex", "zh": "副会场"})
    talk = make_session(forum, start=START, room=hall, title={"en": "Opening", "zh": "开幕式"})
    chen = make_speaker(
        event,
        names=[
            {"script": "Latn", "family": "Chen", "given": "Jiachang", "family_first": True},
            {"script": "Hans", "family": "陈", "given": "家昌", "family_first": True},
        ],
        email="chen@example.org",
    )
    add_appearance(talk, chen)
    add_appearance(talk, make_speaker(event, family="Schmidt", given="Anna"))
    publish(event, None)
    db.session.commit()
    later = START + timedelta(hours=1)
    update_session(talk, {"start": later, "end": later + timedelta(minutes=30), "room": annex})
    return {"event": event, "uid": talk.uid}


def _publish(moved) -> None:
    publish(moved["event"], None)
    db.session.commit()


def _ics(message) -> Calendar:
    [part] = [p for p in message.iter_attachments() if p.get_content_type() == "text/calendar"]
    return Calendar.from_ical(part.get_content())


def test_moved_session_sends_one_message_to_the_speaker_with_email(moved, smtp_server):
    _publish(moved)
    assert [m["To"] for m in smtp_server.messages] == ["chen@example.org"]


def test_notice_is_in_the_speakers_language_and_says_what_changed(moved, smtp_server):
    _publish(moved)
    [message] = smtp_server.messages
    lines = message.get_body(("plain",)).get_content().splitlines()
    assert message["Subject"] == f"{moved['event'].name['zh']}：您参加的日程有变动"
    assert lines[:1] + lines[4:7] == [
        "陈家昌，您好：",
        "开幕式",
        "- 时间：2024-04-29 09:00–09:30 → 2024-04-29 10:00–10:30",
        "- 会场：主会场 → 副会场",
    ]
    assert lines[-1] == "附件中的日历文件会更新您日历中的这些议程。时间均为北京时间。"


def test_notice_attachment_carries_the_feeds_uid_and_sequence(moved, smtp_server, client):
    _publish(moved)
    [message] = smtp_server.messages
    [attached] = _ics(message).walk("VEVENT")
    feed = client.get(f"/events/{moved['event'].slug}/sessions/{moved['uid']}.ics")
    [published] = Calendar.from_ical(feed.data).walk("VEVENT")
    assert (str(attached["UID"]), attached["SEQUENCE"]) == (
        str(published["UID"]),
        published["SEQUENCE"],
    )
    assert (str(attached["UID"]), attached["SEQUENCE"]) == (f"{moved['uid']}@eventsvc.local", 1)


def test_publish_with_smtp_down_succeeds_and_the_notice_goes_out_later(moved, smtp_server):
    smtp_server.stop()
    _publish(moved)
    releases = db.session.scalar(select(func.count()).select_from(Release))
    pending = db.session.scalars(select(OutgoingMessage.status)).all()
    assert (releases, pending, smtp_server.messages) == (2, [MailStatus.PENDING], [])
    smtp_server.start()
    deliver_pending(now=utcnow() + timedelta(hours=2))
    assert [m["To"] for m in smtp_server.messages] == ["chen@example.org"]


def test_release_changing_nothing_for_speakers_sends_nothing(ctx, smtp_server):
    event = make_event()
    talk = make_session(make_forum(event), start=START)
    add_appearance(talk, make_speaker(event, email="a@example.org"))
    publish(event, None)
    db.session.commit()
    update_session(talk, {"description": {"en": "More words"}})
    publish(event, None)
    db.session.commit()
    assert smtp_server.messages == []


def test_role_change_tells_only_that_speaker_in_english(ctx, smtp_server):
    event = make_event()
    talk = make_session(make_forum(event), start=START, title={"en": "Panel"})
    ann = make_speaker(event, family="Wu", given="Ann", email="ann@example.org")
    make_other = make_speaker(event, family="Li", given="Bo", email="bo@example.org")
    appearance = add_appearance(talk, ann)
    add_appearance(talk, make_other)
    publish(event, None)
    db.session.commit()
    appearance.role = AppearanceRole.MODERATOR
    publish(event, None)
    db.session.commit()
    [message] = smtp_server.messages
    lines = message.get_body(("plain",)).get_content().splitlines()
    assert (message["To"], lines[4:6]) == (
        "ann@example.org",
        ["Panel", "- Your role: speaker → moderator"],
    )


def test_publish_succeeds_when_a_notice_cannot_be_written(moved, smtp_server, monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise RuntimeError("no template")

    monkeypatch.setattr(notices, "compose", broken)
    _publish(moved)
    releases = db.session.scalar(select(func.count()).select_from(Release))
    logged = [r.getMessage() for r in caplog.records if r.name == "eventsvc.notices"]
    assert (releases, smtp_server.messages, logged) == (
        2,
        [],
        ["speaker notices of release 2 not queued"],
    )
