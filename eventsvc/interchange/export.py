"""The published agenda as a frab/c3voc schedule: schedule.json (version 1.x) and schedule.xml.

Conference apps (Giggity, EventFahrplan, ConfClerk) and recording teams read these files.
Choices, where the format leaves room:
- Each session's guid is its uid, the same identity as its iCal UID, so an app that saw a
  session once recognises it in every later release.
- Forums are tracks, session kinds are types (a type kept from an imported file goes out as
  given); text is in one language, chosen per request.
- A session's description is the abstract, which apps show first; its details (the longer
  text an imported file called description) the description.
- What imported files carried is given back: subtitle, links, origin_url, and the
  speakers' recording opt-out (do_not_record; in XML <recording><optout>).
- Cancelled sessions and sessions without a room are left out, as pretalx leaves out
  unscheduled slots: apps treat a session that disappears as cancelled.
- The day changes at midnight, as on our agenda pages. Neither schema has a day_change
  element, so the change is carried by each day's start and end.
- Persons are written the frab way (integer id and public_name, our speaker id), which the
  JSON schema requires to be exclusive of the pretalx way (name without id).
"""

from __future__ import annotations

import re
import uuid
from collections import defaultdict
from datetime import date, datetime, time, timedelta
from xml.etree import ElementTree

from ..agenda.model import Agenda, Talk
from ..agenda.names import display_name
from ..agenda.urls import session_url
from ..text import slugify

GENERATOR = "eventsvc"
FORMAT_VERSION = "1.0"
# The grid step apps draw; pretalx writes the same.
TIMESLOT = "00:05"
_ACRONYM_CHARS = re.compile(r"[^a-z0-9_]")
# The link types schema.json allows.
_LINK_TYPES = frozenset(
    ("slides", "paper", "web", "blog", "article", "media", "related", "activitypub")
)
# Characters XML 1.0 cannot carry at all, even escaped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def acronym(slug: str) -> str:
    """The event slug in the acronym alphabet: the JSON schema allows a dash only first."""
    return _ACRONYM_CHARS.sub("_", slug.lower()).ljust(4, "_")


