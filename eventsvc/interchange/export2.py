"""The published agenda as a c3voc schedule.json of version 2 (schema2.json).

Version 2 lists what version 1 nests: conference.rooms and conference.tracks, schedule.events
(each with start and end, its room and track by reference, its speakers as participants)
and schedule.persons. Choices, where the format leaves room (the README lists what it
cannot carry):
- guids as in version 1: a session's uid, a room's UUID5 (export.room_guid), and a speaker's
  UUID5 over the event and the speaker's slug, so an app recognises them in every release.
- Breaks are MetaEvents of type BREAK; the other sessions Events, typed by the table below
  (a type kept from an imported file goes out as given where version 2 allows it).
- Cancelled sessions and sessions without a room are left out, as in version 1.
- A time zone outside the schema's pattern (a fixed-offset zone such as Etc/GMT-1) is left
  out: every time carries its offset anyway.
"""

from __future__ import annotations

import re
import uuid
from datetime import datetime, time, timedelta

from ..agenda.model import Agenda, Talk
from ..text import slugify
from .export import FORMAT_VERSION, GENERATOR, _Builder, room_guid

# Our kinds -> version 2's event types; breaks become MetaEvents.
TYPES = {
    "opening": "TALK",
    "keynote": "TALK",
    "speech": "TALK",
    "remarks": "TALK",
    "panel": "DISCUSSION",
    "dialogue": "DISCUSSION",
    "ceremony": "OTHER",
    "other": "OTHER",
}
_V2_TYPES = frozenset(
    "TALK WORKSHOP HANDS-ON MEETING DISCUSSION PERFORMANCE CONCERT GAME LIGHTNING_TALK "
    "OTHER".split()
)
_LINK_TYPES = frozenset(
    "SLIDES PAPER WEB BLOG ARTICLE BOOK MEDIA RELATED FEEDBACK ORIGIN ACTIVITYPUB".split()
)
_ROLES = {
    "speaker": "SPEAKER",
    "keynote": "SPEAKER",
    "moderator": "MODERATOR",
    "host": "HOST",
    "panelist": "GUEST",
    "discussant": "CONTRIBUTOR",
}
_ZONE = re.compile(r"^([A-Z][a-z]+/[A-Z][a-z]+)|UTC$")
_SLUG = re.compile(r"^[a-z0-9_-]+[a-z0-9]$")
_LANGUAGE = re.compile(r"^[a-z]{2}$")


def person_guid(event_slug: str, speaker_slug: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"eventsvc:{event_slug}:speaker:{speaker_slug}"))


def schedule_v2_json(agenda: Agenda, lang: str, base_url: str) -> dict:
    """The schedule.json version 2 document of the agenda in lang."""
    b = _Builder(agenda, lang, base_url)
    days = b.days()
    placed = [
        (s, agenda.rooms_by_id[s.room_id])
        for s in agenda.sessions
        if not s.cancelled and s.room_id is not None
    ]
    first, last = days[0][1], days[-1][1]
    conference = {
        "acronym": b.acronym,
        "title": b.text(agenda.event["name"]),
        "start": datetime.combine(first, time(0, 0), agenda.zone).isoformat(),
        "end": (
            datetime.combine(last, time(0, 0), agenda.zone) + timedelta(days=1, minutes=-1)
        ).isoformat(),
        "timeslot_duration": "PT5M",
        "url": b.event_url,
        "languages": [code for code in agenda.event["languages"] if _LANGUAGE.match(code)],
        "tracks": [{"name": b.text(f["name"]), "slug": _slug(f["slug"])} for f in agenda.forums],
        "rooms": [
            {
                "name": b.text(r["name"]),
                "slug": _slug(r["slug"]),
                "guid": room_guid(agenda.slug, r["slug"]),
                "capacity": r["capacity"],
            }
            for r in agenda.rooms
        ],
        "days": [
            {
                "index": index,
                "date": day.isoformat(),
                **dict(zip(("start", "end"), b.day_bounds(day), strict=True)),
            }
            for index, day, _rooms in days
        ],
    }
    if _ZONE.fullmatch(agenda.event["timezone"]):
        conference["time_zone_name"] = agenda.event["timezone"]
    speakers = {a["speaker"] for s, _room in placed for a in s.appearances}
    return {
        "$schema": "https://c3voc.de/schedule/schema2.json",
        "generator": {"name": GENERATOR, "version": FORMAT_VERSION},
        "schedule": {
            "version": f"release {agenda.release_number}",
            "url": f"{b.event_url}/schedule-v2.json",
            "base_url": b.event_url + "/",
            "conference": conference,
            "events": [_event(b, s, room) for s, room in placed],
            "persons": [
                {
                    "guid": person_guid(agenda.slug, agenda.speakers[sid]["slug"]),
                    "name": b.person(sid),
                }
                for sid in sorted(speakers)
            ],
        },
    }


def _slug(slug: str) -> str:
    return slug if _SLUG.match(slug) else slugify(slug, fallback="x") + "0"


def _event(b: _Builder, s: Talk, room: dict) -> dict:
    agenda, v1 = b.agenda, b.session(s, room)
    times = {"start": s.local_start.isoformat(), "end": s.local_end.isoformat()}
    reference = {
        "name": v1["room"],
        "slug": _slug(room["slug"]),
        "guid": room_guid(agenda.slug, room["slug"]),
    }
    if s.kind == "break":
        return {"guid": s.uid, "type": "BREAK", "title": v1["title"], **times, "room": reference}
    type_name = (s.interchange.get("type_name") or "").upper()
    language = s.language or agenda.default_language
    return {
        "guid": s.uid,
        **times,
        "room": reference,
        "slug": v1["slug"],
        "url": v1["url"],
        "title": v1["title"],
        "subtitle": v1["subtitle"] or None,
        "track": {"slug": _slug(agenda.forums_by_id[s.forum_id]["slug"])},
        "type": type_name if type_name in _V2_TYPES else TYPES.get(s.kind, "OTHER"),
        "language": language[:2] if _LANGUAGE.match(language[:2]) else agenda.default_language[:2],
        "abstract": v1["abstract"],
        "description": v1["description"] or None,
        "participants": [
            {
                "guid": person_guid(agenda.slug, agenda.speakers[a["speaker"]]["slug"]),
                "name": b.person(a["speaker"]),
                "role": _ROLES.get(a["role"], "SPEAKER"),
            }
            for a in s.appearances
        ],
        "links": [
            {
                "url": link["url"],
                **({"title": link["title"]} if link.get("title") else {}),
                **(
                    {"type": link["type"].upper()}
                    if (link.get("type") or "").upper() in _LINK_TYPES
                    else {}
                ),
            }
            for link in s.interchange.get("links") or []
        ],
        "attachments": [],
    }
