"""The iCalendar builder: what calendar clients read, checked with two independent parsers."""

import json
from datetime import UTC, datetime, timedelta

import pytest
import vobject

from eventsvc.agenda import ical
from eventsvc.agenda.current import agenda_for, current_release
from eventsvc.agenda.model import Agenda
from eventsvc.extensions import db
from eventsvc.releases.models import Release
from eventsvc.releases.publish import publish
from eventsvc.sessions.services import add_appearance
from tests.factories import make_event, make_forum, make_room, make_session, make_speaker
from tests.icalcheck import calendar, parse, wire_lines

OPTIONS = ical.Options(
    base_url="https://agenda.example.org", uid_host="feeds.example.org", refresh_minutes=90
)
TRICKY = "Science, diplomacy; and a back\\slash\nsecond line"
LONG_ZH = "推动开放创新，合作互利共赢：科学无国界，惠及全人类。" * 4


def _agenda(release: Release) -> Agenda:
    return Agenda.from_snapshot(
        release.id,
        release.number,
        release.digest,
        release.published_at,
        json.loads(release.snapshot),
    )


def _body(agenda: Agenda, lang: str = "en", name: str = "Feed") -> bytes:
    return ical.build(name, [ical.Part(agenda, agenda.sessions)], lang, OPTIONS)


@pytest.fixture
def tricky(ctx):
    """An event whose texts need every kind of escaping, with one session in a room."""
    event = make_event(venue={"en": "Beijing", "zh": "北京"})
    forum = make_forum(
        event,
        name={"en": "Diplomacy, Science", "zh": "科学与外交"},
        theme={"en": "Open; innovative", "zh": LONG_ZH},
    )
    room = make_room(event, name={"en": "Hall 1", "zh": "一号厅"})
    talk = make_session(
        forum,
        start=datetime(2024, 4, 29, 9, 0),
        minutes=20,
        room=room,
        kind="keynote",
        title={"en": TRICKY, "zh": LONG_ZH},
    )
    speaker = make_speaker(
        event,
        names=[
            {"script": "Latn", "family": "Chen", "given": "Jiachang", "family_first": True},
            {"script": "Hans", "family": "陈", "given": "家昌", "family_first": True},
        ],
    )
    add_appearance(
        talk,
        speaker,
        role="keynote",
        title={"en": "Vice Minister", "zh": "副部长"},
        affiliation={"en": "Ministry of Science, Technology", "zh": "科学技术部"},
    )
    release = publish(event, None)
    db.session.commit()
    return _agenda(release), talk.uid


def test_uid_is_the_session_uid_at_the_configured_host(tricky):
    agenda, uid = tricky
    assert list(parse(_body(agenda))) == [f"{uid}@feeds.example.org"]


def test_text_with_commas_semicolons_backslashes_and_newlines_round_trips(tricky):
    agenda, uid = tricky
    body = _body(agenda)
    event = parse(body)[f"{uid}@feeds.example.org"]
    assert event["summary"] == TRICKY
    assert b"SUMMARY:Science\\, diplomacy\\; and a back\\\\slash\\nsecond line\r\n" in body
    assert event["categories"] == ["Diplomacy, Science"]
    assert event["location"] == "Hall 1, Beijing"


def test_chinese_text_round_trips_through_folded_lines(tricky):
    agenda, uid = tricky
    body = _body(agenda, "zh")
    event = parse(body)[f"{uid}@feeds.example.org"]
    assert event["summary"] == LONG_ZH
    assert f"主题: {LONG_ZH}" in event["description"]
    assert len(LONG_ZH.encode()) > 300  # long enough that folding must fall inside Chinese text


def test_lines_end_with_crlf_and_fold_at_75_octets_between_characters(tricky):
    agenda, _uid = tricky
    lines = wire_lines(_body(agenda, "zh"))
    folded = [line for line in lines if line.startswith(b" ")]
    assert len(folded) >= 5
    assert max(len(line) for line in lines) <= 75


