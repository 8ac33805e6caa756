"""Reading a frab/c3voc schedule (schedule.xml, schedule.json 1.x or 2) into plain records.

Everything a file can get wrong is found here, before anything is written: the encoding,
the syntax, missing fields, times and durations. XML is parsed by defusedxml with DTDs
forbidden: schedule files never carry one, and refusing them stops external entities
(XXE) and entity expansion bombs (billion laughs) before any expansion happens.
"""

from __future__ import annotations

import json
import re
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, fromstring

from ..errors import ValidationError
from ..sessions import times

MAX_BYTES = 50 * 1024 * 1024
# How many problems one message lists before "and N more".
_SHOWN = 5
# Longest person id kept to find the person again (the column holds 200 with its prefix).
_MAX_KEY = 150
# The namespace of the UUID5s given to sessions whose file guid is not a UUID.
_GUIDS = uuid.uuid5(uuid.NAMESPACE_URL, "eventsvc:schedule-guid")
_DURATION = re.compile(r"^(-?)(\d{1,3}):(\d{2})(?::(\d{2}))?$")
_BOOLEANS = {"true": True, "1": True, "false": False, "0": False}
# Version 2 writes durations the ISO 8601 way: PT1H30M.
_ISO_DURATION = re.compile(r"^PT(?:(\d{1,3})H)?(?:(\d{1,4})M)?(?:(\d{1,5})S)?$")


@dataclass(frozen=True, slots=True)
class Person:
    name: str
    # "guid:…", "code:…" or "id:…": the person's identity in the system that wrote the file.
    key: str | None
    # Our appearance role, where the file gives one (version 2's participants do).
    role: str | None = None


@dataclass(frozen=True, slots=True)
class Link:
    url: str
    title: str | None = None
    type: str | None = None


@dataclass(slots=True)
class Entry:
    """One event of the file: a session for us."""

    # Our uid for the session: the file's guid when it is a UUID, else a UUID5 derived from it.
    guid: str
    # The file's own identity when it is not a UUID ("guid:…" or "id:…"), kept to find the
    # session again and to show in the report; None when guid is the file's.
    source: str | None
    title: str
    start: datetime
    end: datetime
    room: str
    track: str | None
    type: str | None
    language: str | None
    # frab's subtitle, abstract (our description, the text pages show) and description
    # (our details, the longer text).
    subtitle: str | None
    description: str | None
    details: str | None
    # The speakers' recording opt-out: JSON do_not_record, XML <recording><optout>; None
    # where the file does not say.
    do_not_record: bool | None
    # The session's page in the system that wrote the file (origin_url, else url).
    origin_url: str | None
    links: list[Link] = field(default_factory=list)
    persons: list[Person] = field(default_factory=list)


@dataclass(slots=True)
class Schedule:
    title: str | None
    acronym: str | None
    start: date | None
    end: date | None
    time_zone: str | None
    entries: list[Entry]
    skipped: list[str] = field(default_factory=list)
    # Where the time zone came from, when the file does not name it.
    zone_note: str | None = None


def refuse(message: str) -> ValidationError:
    return ValidationError(message, {"file": message}, code="bad_schedule")


def detect_format(data: bytes, filename_or_format: str) -> str:
    """ "xml" or "json", from a format name, a file name's extension, or the first character."""
    name = (filename_or_format or "").lower()
    for fmt in ("xml", "json"):
        if name == fmt or name.endswith("." + fmt):
            return fmt
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if head == b"<":
        return "xml"
    if head in (b"{", b"["):
        return "json"
    raise refuse("the file is neither schedule.xml nor schedule.json")


