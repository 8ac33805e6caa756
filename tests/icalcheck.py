"""Reading feeds the way calendar clients do: two independent parsers and the raw bytes."""

from __future__ import annotations

import icalendar
import vobject


def wire_lines(body: bytes) -> list[bytes]:
    """The content lines as sent, checking RFC 5545's CRLF endings and 75-octet folding."""
    assert body.endswith(b"\r\n")
    lines = body[:-2].split(b"\r\n")
    for line in lines:
        assert b"\n" not in line and b"\r" not in line, line  # no bare LF or CR anywhere
        assert len(line) <= 75, line
        line.decode("utf-8")  # a fold that split a multi-byte character would not decode
    return lines


def parse(body: bytes) -> dict[str, dict]:
    """Every VEVENT by UID as both parsers read it; fails unless they agree."""
    wire_lines(body)
    ours = {str(e["UID"]): e for e in icalendar.Calendar.from_ical(body).walk("VEVENT")}
    theirs = (
        {c.uid.value: c for c in vobject.readOne(body.decode("utf-8")).vevent_list}
        if b"BEGIN:VEVENT" in body
        else {}
    )
    assert set(ours) == set(theirs)
    events = {}
    for uid, event in ours.items():
        other = theirs[uid]
        fields = {
            "summary": str(event["SUMMARY"]),
            "description": str(event["DESCRIPTION"]),
            "location": str(event.get("LOCATION", "")),
            "start": event.decoded("DTSTART"),
            "end": event.decoded("DTEND"),
            "tzid": event["DTSTART"].params.get("TZID"),
            "sequence": int(event["SEQUENCE"]),
            "status": str(event["STATUS"]),
            "dtstamp": event.decoded("DTSTAMP"),
            "last_modified": event.decoded("LAST-MODIFIED"),
            "categories": [str(c) for c in event["CATEGORIES"].cats],
            "url": str(event["URL"]),
        }
        assert fields["summary"] == other.summary.value
        assert fields["description"] == other.description.value
        assert fields["location"] == (other.location.value if hasattr(other, "location") else "")
        assert fields["start"] == other.dtstart.value and fields["end"] == other.dtend.value
        assert fields["sequence"] == int(other.sequence.value)
        assert fields["status"] == other.status.value
        assert fields["dtstamp"] == other.dtstamp.value
        assert fields["categories"] == list(other.categories.value)
        assert fields["url"] == other.url.value
        events[uid] = fields
    return events


def calendar(body: bytes) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(body)