def test_local_times_carry_the_event_zone(tricky):
    agenda, uid = tricky
    body = _body(agenda)
    event = parse(body)[f"{uid}@feeds.example.org"]
    assert event["tzid"] == "Asia/Shanghai"
    assert (event["start"].strftime("%Y-%m-%d %H:%M"), event["start"].utcoffset()) == (
        "2024-04-29 09:00",
        timedelta(hours=8),
    )
    assert event["end"].strftime("%H:%M") == "09:20"
    assert b"DTSTART;TZID=Asia/Shanghai:20240429T090000\r\n" in body


def test_demo_opening_is_at_nine_in_shanghai(app, demo):
    with app.app_context():
        agenda = agenda_for(current_release(demo))
    events = parse(_body(agenda))
    opening = events["6f1c2a0e-5b1d-4c55-9a57-1b0c6b1e0001@feeds.example.org"]
    assert opening["summary"] == "Opening speech"
    assert opening["start"].isoformat() == "2024-04-29T09:00:00+08:00"
    assert opening["start"].astimezone(UTC).isoformat() == "2024-04-29T01:00:00+00:00"


def test_vtimezone_covers_the_event_dates_without_old_daylight_saving(tricky):
    agenda, _uid = tricky
    (zone,) = calendar(_body(agenda)).walk("VTIMEZONE")
    assert str(zone["TZID"]) == "Asia/Shanghai"
    assert [c.name for c in zone.subcomponents] == ["STANDARD"]
    assert zone.subcomponents[0].decoded("DTSTART") == datetime(2024, 4, 25)
    assert b"1986" not in _body(agenda) and b"DAYLIGHT" not in _body(agenda)


def test_calendar_properties_name_the_feed_and_its_refresh(tricky):
    agenda, _uid = tricky
    body = _body(agenda, name="Forum, Science; Diplomacy")
    cal = calendar(body)
    assert (str(cal["PRODID"]), str(cal["VERSION"]), str(cal["CALSCALE"]), str(cal["METHOD"])) == (
        ical.PRODID,
        "2.0",
        "GREGORIAN",
        "PUBLISH",
    )
    other = vobject.readOne(body.decode())
    assert (
        other.contents["name"][0].value == other.x_wr_calname.value == "Forum, Science; Diplomacy"
    )
    assert b"X-WR-CALNAME:Forum\\, Science\\; Diplomacy\r\n" in body
    assert str(cal["X-WR-TIMEZONE"]) == "Asia/Shanghai"
    assert b"REFRESH-INTERVAL;VALUE=DURATION:PT1H30M\r\n" in body
    assert b"X-PUBLISHED-TTL;VALUE=DURATION:PT1H30M\r\n" in body


def test_description_gives_kind_speakers_forum_theme_and_page(tricky):
    agenda, uid = tricky
    event = parse(_body(agenda))[f"{uid}@feeds.example.org"]
    url = f"https://agenda.example.org/events/{agenda.slug}/sessions/{uid}"
    assert event["description"] == "\n".join(
        [
            "Keynote",
            "",
            "Speakers:",
            "- Chen Jiachang (keynote speaker), Vice Minister, Ministry of Science, Technology",
            "",
            "Forum: Diplomacy, Science",
            "Theme: Open; innovative",
            "",
            url,
        ]
    )
    assert event["url"] == url


def test_description_in_chinese_uses_chinese_names(tricky):
    agenda, uid = tricky
    event = parse(_body(agenda, "zh"))[f"{uid}@feeds.example.org"]
    assert "- 陈家昌（主旨演讲嘉宾），科学技术部副部长" in event["description"].split("\n")


def test_revision_and_changed_at_become_sequence_dtstamp_and_last_modified(tricky):
    agenda, uid = tricky
    talk = agenda.sessions_by_uid[uid]
    event = parse(_body(agenda))[f"{uid}@feeds.example.org"]
    assert (event["sequence"], event["dtstamp"], event["last_modified"], event["status"]) == (
        0,
        talk.changed_at,
        talk.changed_at,
        "CONFIRMED",
    )


def test_same_release_gives_the_same_bytes(tricky):
    agenda, _uid = tricky
    assert _body(agenda) == _body(agenda)
