"""Bad schedule files are refused with a clear message, and nothing is written."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from eventsvc.errors import ValidationError
from eventsvc.events.models import Forum, Room
from eventsvc.extensions import db
from eventsvc.interchange.import_ import import_schedule
from eventsvc.interchange.models import ImportedKey
from eventsvc.sessions.models import Talk
from eventsvc.speakers.models import Speaker
from tests.factories import make_event

from .helpers import file_bytes

PRETALX_XML = file_bytes("pretalx-schedule.xml")
PRETALX_JSON = file_bytes("pretalx-schedule.json")
FRAB_JSON = file_bytes("frab-schedule.json")

XXE = b"""<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE schedule [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<schedule><version>1</version><conference><title>&secret;</title></conference>
<day index="1" date="2024-09-14" start="2024-09-14T04:00:00+02:00" end="2024-09-15T03:59:00+02:00">
<room name="A"><event guid="0b6cf2a4-6a53-5e0c-8a0e-2d6b0e3b8c11" id="1"><title>&secret;</title>
<date>2024-09-14T10:00:00+02:00</date><duration>00:30</duration><room>A</room></event></room></day></schedule>
"""

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<schedule><conference><title>&lol9;</title></conference></schedule>
"""

LATIN1_JSON = FRAB_JSON.decode().encode("latin-1")
LATIN1_XML = file_bytes("frab-schedule.xml").decode().encode("latin-1")
# The first byte that is not UTF-8 is the first "ö" of "Hörsaal", written in Latin-1.
O_UMLAUT = "ö".encode("latin-1")

CASES = {
    "latin-1 json": (
        LATIN1_JSON,
        "schedule.json",
        f"the file is not UTF-8 text (byte {LATIN1_JSON.index(O_UMLAUT)}): "
        "pretalx and frab write UTF-8",
    ),
    "latin-1 xml": (
        LATIN1_XML,
        "schedule.xml",
        f"the file is not UTF-8 text (byte {LATIN1_XML.index(O_UMLAUT)}): "
        "pretalx and frab write UTF-8",
    ),
    # Cut after 44 lines and 3 spaces of the 45th.
    "broken xml": (
        PRETALX_XML[:2000],
        "schedule.xml",
        "broken XML: no element found: line 45, column 3",
    ),
    "broken json": (
        PRETALX_JSON.replace(b'"daysCount": 2,', b'"daysCount": 2,,'),
        "schedule.json",
        "broken JSON: Expecting property name enclosed in double quotes (line 1, column 372)",
    ),
    "missing title": (
        PRETALX_JSON.replace(b'"title": "Opening the lab", ', b""),
        "schedule.json",
        "day 1, room 'Main Stage', event 1: title is missing",
    ),
    "missing guid and id": (
        PRETALX_XML.replace(
            b"<event guid='0b6cf2a4-6a53-5e0c-8a0e-2d6b0e3b8c12' id='102'>", b"<event>"
        ),
        "schedule.xml",
        "day 1, room 'Main Stage', event 2: has neither guid nor id",
    ),
    "missing duration": (
        PRETALX_XML.replace(b"<duration>01:30</duration>", b""),
        "schedule.xml",
        "day 1, room 'Workshop Room', event 1: duration is missing",
    ),
    "unparsable date": (
        PRETALX_JSON.replace(b'"2024-09-14T14:00:00+02:00"', b'"14.09.2024 14 Uhr"'),
        "schedule.json",
        "day 1, room 'Workshop Room', event 1: date '14.09.2024 14 Uhr' is not an ISO 8601 time",
    ),
    "negative duration": (
        PRETALX_XML.replace(b"<duration>00:45</duration>", b"<duration>-00:45</duration>"),
        "schedule.xml",
        "day 1, room 'Main Stage', event 1: duration -00:45 is negative",
    ),
    "zero duration": (
        PRETALX_JSON.replace(b'"duration": "00:30"', b'"duration": "00:00"'),
        "schedule.json",
        "day 2, room 'Main Stage', event 1: duration is zero",
    ),
    "unknown zone": (
        PRETALX_JSON.replace(b'"Europe/Berlin"', b'"Mars/Olympus"'),
        "schedule.json",
        "conference time_zone_name: 'Mars/Olympus' is not a known time zone",
    ),
    "duplicate guid": (
        PRETALX_JSON.replace(
            b"0b6cf2a4-6a53-5e0c-8a0e-2d6b0e3b8c14", b"0b6cf2a4-6a53-5e0c-8a0e-2d6b0e3b8c11"
        ),
        "schedule.json",
        "guid 0b6cf2a4-6a53-5e0c-8a0e-2d6b0e3b8c11: appears 2 times",
    ),
    "xxe": (
        XXE,
        "schedule.xml",
        "refused: the XML declares a DTD or entities, which schedule files never do "
        "(a safeguard against external entities and entity bombs; DTDForbidden)",
    ),
    "billion laughs": (
        BILLION_LAUGHS,
        "schedule.xml",
        "refused: the XML declares a DTD or entities, which schedule files never do "
        "(a safeguard against external entities and entity bombs; DTDForbidden)",
    ),
    "not a schedule json": (
        b'{"talks": []}',
        "schedule.json",
        "not a schedule.json: it needs schedule.conference (version 1.x or 2 of the format)",
    ),
    "not a schedule xml": (
        b"<html><body/></html>",
        "upload",
        "not a schedule.xml: the root element is <html>, not <schedule>",
    ),
    "neither": (b"\x00\x01 binary", "upload", "the file is neither schedule.xml nor schedule.json"),
    "no events": (
        b'{"schedule": {"version": "1", "conference": {"days": []}}}',
        "schedule.json",
        "the file: holds no events",
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_bad_file_is_refused_with_a_clear_message_and_nothing_written(ctx, case):
    data, name, message = CASES[case]
    event = make_event()
    db.session.commit()
    dates = (event.start_date, event.end_date)
    with pytest.raises(ValidationError) as caught:
        import_schedule(event, data, name)
    assert caught.value.message == message
    db.session.rollback()
    counts = [
        db.session.scalar(select(func.count()).select_from(m).where(m.event_id == event.id))
        for m in (Talk, Speaker, Forum, Room, ImportedKey)
    ]
    assert counts == [0, 0, 0, 0, 0]
    assert (event.start_date, event.end_date) == dates


def test_bad_file_lists_every_problem_up_to_five(ctx):
    broken = PRETALX_JSON
    for duration in (b"00:45", b"01:00", b"01:30", b"00:30"):
        broken = broken.replace(
            b'"duration": "' + duration + b'"', b'"duration": "-' + duration + b'"'
        )
    broken = (
        broken.replace(b'"title": "Opening the lab", ', b"")
        .replace(b'"guid": "0b6cf2a4-6a53-5e0c-8a0e-2d6b0e3b8c12", ', b"")
        .replace(b'"id": 102, ', b"")
    )
    with pytest.raises(ValidationError) as caught:
        import_schedule(make_event(), broken, "schedule.json")
    assert caught.value.message == (
        "day 1, room 'Main Stage', event 1: title is missing; "
        "day 1, room 'Main Stage', event 1: duration -00:45 is negative; "
        "day 1, room 'Main Stage', event 2: has neither guid nor id; "
        "day 1, room 'Main Stage', event 2: duration -01:00 is negative; "
        "day 1, room 'Workshop Room', event 1: duration -01:30 is negative (and 1 more)"
    )


def test_person_name_too_long_is_refused_before_writing(ctx):
    event = make_event()
    db.session.commit()
    data = PRETALX_JSON.replace(b'"Grace Brewster Hopper"', b'"Grace ' + b"x" * 200 + b'"')
    with pytest.raises(ValidationError) as caught:
        import_schedule(event, data, "schedule.json")
    assert caught.value.message.startswith("person 'Grace xxxxx")
    db.session.rollback()
    assert (
        db.session.scalar(select(func.count()).select_from(Talk).where(Talk.event_id == event.id))
        == 0
    )


@pytest.mark.parametrize(
    ("text", "shown"),
    [(b"Opening \\ud800", "U+D800"), (b"Opening \\u0007", "U+0007")],
)
def test_unstorable_text_is_refused_with_a_clear_message_before_writing(ctx, text, shown):
    event = make_event()
    db.session.commit()
    data = PRETALX_JSON.replace(b'"title": "Opening the lab"', b'"title": "' + text + b'"')
    with pytest.raises(ValidationError) as caught:
        import_schedule(event, data, "schedule.json")
    assert f"title holds a character that cannot be stored ({shown})" in str(caught.value.message)
    db.session.rollback()
    assert (
        db.session.scalar(select(func.count()).select_from(Talk).where(Talk.event_id == event.id))
        == 0
    )


def test_json_values_of_the_wrong_type_are_refused_or_skipped(ctx):
    data = (
        PRETALX_JSON.replace(b'"title": "Opening the lab"', b'"title": {"en": "Opening the lab"}')
        .replace(b'"duration": "01:30"', b'"duration": 90')
        .replace(b'"public_name": "Grace Brewster Hopper"', b'"public_name": ["Grace"]')
        .replace(b'"name": "Grace Brewster Hopper"', b'"name": null')
    )
    with pytest.raises(ValidationError) as caught:
        import_schedule(make_event(), data, "schedule.json")
    assert caught.value.message == (
        "day 1, room 'Main Stage', event 1: title is missing; "
        "day 1, room 'Workshop Room', event 1: duration 90 is not HH:MM"
    )


def test_person_without_usable_name_is_skipped_with_its_reason(ctx):
    data = PRETALX_JSON.replace(
        b'"public_name": "Grace Brewster Hopper"', b'"public_name": ["Grace"]'
    ).replace(b'"name": "Grace Brewster Hopper"', b'"name": null')
    report = import_schedule(make_event(), data, "schedule.json")
    assert report.skipped == [
        "day 1, room 'Workshop Room', event 1 (Reproducible builds, hands-on): "
        "a person without a name"
    ]
    assert report.created["speakers"] == 2


def test_overlong_person_id_is_not_kept_but_the_person_is(ctx):
    event = make_event()
    data = PRETALX_JSON.replace(
        b'"guid": "5d2c0b3e-1f4a-5b6c-8d7e-9f0a1b2c3d43"', b'"guid": "' + b"g" * 300 + b'"'
    )
    import_schedule(event, data, "schedule.json")
    db.session.flush()
    keys = db.session.scalars(select(ImportedKey.key).where(ImportedKey.kind == "speaker")).all()
    assert sorted(keys) == [
        "code:PQRSTU",
        "guid:5d2c0b3e-1f4a-5b6c-8d7e-9f0a1b2c3d41",
        "guid:5d2c0b3e-1f4a-5b6c-8d7e-9f0a1b2c3d42",
    ]


def test_json_integer_too_long_to_convert_is_broken_json(ctx):
    data = PRETALX_JSON.replace(b'"id": 101', b'"id": ' + b"9" * 5000)
    with pytest.raises(ValidationError) as caught:
        import_schedule(make_event(), data, "schedule.json")
    assert caught.value.message.startswith("broken JSON: Exceeds the limit (4300 digits)")