def room_guid(event_slug: str, room_slug: str) -> str:
    """A stable UUID for a room: apps key rooms by it, and a room has no uid of its own."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"eventsvc:{event_slug}:room:{room_slug}"))


def hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


class _Builder:
    """The parts both formats share, computed once per (release, language, base URL)."""

    def __init__(self, agenda: Agenda, lang: str, base_url: str):
        self.agenda, self.lang = agenda, lang
        self.base_url = base_url.rstrip("/") + "/"
        self.acronym = acronym(agenda.slug)
        self.event_url = f"{self.base_url}events/{agenda.slug}"

    def text(self, value: dict | None) -> str:
        return _NOT_XML.sub("", self.agenda.text(value, self.lang))

    def days(self) -> list[tuple[int, date, list[tuple[dict, list[Talk]]]]]:
        """(index, date, [(room, sessions)]) for each day of the event and any day with sessions."""
        by_day: dict[date, dict[int, list[Talk]]] = defaultdict(lambda: defaultdict(list))
        for s in self.agenda.sessions:  # already in time order
            if not s.cancelled and s.room_id is not None:
                by_day[s.day][s.room_id].append(s)
        first = date.fromisoformat(self.agenda.event["start_date"])
        last = date.fromisoformat(self.agenda.event["end_date"])
        dates = {first + timedelta(days=n) for n in range((last - first).days + 1)} | set(by_day)
        return [
            (
                index,
                day,
                [
                    (room, by_day[day][room["id"]])
                    for room in self.agenda.rooms
                    if by_day[day].get(room["id"])
                ],
            )
            for index, day in enumerate(sorted(dates), start=1)
        ]

    def day_bounds(self, day: date) -> tuple[str, str]:
        start = datetime.combine(day, time(0, 0), self.agenda.zone)
        return start.isoformat(), (start + timedelta(days=1, minutes=-1)).isoformat()

    def person(self, speaker_id: int) -> str:
        return _NOT_XML.sub("", display_name(self.agenda.speakers[speaker_id], self.lang))

    def session(self, s: Talk, room: dict) -> dict:
        title, extra = self.text(s.title), s.interchange
        forum = self.agenda.forums_by_id[s.forum_id]
        return {
            "guid": s.uid,
            "id": s.id,
            "date": s.local_start.isoformat(),
            "start": s.local_start.strftime("%H:%M"),
            "duration": hhmm(s.minutes),
            "room": self.text(room["name"]),
            "slug": f"{self.acronym}-{s.id}-{slugify(title, fallback='session')}",
            # The same page as the iCal feeds' URL for the session.
            "url": session_url(self.agenda.slug, s.uid, self.base_url),
            "title": title,
            "subtitle": self.text(extra.get("subtitle")),
            "track": self.text(forum["name"]),
            "type": extra.get("type_name") or s.kind,
            # Unset is unknown (null), not the event's language: a re-import must not invent one.
            "language": s.language,
            "abstract": self.text(s.description),
            "description": self.text(extra.get("details")),
            "do_not_record": bool(extra.get("do_not_record")),
            "persons": [
                {"id": a["speaker"], "public_name": self.person(a["speaker"])}
                for a in s.appearances
            ],
            "links": [
                {
                    "url": link["url"],
                    **({"title": link["title"]} if link.get("title") else {}),
                    **({"type": link["type"]} if link.get("type") in _LINK_TYPES else {}),
                }
                for link in extra.get("links") or []
            ],
            "attachments": [],
            **({"origin_url": extra["origin_url"]} if extra.get("origin_url") else {}),
        }


def schedule_json(agenda: Agenda, lang: str, base_url: str) -> dict:
    """The schedule.json document (c3voc schema 1.x) of the agenda in lang."""
    b = _Builder(agenda, lang, base_url)
    days = b.days()
    return {
        "$schema": "https://c3voc.de/schedule/schema.json",
        "generator": {"name": GENERATOR, "version": FORMAT_VERSION},
        "schedule": {
            "version": f"release {agenda.release_number}",
            "url": f"{b.event_url}/schedule.json",
            "base_url": b.event_url + "/",
            "conference": {
                "acronym": b.acronym,
                "title": b.text(agenda.event["name"]),
                "start": agenda.event["start_date"],
                "end": agenda.event["end_date"],
                "daysCount": len(days),
                "timeslot_duration": TIMESLOT,
                "time_zone_name": agenda.event["timezone"],
                "url": b.event_url,
                "rooms": [
                    {
                        "name": b.text(r["name"]),
                        "guid": room_guid(agenda.slug, r["slug"]),
                        "capacity": r["capacity"],
                    }
                    for r in agenda.rooms
                ],
                "tracks": [{"name": b.text(f["name"])} for f in agenda.forums],
                "days": [
                    {
                        "index": index,
                        "date": day.isoformat(),
                        **dict(zip(("day_start", "day_end"), b.day_bounds(day), strict=False)),
                        "rooms": _by_name(
                            (b.text(room["name"]), [b.session(s, room) for s in sessions])
                            for room, sessions in rooms
                        ),
                    }
                    for index, day, rooms in days
                ],
            },
        },
    }


def _by_name(rooms) -> dict[str, list[dict]]:
    """Rooms keyed by name; rooms sharing a name in this language share one list, in time order."""
    result: dict[str, list[dict]] = {}
    for name, events in rooms:
        result.setdefault(name, []).extend(events)
        result[name].sort(key=lambda e: e["date"])
    return result


def schedule_xml(agenda: Agenda, lang: str, base_url: str) -> bytes:
    """The schedule.xml document (c3voc XSD) of the agenda in lang, UTF-8."""
    b = _Builder(agenda, lang, base_url)
    days = b.days()
    root = ElementTree.Element("schedule")
    ElementTree.SubElement(root, "generator", name=GENERATOR, version=FORMAT_VERSION)
    _leaf(root, "url", f"{b.event_url}/schedule.xml")
    _leaf(root, "version", f"release {agenda.release_number}")
    conference = ElementTree.SubElement(root, "conference")
    for tag, value in (
        ("acronym", b.acronym),
        ("title", b.text(agenda.event["name"])),
        ("start", agenda.event["start_date"]),
        ("end", agenda.event["end_date"]),
        ("days", str(len(days))),
        ("timeslot_duration", TIMESLOT),
        ("base_url", b.event_url + "/"),
        ("url", b.event_url),
        ("time_zone_name", agenda.event["timezone"]),
    ):
        _leaf(conference, tag, value)
    for forum in agenda.forums:
        ElementTree.SubElement(conference, "track", name=b.text(forum["name"]))
    for index, day, rooms in days:
        start, end = b.day_bounds(day)
        day_el = ElementTree.SubElement(
            root, "day", index=str(index), date=day.isoformat(), start=start, end=end
        )
        for room, sessions in rooms:
            room_el = ElementTree.SubElement(
                day_el, "room", name=b.text(room["name"]), guid=room_guid(agenda.slug, room["slug"])
            )
            for s in sessions:
                _event_element(room_el, b.session(s, room))
    ElementTree.indent(root)
    return ElementTree.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def _leaf(parent: ElementTree.Element, tag: str, text: str) -> ElementTree.Element:
    element = ElementTree.SubElement(parent, tag)
    element.text = text
    return element


def _event_element(parent: ElementTree.Element, data: dict) -> None:
    event = ElementTree.SubElement(parent, "event", guid=data["guid"], id=str(data["id"]))
    for tag in (
        "date",
        "start",
        "duration",
        "room",
        "slug",
        "url",
        "title",
        "subtitle",
        "track",
        "type",
        "language",
        "abstract",
        "description",
    ):
        if data[tag] is not None:
            _leaf(event, tag, data[tag])
    persons = ElementTree.SubElement(event, "persons")
    for person in data["persons"]:
        _leaf(persons, "person", person["public_name"]).set("id", str(person["id"]))
    recording = ElementTree.SubElement(event, "recording")
    _leaf(recording, "license", "")
    _leaf(recording, "optout", "true" if data["do_not_record"] else "false")
    links = ElementTree.SubElement(event, "links")
    for link in data["links"]:
        element = _leaf(links, "link", _NOT_XML.sub("", link.get("title") or ""))
        element.set("href", link["url"])
        if link.get("type"):
            element.set("type", link["type"])
    ElementTree.SubElement(event, "attachments")
    if data.get("origin_url"):
        _leaf(event, "origin_url", data["origin_url"])