def parse(
    data: bytes, filename_or_format: str, default_zone: ZoneInfo, zone: ZoneInfo | None = None
) -> Schedule:
    """The schedule in data, or ValidationError (code bad_schedule) saying what is wrong.

    zone (the command's --timezone) reads the file's times where the file names no zone or
    one that is wrong; default_zone (the event's) where neither says and the dates have no
    offset."""
    if len(data) > MAX_BYTES:
        raise refuse(f"the file is larger than {MAX_BYTES // (1024 * 1024)} MB")
    fmt = detect_format(data, filename_or_format)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise refuse(
            f"the file is not UTF-8 text (byte {exc.start}): pretalx and frab write UTF-8"
        ) from exc
    reader = _XmlReader(data) if fmt == "xml" else _json_reader(text)
    return reader.read(default_zone, zone)


class _Problems:
    """Collects every problem of a file so one refusal names them all (up to a few)."""

    def __init__(self):
        self.items: list[str] = []

    def add(self, where: str, what: str) -> None:
        self.items.append(f"{where}: {what}")

    def raise_any(self) -> None:
        if not self.items:
            return
        more = len(self.items) - _SHOWN
        message = "; ".join(self.items[:_SHOWN]) + (f" (and {more} more)" if more > 0 else "")
        raise ValidationError(
            message, {"file": message, "problems": "\n".join(self.items)}, code="bad_schedule"
        )


class _Reader:
    """What both formats share: checking and converting each event's fields."""

    def read(self, default_zone: ZoneInfo, given: ZoneInfo | None = None) -> Schedule:
        problems = _Problems()
        conference = self.conference()
        named = conference.get("time_zone_name")
        if given is not None:
            zone, note = given, f"times read in {given.key} (--timezone)"
        elif named:
            zone, note = _zone(named, default_zone, problems), None
        else:
            zone, note = self._zone_from_offsets(default_zone, problems)
        schedule = Schedule(
            title=_clean(conference.get("title")),
            acronym=_clean(conference.get("acronym")),
            start=_date(conference.get("start"), "conference start", problems),
            end=_date(conference.get("end"), "conference end", problems),
            time_zone=None if zone is default_zone else zone.key,
            entries=[],
            zone_note=note,
        )
        # Derived guids are unique per conference: the same guid in two files is two sessions.
        namespace = schedule.acronym or schedule.title or ""
        for where, room, raw in self.events(problems):
            entry = _entry(where, room, raw, zone, namespace, problems, schedule.skipped)
            if entry is not None:
                schedule.entries.append(entry)
        for guid, count in Counter(shown(e) for e in schedule.entries).items():
            if count > 1:
                problems.add(f"guid {guid}", f"appears {count} times")
        if not schedule.entries and not problems.items:
            problems.add("the file", "holds no events")
        problems.raise_any()
        return schedule

    def _zone_from_offsets(self, default: ZoneInfo, problems: _Problems):
        """With no time_zone_name: the zone the offsets of the events' dates share.

        One offset gives a fixed-offset zone (Etc/GMT-1 is UTC+01:00: POSIX writes the sign
        backwards), so local times show as the file wrote them; offsets that differ (a
        change to summer time, say) cannot tell which region, so the user must."""
        offsets: set[timedelta] = set()
        for raw in self.dates():
            try:
                start = datetime.fromisoformat(str(raw).strip().replace("Z", "+00:00"))
            except ValueError:
                continue  # reported with its event
            if (offset := start.utcoffset()) is not None:
                offsets.add(offset)
        if not offsets:
            return default, f"no time zone in the file and no offsets: times read in {default.key}"
        if len(offsets) > 1:
            listed = ", ".join(_offset(o) for o in sorted(offsets))
            problems.add(
                "conference time_zone_name",
                f"missing, and the dates have different offsets ({listed}): "
                "give the zone with --timezone (for example Europe/Berlin)",
            )
            return default, None
        (offset,) = offsets
        hours, rest = divmod(int(offset.total_seconds()), 3600)
        if rest:
            problems.add(
                "conference time_zone_name",
                f"missing, and no fixed zone has the offset {_offset(offset)} of the dates: "
                "give the zone with --timezone",
            )
            return default, None
        key = "UTC" if hours == 0 else f"Etc/GMT{-hours:+d}"
        return ZoneInfo(key), (
            f"no time zone in the file: its dates are all at {_offset(offset)}, so the fixed "
            f"zone {key} (UTC{_offset(offset)}) is used; name the region with --timezone"
        )

    def dates(self):
        """The date (start) text of every event, for the offsets."""
        raise NotImplementedError

    def conference(self) -> dict:
        raise NotImplementedError

    def events(self, problems: _Problems):
        """(where, room name, fields) for every event, fields as a dict like schedule.json's."""
        raise NotImplementedError


