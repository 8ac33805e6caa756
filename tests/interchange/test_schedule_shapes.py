"""Acceptance for schedule files in their wild shapes: version 2, no time zone, recording
opt-outs, a double-booked speaker; each imported, published and exported again."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from lxml import etree
from sqlalchemy import func, select

from eventsvc.errors import ValidationError
from eventsvc.events.models import Event, Forum, Room
from eventsvc.extensions import db
from eventsvc.interchange.import_ import import_schedule_as_new_event
from eventsvc.releases.models import Release
from eventsvc.releases.publish import publish
from eventsvc.sessions.conflicts import blocking_conflicts
from eventsvc.sessions.models import SessionKind, Talk
from eventsvc.speakers.models import Speaker
from tests.conftest import empty_tables

from .helpers import FILES, file_bytes, json_events, xml_events

V2 = "c3voc-v2-schedule.json"
NO_ZONE = "no-timezone-schedule.json"
OLD_FRAB = "frab-2015-guids.xml"
CLASH = "double-booked.xml"


def _new_event(name: str, slug: str = "wild", **options) -> tuple[Event, object]:
    report = import_schedule_as_new_event(slug, file_bytes(name), name, **options)
    return db.session.scalar(select(Event).where(Event.slug == slug)), report


def _count(model, event) -> int:
    return db.session.scalar(
        select(func.count()).select_from(model).where(model.event_id == event.id)
    )


def _talk(uid: str) -> Talk:
    return db.session.scalar(select(Talk).where(Talk.uid == uid))


def _cast(talk: Talk) -> list[tuple[str, str]]:
    return [(a.speaker.slug, a.role.value) for a in talk.appearances]


# -- version 2 -------------------------------------------------------------------------------


def test_v2_file_creates_its_rooms_tracks_persons_and_events(ctx):
    event, report = _new_event(V2)
    # The break has no track: it goes to the forum "General", as in version 1 files.
    assert report.created == {"forums": 3, "rooms": 2, "speakers": 4, "sessions": 4}
    assert [_count(m, event) for m in (Forum, Room, Speaker, Talk)] == [3, 2, 4, 4]
    assert (event.name, event.timezone) == ({"en": "Hub Congress 2024"}, "Europe/Berlin")


def test_v2_workshop_fields_arrive(ctx):
    _new_event(V2)
    talk = _talk("e1a2b3c4-0000-4000-8000-000000000002")
    assert (
        talk.title,
        talk.start_at,
        talk.end_at,
        talk.room.name,
        talk.forum.name,
        talk.kind,
        talk.type_name,
        talk.language,
        talk.origin_url,
        _cast(talk),
    ) == (
        {"en": "Löten für Anfänger"},
        datetime(2024, 12, 27, 13, 0, tzinfo=UTC),
        datetime(2024, 12, 27, 15, 0, tzinfo=UTC),
        {"en": "Werkstatt"},
        {"en": "Making"},
        SessionKind.OTHER,
        "WORKSHOP",
        "de",
        "https://hub.example.org/event/solder/",
        [("pia-sommer", "speaker"), ("jonas-berg", "host")],
    )


def test_v2_talk_keeps_subtitle_texts_and_links(ctx):
    _new_event(V2)
    talk = _talk("e1a2b3c4-0000-4000-8000-000000000001")
    assert (talk.subtitle, talk.description, talk.details, talk.links, talk.kind) == (
        {"en": "Ten years later"},
        {"en": "Why exceptional access is still a bad idea."},
        {"en": "A longer look at the proposals since 2015."},
        [{"url": "https://hub.example.org/slides/keys.pdf", "title": "Slides", "type": "slides"}],
        SessionKind.SPEECH,
    )


def test_v2_panel_roles_and_break_arrive(ctx):
    _new_event(V2)
    panel = _talk("e1a2b3c4-0000-4000-8000-000000000003")
    pause = _talk("e1a2b3c4-0000-4000-8000-000000000004")
    assert (panel.kind, _cast(panel)) == (
        SessionKind.DIALOGUE,
        [("ruth-adler", "moderator"), ("li-ming", "speaker")],
    )
    assert (pause.kind, pause.title, pause.appearances) == (
        SessionKind.BREAK,
        {"en": "Mittagspause"},
        [],
    )


# -- no time zone ----------------------------------------------------------------------------


def test_file_without_zone_takes_the_fixed_zone_of_its_offsets(ctx):
    event, report = _new_event(NO_ZONE)
    assert event.timezone == "Etc/GMT-1"
    assert report.notes[0] == (
        "no time zone in the file: its dates are all at +01:00, so the fixed zone Etc/GMT-1 "
        "(UTC+01:00) is used; name the region with --timezone"
    )


def test_file_without_zone_keeps_its_local_times(ctx):
    event, _ = _new_event(NO_ZONE)
    late = _talk("c1000000-0000-4000-8000-000000000002")
    assert late.start_at.astimezone(event.zone).isoformat() == "2025-01-18T23:30:00+01:00"
    assert late.end_at.astimezone(event.zone).isoformat() == "2025-01-19T00:15:00+01:00"


def test_file_without_zone_and_differing_offsets_asks_for_timezone(ctx):
    data = file_bytes(NO_ZONE).replace(b"2025-01-18T10:00:00+01:00", b"2025-01-18T10:00:00+02:00")
    with pytest.raises(ValidationError) as caught:
        import_schedule_as_new_event("wild", data, NO_ZONE)
    assert caught.value.message == (
        "conference time_zone_name: missing, and the dates have different offsets "
        "(+01:00, +02:00): give the zone with --timezone (for example Europe/Berlin)"
    )


def test_file_without_zone_with_timezone_option_takes_that_zone(ctx):
    data = file_bytes(NO_ZONE).replace(b"2025-01-18T10:00:00+01:00", b"2025-01-18T10:00:00+02:00")
    import_schedule_as_new_event("wild", data, NO_ZONE, timezone="Europe/Berlin")
    event = db.session.scalar(select(Event).where(Event.slug == "wild"))
    assert (event.timezone, _count(Talk, event)) == ("Europe/Berlin", 3)


# -- recording opt-outs ----------------------------------------------------------------------


def _published(name: str) -> str:
    event, _ = _new_event(name)
    keys = [c.key for c in blocking_conflicts(event)]
    publish(event, None, "imported", accept_conflicts=keys, accept_reason="as published")
    db.session.commit()
    return event.slug


@pytest.mark.parametrize("name", [OLD_FRAB, NO_ZONE, CLASH])
def test_recording_opt_outs_survive_import_publish_export(app, client, name):
    with app.app_context():
        slug = _published(name)
        wanted = {
            t.uid: t.do_not_record
            for t in db.session.scalars(
                select(Talk).join(Event, Event.id == Talk.event_id).where(Event.slug == slug)
            )
        }
    assert sorted(wanted.values()).count(True) == (1 if name != NO_ZONE else 2)
    document = client.get(f"/events/{slug}/schedule.json").get_json()
    assert {e["guid"]: e["do_not_record"] for e in json_events(document)} == wanted
    root = etree.fromstring(client.get(f"/events/{slug}/schedule.xml").data)
    assert {
        e.get("guid"): e.findtext("recording/optout") == "true"
        for e in root.iterfind("day/room/event")
    } == wanted


def test_recording_opt_out_is_shown_to_organizers(app, client):
    from tests.factories import make_user
    from tests.web.manage.helpers import sign_in

    with app.app_context():
        event, _ = _new_event(CLASH)
        user_id = make_user(role="organizer", event=event).id
        db.session.commit()
    sign_in(client, user_id)
    page = client.get("/manage/events/wild/sessions/d0000000-0000-4000-8000-000000000002/edit")
    assert page.status_code == 200
    assert "The speakers asked not to be recorded" in page.get_data(as_text=True)


# -- a double-booked speaker -----------------------------------------------------------------


def test_double_booked_speaker_is_named_in_the_import_report(app):
    result = app.test_cli_runner().invoke(
        args=["import-schedule", str(FILES / CLASH), "--event", "clash"]
    )
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    start = lines.index(
        "  conflicts that block publishing: 1 (fix them, or publish with --accept-conflicts REASON)"
    )
    assert lines[start + 1] == (
        "    - speaker Nora Falk is in two places: 'Keynote' (2025-05-06 10:00-11:00) "
        "and 'Recorded interview' (2025-05-06 10:30-11:00)"
    )


def test_double_booked_file_publishes_with_accept_conflicts(app, client):
    runner = app.test_cli_runner()
    runner.invoke(args=["import-schedule", str(FILES / CLASH), "--event", "clash"])
    refused = runner.invoke(args=["publish", "clash"])
    accepted = runner.invoke(args=["publish", "clash", "--accept-conflicts", "a recording"])
    assert (refused.exit_code, accepted.exit_code) == (1, 0), accepted.output
    document = client.get("/events/clash/schedule.json").get_json()
    assert sorted(e["title"] for e in json_events(document)) == ["Keynote", "Recorded interview"]
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Release)) == 1


# -- round trips -----------------------------------------------------------------------------

# Our own ids (a session's number, its slug's, a person's) are the database's: a fresh
# database numbers them anew. The README lists them with the fields a format cannot carry.
_OURS = ("id", "slug")


def _json_without_ids(document: dict) -> dict:
    def strip(value):
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items() if k not in _OURS}
        if isinstance(value, list):
            return [strip(v) for v in value]
        return value

    return strip(document)


def _xml_without_ids(body: bytes) -> list[dict]:
    return [{k: v for k, v in e.items() if k not in _OURS} for e in xml_events(body)]


_EXPORTS = {
    "schedule.json": _json_without_ids,
    "schedule-v2.json": _json_without_ids,
    "schedule.xml": _xml_without_ids,
}


def _export(client, path: str):
    response = client.get(f"/events/wild/{path}")
    assert response.status_code == 200
    return response.get_json() if path.endswith(".json") else response.data


@pytest.mark.parametrize(
    ("name", "path"),
    [
        (OLD_FRAB, "schedule.xml"),
        (V2, "schedule-v2.json"),
        (NO_ZONE, "schedule.json"),
        (CLASH, "schedule.xml"),
        (OLD_FRAB, "schedule.json"),
        (V2, "schedule.json"),
    ],
)
def test_round_trip_through_a_fresh_database_gives_the_same_export(app, client, name, path):
    with app.app_context():
        _published(name)
    first = _export(client, path)
    empty_tables(app)
    with app.app_context():
        body = json.dumps(first).encode() if path.endswith(".json") else first
        import_schedule_as_new_event("wild", body, path)
        event = db.session.scalar(select(Event).where(Event.slug == "wild"))
        keys = [c.key for c in blocking_conflicts(event)]
        publish(event, None, "again", accept_conflicts=keys, accept_reason="as published")
        db.session.commit()
    second = _export(client, path)
    normalize = _EXPORTS[path]
    assert normalize(second) == normalize(first)
