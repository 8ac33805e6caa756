"""Importing pretalx and frab schedule files: mapping, re-import, dry run, round trip."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from eventsvc.events.models import Event, Forum, Room
from eventsvc.extensions import db
from eventsvc.interchange.import_ import import_schedule, import_schedule_as_new_event
from eventsvc.interchange.models import ImportedKey
from eventsvc.releases.publish import publish
from eventsvc.sessions.models import SessionKind, Talk
from eventsvc.speakers.models import Speaker
from tests.factories import make_event, make_speaker

from .helpers import as_json_bytes, comparable, file_bytes, json_events, published_event


def _sessions(event) -> list[tuple]:
    talks = db.session.scalars(
        select(Talk).where(Talk.event_id == event.id).order_by(Talk.start_at)
    ).all()
    return [
        (
            t.uid,
            t.title,
            t.start_at,
            t.end_at,
            t.room.name,
            t.forum.name,
            t.kind,
            t.language,
            [a.speaker.names[0].given + "|" + a.speaker.names[0].family for a in t.appearances],
        )
        for t in talks
    ]


def _count(model, event) -> int:
    return db.session.scalar(
        select(func.count()).select_from(model).where(model.event_id == event.id)
    )


UTC = UTC
PRETALX_SESSIONS = [
    (
        "0b6cf2a4-6a53-5e0c-8a0e-2d6b0e3b8c11",
        {"en": "Opening the lab"},
        datetime(2024, 9, 14, 8, 0, tzinfo=UTC),
        datetime(2024, 9, 14, 8, 45, tzinfo=UTC),
        {"en": "Main Stage"},
        {"en": "Open Science"},
        SessionKind.SPEECH,
        "en",
        ["Ada|Lovelace"],
    ),
    (
        "0b6cf2a4-6a53-5e0c-8a0e-2d6b0e3b8c12",
        {"en": "Science diplomacy panel"},
        datetime(2024, 9, 14, 9, 0, tzinfo=UTC),
        datetime(2024, 9, 14, 10, 0, tzinfo=UTC),
        {"en": "Main Stage"},
        {"en": "Policy"},
        SessionKind.PANEL,
        "en",
        ["Ada|Lovelace", "家昌|陈"],
    ),
    (
        "0b6cf2a4-6a53-5e0c-8a0e-2d6b0e3b8c13",
        {"en": "Reproducible builds, hands-on"},
        datetime(2024, 9, 14, 12, 0, tzinfo=UTC),
        datetime(2024, 9, 14, 13, 30, tzinfo=UTC),
        {"en": "Workshop Room"},
        {"en": "General"},
        SessionKind.OTHER,
        "de",
        ["Grace Brewster|Hopper"],
    ),
    (
        "0b6cf2a4-6a53-5e0c-8a0e-2d6b0e3b8c14",
        {"en": "Late-night lightning talks"},
        datetime(2024, 9, 15, 22, 30, tzinfo=UTC),
        datetime(2024, 9, 15, 23, 0, tzinfo=UTC),
        {"en": "Main Stage"},
        {"en": "Open Science"},
        SessionKind.SPEECH,
        "en",
        [],
    ),
]


@pytest.mark.parametrize("name", ["pretalx-schedule.json", "pretalx-schedule.xml"])
def test_import_pretalx_file_creates_forums_rooms_speakers_sessions(ctx, name):
    event = make_event(start_date="2024-09-14", end_date="2024-09-15")
    report = import_schedule(event, file_bytes(name), name)
    db.session.commit()
    assert report.created == {"forums": 3, "rooms": 2, "speakers": 3, "sessions": 4}
    assert _sessions(event) == PRETALX_SESSIONS
    assert [f.name for f in event.forums] == [
        {"en": "Open Science"},
        {"en": "Policy"},
        {"en": "General"},
    ]
    # The session at 00:30 on the 16th (pretalx's second day) widens the event's dates.
    assert (event.start_date.isoformat(), event.end_date.isoformat()) == (
        "2024-09-14",
        "2024-09-16",
    )


def test_import_pretalx_json_keeps_abstract_and_description_apart(ctx):
    event = make_event()
    import_schedule(event, file_bytes("pretalx-schedule.json"), "schedule.json")
    talk = db.session.scalar(select(Talk).where(Talk.uid == PRETALX_SESSIONS[0][0]))
    assert (talk.description, talk.details) == (
        {"en": "Why labs publish their notebooks."},
        {"en": "A longer account of open notebooks & their <critics>."},
    )


def test_import_pretalx_json_names_chinese_speaker_family_first(ctx):
    event = make_event()
    import_schedule(event, file_bytes("pretalx-schedule.json"), "schedule.json")
    speaker = db.session.scalar(
        select(Speaker)
        .join(Speaker.names)
        .where(Speaker.event_id == event.id, Speaker.names.any(script="Hans"))
    )
    assert [(n.script, n.family, n.given, n.family_first) for n in speaker.names] == [
        ("Hans", "陈", "家昌", True)
    ]
    assert speaker.slug == "chen-jiachang"


@pytest.mark.parametrize("name", ["frab-schedule.xml", "frab-schedule.json"])
def test_import_frab_file_keeps_persons_with_distinct_ids_apart(ctx, name):
    event = make_event(timezone="Europe/Berlin", start_date="2023-03-15", end_date="2023-03-16")
    report = import_schedule(event, file_bytes(name), name, language="de")
    db.session.commit()
    assert report.created == {"forums": 3, "rooms": 2, "speakers": 3, "sessions": 3}
    rows = [(t[1]["de"], t[2].isoformat(), t[4], t[5], t[6], t[8]) for t in _sessions(event)]
    assert rows == [
        (
            "Eröffnung",
            "2023-03-15T08:00:00+00:00",
            {"de": "Hörsaal 1"},
            {"de": "Hauptprogramm"},
            SessionKind.SPEECH,
            ["Jörg|Müller", "Anna|Schmidt"],
        ),
        (
            "OpenStreetMap in der Verwaltung",
            "2023-03-15T08:30:00+00:00",
            {"de": "Hörsaal 1"},
            {"de": "OpenStreetMap"},
            SessionKind.SPEECH,
            ["Anna|Schmidt"],
        ),
        (
            "QGIS Workshop",
            "2023-03-16T12:00:00+00:00",
            {"de": "Hörsaal 2"},
            {"de": "Workshops"},
            SessionKind.OTHER,
            ["Jörg|Müller"],
        ),
    ]
    # Two persons named Jörg Müller with ids 4411 and 4413: frab says they are two people.
    assert sorted(db.session.scalars(select(Speaker.slug).where(Speaker.event_id == event.id))) == [
        "anna-schmidt",
        "jorg-muller",
        "jorg-muller-2",
    ]
    assert "de" in event.languages


def test_import_frab_subtitle_is_kept_apart_from_the_abstract(ctx):
    event = make_event(start_date="2023-03-15", end_date="2023-03-16")
    import_schedule(event, file_bytes("frab-schedule.xml"), "schedule.xml")
    talk = db.session.scalar(select(Talk).where(Talk.uid == "b2d1f9e6-3a6c-4f0e-9d5a-1c2b3d4e5f61"))
    assert (talk.subtitle, talk.description) == (
        {"en": "Grußworte"},
        {"en": "Begrüßung durch die Veranstalter."},
    )


def test_reimport_of_the_same_file_changes_nothing(ctx):
    event = make_event()
    import_schedule(event, file_bytes("pretalx-schedule.json"), "schedule.json")
    db.session.commit()
    before = (_sessions(event), _count(Speaker, event), _count(Forum, event), _count(Room, event))
    report = import_schedule(event, file_bytes("pretalx-schedule.json"), "schedule.json")
    db.session.commit()
    assert (report.created, report.updated, report.unchanged) == (
        {"forums": 0, "rooms": 0, "speakers": 0, "sessions": 0},
        {"sessions": 0},
        {"sessions": 4},
    )
    assert (
        _sessions(event),
        _count(Speaker, event),
        _count(Forum, event),
        _count(Room, event),
    ) == before


def test_reimport_of_a_changed_file_updates_instead_of_duplicating(ctx):
    event = make_event()
    import_schedule(event, file_bytes("pretalx-schedule.xml"), "schedule.xml")
    db.session.commit()
    changed = (
        file_bytes("pretalx-schedule.xml")
        .replace(b"<title>Opening the lab</title>", b"<title>Opening the lab, again</title>")
        .replace(
            b"<date>2024-09-14T11:00:00+02:00</date>", b"<date>2024-09-14T11:30:00+02:00</date>"
        )
        .replace(b"<person id='7'>Ada Lovelace</person><person id='8'>", b"<person id='8'>")
    )
    report = import_schedule(event, changed, "schedule.xml")
    db.session.commit()
    assert (report.created["sessions"], report.updated, report.unchanged) == (
        0,
        {"sessions": 2},
        {"sessions": 2},
    )
    sessions = _sessions(event)
    assert len(sessions) == 4
    assert sessions[0][1] == {"en": "Opening the lab, again"}
    assert (sessions[1][2], sessions[1][8]) == (
        datetime(2024, 9, 14, 9, 30, tzinfo=UTC),
        ["家昌|陈"],
    )


def test_reimport_keeps_texts_in_other_languages(ctx):
    event = make_event()
    import_schedule(event, file_bytes("pretalx-schedule.json"), "schedule.json")
    talk = db.session.scalar(select(Talk).where(Talk.uid == PRETALX_SESSIONS[0][0]))
    talk.title = {"en": "Opening the lab", "zh": "开放实验室"}
    db.session.commit()
    report = import_schedule(event, file_bytes("pretalx-schedule.json"), "schedule.json")
    assert report.unchanged == {"sessions": 4}
    assert talk.title == {"en": "Opening the lab", "zh": "开放实验室"}


def test_import_matches_existing_speaker_by_name_then_by_recorded_id(ctx):
    event = make_event()
    ada = make_speaker(event, family="Lovelace", given="Ada")
    report = import_schedule(event, file_bytes("pretalx-schedule.json"), "schedule.json")
    db.session.commit()
    assert report.created["speakers"] == 2
    key = db.session.scalar(select(ImportedKey).where(ImportedKey.speaker_id == ada.id))
    assert key.key == "guid:5d2c0b3e-1f4a-5b6c-8d7e-9f0a1b2c3d41"
    # Renamed in the file: still the same person, found by the id recorded the first time.
    renamed = file_bytes("pretalx-schedule.json").replace(b'"Ada Lovelace"', b'"Augusta Ada King"')
    report = import_schedule(event, renamed, "schedule.json")
    assert report.created["speakers"] == 0
    assert _count(Speaker, event) == 3


def test_import_dry_run_reports_and_writes_nothing(ctx, count_queries):
    event = make_event()
    db.session.commit()
    with count_queries() as queries:
        report = import_schedule(
            event, file_bytes("pretalx-schedule.json"), "schedule.json", dry_run=True
        )
        db.session.flush()
    assert report.created == {"forums": 3, "rooms": 2, "speakers": 3, "sessions": 4}
    assert report.dry_run is True
    assert [q.split()[0] for q in queries.statements] == ["SELECT"] * len(queries.statements)
    db.session.rollback()
    assert [_count(m, event) for m in (Talk, Speaker, Forum, Room, ImportedKey)] == [0, 0, 0, 0, 0]


def test_import_as_new_event_takes_the_conference(ctx):
    report = import_schedule_as_new_event(
        "fossgis", file_bytes("frab-schedule.json"), "schedule.json", language="de"
    )
    db.session.commit()
    event = db.session.scalar(select(Event).where(Event.slug == "fossgis"))
    assert report.event_created is True
    assert (
        event.name,
        event.timezone,
        event.default_language,
        event.start_date.isoformat(),
        event.end_date.isoformat(),
    ) == ({"de": "FOSSGIS-Konferenz 2023"}, "Europe/Berlin", "de", "2023-03-15", "2023-03-16")
    assert _count(Talk, event) == 3


def test_import_as_new_event_dry_run_creates_no_event(ctx):
    report = import_schedule_as_new_event(
        "fossgis", file_bytes("frab-schedule.json"), "schedule.json", dry_run=True
    )
    assert (report.event, report.event_created, report.created["sessions"]) == ("fossgis", True, 3)
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(Event)) == 0


def test_round_trip_export_import_export_keeps_the_agenda(app, client):
    slug = published_event(app, forums=2, rooms=2, per_forum=3)
    original = client.get(f"/events/{slug}/schedule.json").get_json()
    with app.app_context():
        import_schedule_as_new_event(
            "copy", as_json_bytes(original), "schedule.json", new_guids=True
        )
        copy = db.session.scalar(select(Event).where(Event.slug == "copy"))
        publish(copy, actor=None, comment="imported")
        db.session.commit()
    again = client.get("/events/copy/schedule.json").get_json()
    assert comparable(again) == comparable(original)
    assert len(json_events(again)) == 6
    conference, conference_again = (
        original["schedule"]["conference"],
        again["schedule"]["conference"],
    )
    assert [r["name"] for r in conference_again["rooms"]] == [
        r["name"] for r in conference["rooms"]
    ]
    assert [t["name"] for t in conference_again["tracks"]] == [
        t["name"] for t in conference["tracks"]
    ]


def test_round_trip_into_the_same_event_updates_nothing(app, client, demo):
    document = client.get(f"/events/{demo}/schedule.json").get_json()
    with app.app_context():
        event = db.session.scalar(select(Event).where(Event.slug == demo))
        report = import_schedule(event, json.dumps(document).encode(), "schedule.json")
        assert report.created == {"forums": 0, "rooms": 0, "speakers": 0, "sessions": 0}
        assert report.unchanged == {"sessions": 4}


def test_restored_backup_still_recognises_a_reimported_file(app):
    from eventsvc.backup.export import export_event
    from eventsvc.backup.restore import restore
    from tests.conftest import empty_tables

    with app.app_context():
        frab_days = {"start_date": "2023-03-15", "end_date": "2023-03-16"}
        import_schedule(make_event(**frab_days), file_bytes("frab-schedule.xml"), "schedule.xml")
        # The guids are taken by the first event, so only the recorded keys can find these sessions.
        event = make_event(**frab_days)
        import_schedule(event, file_bytes("frab-schedule.xml"), "schedule.xml", new_guids=True)
        db.session.commit()
        document = export_event(event.slug)
    empty_tables(app)
    with app.app_context():
        restore(document)
        db.session.commit()
        event = db.session.scalar(select(Event))
        renamed = file_bytes("frab-schedule.json").replace(b"Anna Schmidt", b"Anna Schmidt-Meier")
        report = import_schedule(event, renamed, "schedule.json")
        assert (report.created, report.unchanged) == (
            {"forums": 0, "rooms": 0, "speakers": 0, "sessions": 0},
            {"sessions": 3},
        )