def _json_reader(text: str) -> _Reader:
    """Version 1 (events inside days and rooms) or 2 (schedule.events, a list)."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise refuse(f"broken JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})") from exc
    except RecursionError as exc:
        raise refuse("broken JSON: nested too deeply") from exc
    except ValueError as exc:  # e.g. an integer of more digits than Python converts
        raise refuse(f"broken JSON: {exc}") from exc
    schedule = document.get("schedule") if isinstance(document, dict) else None
    if not isinstance(schedule, dict) or not isinstance(schedule.get("conference"), dict):
        raise refuse(
            "not a schedule.json: it needs schedule.conference (version 1.x or 2 of the format)"
        )
    if isinstance(schedule.get("events"), list):
        return _Json2Reader(schedule)
    if not isinstance(schedule["conference"].get("days"), list):
        raise refuse(
            "not a schedule.json: version 1.x needs schedule.conference.days, "
            "version 2 schedule.events, as lists"
        )
    return _JsonReader(schedule["conference"])


class _JsonReader(_Reader):
    def __init__(self, conference: dict):
        self._conference = conference

    def conference(self) -> dict:
        return {k: v for k, v in self._conference.items() if isinstance(v, str)}

    def dates(self):
        for day in self._conference["days"]:
            rooms = day.get("rooms") if isinstance(day, dict) else None
            for events in rooms.values() if isinstance(rooms, dict) else ():
                for event in events if isinstance(events, list) else ():
                    if isinstance(event, dict) and event.get("date"):
                        yield event["date"]

    def events(self, problems):
        for d, day in enumerate(self._conference["days"], start=1):
            rooms = day.get("rooms") if isinstance(day, dict) else None
            if not isinstance(rooms, dict):
                problems.add(f"day {d}", "rooms must be an object of room name to events")
                continue
            for room, events in rooms.items():
                if not isinstance(events, list):
                    problems.add(f"day {d}, room {room!r}", "events must be a list")
                    continue
                for n, event in enumerate(events, start=1):
                    where = f"day {d}, room {room!r}, event {n}"
                    if not isinstance(event, dict):
                        problems.add(where, "must be an object")
                        continue
                    yield (
                        where,
                        room,
                        {**event, "persons": _json_persons(event.get("persons"), where, problems)},
                    )


class _Json2Reader(_Reader):
    """c3voc schema2.json: conference.rooms and conference.tracks as lists, schedule.events a
    list of events with start and end, rooms and tracks by reference, participants by guid
    (their names in schedule.persons where the reference leaves them out)."""

    def __init__(self, schedule: dict):
        self._conference = schedule["conference"]
        self._events = schedule["events"]
        self._rooms = _by_reference(self._conference.get("rooms"))
        self._tracks = _by_reference(self._conference.get("tracks"))
        self._persons = _by_reference(schedule.get("persons"))

    def conference(self) -> dict:
        return {k: v for k, v in self._conference.items() if isinstance(v, str)}

    def dates(self):
        for event in self._events:
            if isinstance(event, dict) and event.get("start"):
                yield event["start"]

    def events(self, problems):
        for n, event in enumerate(self._events, start=1):
            where = f"event {n}"
            if not isinstance(event, dict):
                problems.add(where, "must be an object")
                continue
            room = _referred(event.get("room"), self._rooms)
            track = _referred(event.get("track"), self._tracks)
            participants = event.get("participants", event.get("persons"))
            persons = [
                {**p, "name": p.get("name") or _referred(p, self._persons)}
                if isinstance(p, dict)
                else p
                for p in (participants if isinstance(participants, list) else [])
            ]
            yield (
                where,
                room or "",
                {
                    **event,
                    "date": event.get("start"),
                    "room": room,
                    "track": track,
                    "persons": _json_persons(
                        persons if isinstance(participants, list) else participants,
                        where,
                        problems,
                    ),
                },
            )


def _by_reference(items) -> dict[str, str]:
    """guid and slug of each room, track or person of a version 2 file -> its name."""
    names: dict[str, str] = {}
    for item in items if isinstance(items, list) else ():
        name = _text(item.get("name")) if isinstance(item, dict) else None
        if name:
            for ref in ("guid", "slug"):
                if _text(item.get(ref)):
                    names.setdefault(f"{ref}:{_text(item.get(ref))}", name)
    return names


def _referred(reference, names: dict[str, str]) -> str | None:
    """The name a version 2 reference ({"guid"|"slug": ..., "name"?}) or plain name stands for."""
    if not isinstance(reference, dict):
        return _text(reference)
    for ref in ("guid", "slug"):
        value = _text(reference.get(ref))
        if value and f"{ref}:{value}" in names:
            return names[f"{ref}:{value}"]
    return _text(reference.get("name")) or _text(reference.get("slug"))


def _json_persons(raw, where: str, problems: _Problems) -> list[dict]:
    if raw is None:
        return []
    if not isinstance(raw, list) or not all(isinstance(p, dict) for p in raw):
        problems.add(where, "persons must be a list of objects")
        return []
    return [
        {
            "name": p.get("public_name") or p.get("name") or p.get("full_public_name"),
            "guid": p.get("guid"),
            "code": p.get("code"),
            "id": p.get("id"),
            "role": p.get("role"),
        }
        for p in raw
    ]


class _XmlReader(_Reader):
    def __init__(self, data: bytes):
        try:
            self._root = fromstring(
                data, forbid_dtd=True, forbid_entities=True, forbid_external=True
            )
        except DefusedXmlException as exc:
            raise refuse(
                "refused: the XML declares a DTD or entities, which schedule files never do "
                f"(a safeguard against external entities and entity bombs; {type(exc).__name__})"
            ) from exc
        except ParseError as exc:
            raise refuse(f"broken XML: {exc}") from exc
        if self._root.tag != "schedule":
            raise refuse(
                f"not a schedule.xml: the root element is <{self._root.tag}>, not <schedule>"
            )
        if self._root.find("conference") is None:
            raise refuse("not a schedule.xml: it has no <conference>")

    def conference(self) -> dict:
        return {
            child.tag: (child.text or "").strip()
            for child in self._root.find("conference")
            if isinstance(child.tag, str)
        }

    def dates(self):
        for date_el in self._root.iterfind("day/room/event/date"):
            if date_el.text:
                yield date_el.text

    def events(self, problems):
        for d, day in enumerate(self._root.iterfind("day"), start=1):
            for room_el in day.iterfind("room"):
                room = room_el.get("name") or ""
                for n, el in enumerate(room_el.iterfind("event"), start=1):
                    fields = {
                        child.tag: child.text or ""
                        for child in el
                        if isinstance(child.tag, str) and len(child) == 0
                    }
                    links = [
                        {"url": link.get("href"), "title": link.text, "type": link.get("type")}
                        for link in el.iterfind("links/link")
                    ]
                    optout = (el.findtext("recording/optout") or "").strip().lower()
                    persons = [
                        {
                            "name": (p.text or "").strip(),
                            "guid": p.get("guid"),
                            "code": p.get("code"),
                            "id": p.get("id"),
                        }
                        for p in el.iterfind("persons/person")
                    ]
                    yield (
                        f"day {d}, room {room!r}, event {n}",
                        room,
                        {
                            **fields,
                            "guid": el.get("guid"),
                            "id": el.get("id"),
                            "persons": persons,
                            "links": links,
                            "do_not_record": _BOOLEANS.get(optout),
                        },
                    )


def _clean(value) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def _zone(name, default: ZoneInfo, problems: _Problems) -> ZoneInfo:
    if not name:
        return default
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        problems.add("conference time_zone_name", f"{name!r} is not a known time zone")
        return default


def _date(value, where: str, problems: _Problems) -> date | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value).date() if "T" in value else date.fromisoformat(value)
    except ValueError:
        problems.add(where, f"{value!r} is not a date")
        return None


def _entry(
    where: str,
    room: str,
    raw: dict,
    zone: ZoneInfo,
    namespace: str,
    problems: _Problems,
    skipped: list[str],
) -> Entry | None:
    before = len(problems.items)
    guid, source = _guid(raw, namespace, where, problems)
    title = _text(raw.get("title"))
    if not title:
        problems.add(where, "title is missing")
    start = _start(raw.get("date"), where, zone, problems)
    if raw.get("duration") in (None, "") and raw.get("end") and start is not None:
        length = _until(raw.get("end"), start, where, zone, problems)
    else:
        length = _duration(raw.get("duration"), where, problems)
    room_name = _text(raw.get("room")) or _text(room)
    if not room_name:
        problems.add(where, "room is missing")
    # A duration is at most 999 hours: from a start within the years, no overflow.
    if start is not None and not _within_years(start + length, "its end", where, problems):
        return None
    if len(problems.items) > before or not title or start is None or not room_name:
        return None
    persons = []
    for p in raw["persons"]:
        name = _text(p["name"])
        if not name:
            skipped.append(f"{where} ({title}): a person without a name")
            continue
        persons.append(
            Person(name=" ".join(name.split()), key=_person_key(p), role=_role(p.get("role")))
        )
    abstract, description = _localized(raw.get("abstract")), _localized(raw.get("description"))
    return Entry(
        guid=guid,
        source=source,
        title=title,
        start=start,
        end=start + length,
        room=room_name,
        track=_text(raw.get("track")),
        type=_text(raw.get("type")),
        language=_text(raw.get("language")),
        subtitle=_text(raw.get("subtitle")),
        # The text our pages show is the abstract; a file with a description alone shows that.
        description=abstract or description,
        details=description if abstract else None,
        do_not_record=(
            raw["do_not_record"] if isinstance(raw.get("do_not_record"), bool) else None
        ),
        origin_url=_web_url(raw.get("origin_url")) or _foreign(raw.get("url"), guid),
        links=_links(raw.get("links"), where, skipped),
        persons=persons,
    )


_ROLES = {
    "speaker": "speaker",
    "moderator": "moderator",
    "host": "host",
    "contributor": "speaker",
    "guest": "panelist",
}


def _role(value) -> str | None:
    return _ROLES.get((_text(value) or "").lower())


def _localized(value) -> str | None:
    """A version 2 text may be a map of language to text: we keep the first."""
    if isinstance(value, dict):
        return next((t for t in map(_text, value.values()) if t), None)
    return _text(value)


def _web_url(value) -> str | None:
    """An http(s) address, else nothing: exports promise URIs, pages make links of them."""
    url = _text(value)
    if url and len(url) <= 2000 and re.match(r"^https?://[^\s]+$", url):
        return url
    return None


def _foreign(url, guid: str) -> str | None:
    """The file's url of the session, unless it is ours: our exports' urls name the uid."""
    url = _web_url(url)
    return url if url and guid not in url else None


def _links(raw, where: str, skipped: list[str]) -> list[Link]:
    links = []
    for item in raw if isinstance(raw, list) else ():
        item = item if isinstance(item, dict) else {}
        url = _web_url(item.get("url") or item.get("href"))
        if url is None:
            skipped.append(f"{where}: a link without an http(s) address")
            continue
        kind = _text(item.get("type"))
        links.append(
            Link(url=url, title=_text(item.get("title")), type=kind.lower() if kind else None)
        )
    return links


def _offset(delta: timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    sign = "-" if minutes < 0 else "+"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def _text(value) -> str | None:
    """A text field: a string (or a number, as some exporters write ids); anything else: absent."""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return None
    return str(value).strip() or None


def _person_key(person: dict) -> str | None:
    """The person's identity in the writing system, most stable first; None if none is usable."""
    for kind in ("guid", "code", "id"):
        value = _text(person.get(kind))
        if value and len(value) <= _MAX_KEY:
            return f"{kind}:{value}"
    return None


def _guid(raw: dict, namespace: str, where: str, problems: _Problems) -> tuple[str, str | None]:
    """(our uid, the file's identity if it is not a UUID). frab before 2016 wrote guids such as
    HOqeNIb6G7M4hYFKFRkCmQ, and some exporters write none: those get a UUID5 over the
    conference and the guid (or the id), the same each time the file is imported."""
    value = _text(raw.get("guid"))
    if value:
        try:
            return str(uuid.UUID(value)), None
        except ValueError:
            source = f"guid:{value}"
    elif _text(raw.get("id")):
        source = f"id:{_text(raw.get('id'))}"
    else:
        problems.add(where, "has neither guid nor id")
        return "", None
    if len(source) > _MAX_KEY:
        problems.add(where, f"{source.split(':')[0]} is longer than {_MAX_KEY - 5} characters")
        return "", None
    return str(uuid.uuid5(_GUIDS, f"{namespace}\n{source}")), source


def shown(entry: Entry) -> str:
    """The session's identity as the file writes it: its guid, or id:N for an event without one."""
    return (entry.source or entry.guid).removeprefix("guid:")


def _start(value, where: str, zone: ZoneInfo, problems: _Problems) -> datetime | None:
    if value in (None, ""):
        problems.add(where, "date is missing")
        return None
    try:
        start = datetime.fromisoformat(str(value).strip().replace("Z", "+00:00"))
    except ValueError:
        problems.add(where, f"date {value!r} is not an ISO 8601 time")
        return None
    start = start if start.tzinfo else start.replace(tzinfo=zone)
    return start if _within_years(start, f"date {value!r}", where, problems) else None


def _within_years(instant: datetime, what: str, where: str, problems: _Problems) -> bool:
    """The database's bound (sessions/times.py); the window around the event is the services'."""
    try:
        times.in_utc(instant, "date")
    except ValidationError:
        first, last = times.EARLIEST.year, times.LATEST.year - 1
        problems.add(where, f"{what} is not in the years {first} to {last}")
        return False
    return True


def _until(value, start: datetime, where: str, zone: ZoneInfo, problems: _Problems) -> timedelta:
    end = _start(value, where, zone, problems)
    if end is None:
        return timedelta(0)
    if end <= start:
        problems.add(where, "ends before it starts")
    return end - start


def _duration(value, where: str, problems: _Problems) -> timedelta:
    iso = _ISO_DURATION.match(str(value or "").strip())
    if iso and any(iso.groups()):
        hours, minutes, seconds = (int(g or 0) for g in iso.groups())
        length = timedelta(hours=hours, minutes=minutes, seconds=seconds)
        if not length:
            problems.add(where, "duration is zero")
        return length
    match = _DURATION.match(str(value or "").strip())
    if not match:
        problems.add(where, f"duration {value!r} is not HH:MM" if value else "duration is missing")
        return timedelta(0)
    sign, hh, mm, ss = match.groups()
    if sign:
        problems.add(where, f"duration {value} is negative")
        return timedelta(0)
    if int(mm) > 59 or int(ss or 0) > 59:
        problems.add(where, f"duration {value!r} is not HH:MM")
        return timedelta(0)
    length = timedelta(hours=int(hh), minutes=int(mm), seconds=int(ss or 0))
    if not length:
        problems.add(where, "duration is zero")
    return length
