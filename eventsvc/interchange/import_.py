"""Importing a frab/c3voc schedule into an event's working agenda.

Tracks become forums, rooms rooms, persons speakers, events sessions. Each session is
found again by the file's guid (recorded as an ImportedKey, and used as the session's uid
where no other session has it), so importing the same file twice updates, never duplicates.
Persons are found by the id the file gave them when they were first imported, then by name.

The whole file is read and checked first, then matched against the event, and only then
written: a dry run stops after matching, so it reads and never writes. Nothing is
committed here; the caller commits once (or rolls back on any error).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..errors import ValidationError
from ..events import services as events
from ..events.models import Event, Forum, Room
from ..extensions import db
from ..i18n import is_language
from ..sessions.models import Appearance, AppearanceRole, SessionKind, Talk
from ..speakers.models import Speaker
from ..speakers.services import parse_names, sort_key
from ..text import slugify
from .models import ImportedKey
from .names import normalized, spellings, split_name
from .parse import Entry, Person, Schedule, parse

# Session types as pretalx and frab name them, beyond our own kind names.
_KINDS = {kind.value: kind for kind in SessionKind} | {
    "talk": SessionKind.SPEECH,
    "lecture": SessionKind.SPEECH,
    "lightning talk": SessionKind.SPEECH,
    "discussion": SessionKind.DIALOGUE,
    "podium": SessionKind.PANEL,
    "panel discussion": SessionKind.PANEL,
    "pause": SessionKind.BREAK,
    "ceremony": SessionKind.CEREMONY,
}
GENERAL_TRACK = "General"


@dataclass
class Report:
    event: str
    dry_run: bool
    event_created: bool = False
    created: dict[str, int] = field(
        default_factory=lambda: {"forums": 0, "rooms": 0, "speakers": 0, "sessions": 0}
    )
    updated: dict[str, int] = field(default_factory=lambda: {"sessions": 0})
    unchanged: dict[str, int] = field(default_factory=lambda: {"sessions": 0})
    skipped: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        """The report as a person reads it."""
        head = f"{'Dry run (nothing written)' if self.dry_run else 'Imported'} into event '{self.event}'"
        lines = [
            head + (" (new event)" if self.event_created else "") + ":",
            "  created: " + ", ".join(f"{n} {kind}" for kind, n in self.created.items()),
            f"  updated: {self.updated['sessions']} sessions",
            f"  unchanged: {self.unchanged['sessions']} sessions",
            f"  skipped: {len(self.skipped)}",
        ]
        lines += [f"    - {reason}" for reason in self.skipped]
        lines += [f"  note: {note}" for note in self.notes]
        return lines


def import_schedule(
    event: Event,
    data: bytes,
    filename_or_format: str,
    dry_run: bool = False,
    actor=None,
    language: str | None = None,
) -> Report:
    """Import the schedule file in data into event; its texts go under language (default: the event's)."""
    schedule = parse(data, filename_or_format, event.zone)
    return _Import(event, schedule, language or event.default_language, dry_run).run()


def import_schedule_as_new_event(
    slug: str,
    data: bytes,
    filename_or_format: str,
    dry_run: bool = False,
    actor=None,
    language: str | None = None,
) -> Report:
    """Create the event slug from the file's conference (title, dates, time zone), then import into it."""
    schedule = parse(data, filename_or_format, ZoneInfo("UTC"))
    lang = language or "en"
    zone = ZoneInfo(schedule.time_zone or "UTC")
    days = [e.start.astimezone(zone).date() for e in schedule.entries]
    start, end = schedule.start or min(days), schedule.end or max(days)
    fields = {
        "slug": slug,
        "name": {lang: schedule.title or schedule.acronym or slug},
        "default_language": lang,
        "timezone": zone.key,
        "start_date": min(start, *days),
        "end_date": max(end, start, *days),
    }
    if dry_run:
        events.check_slug(slug)
        report = _Import(None, schedule, lang, dry_run, zone=zone).run()
    else:
        event = events.create_event(fields, actor=actor)
        report = _Import(event, schedule, lang, dry_run).run()
    report.event, report.event_created = slug, True
    return report


def _kind(type_name: str | None) -> SessionKind:
    return _KINDS.get((type_name or "").strip().lower(), SessionKind.OTHER)


def _language(tag: str | None) -> str | None:
    tag = (tag or "").strip().lower()
    return tag if is_language(tag) else None


class _Import:
    def __init__(
        self,
        event: Event | None,
        schedule: Schedule,
        lang: str,
        dry_run: bool,
        zone: ZoneInfo | None = None,
    ):
        self.event, self.schedule, self.lang, self.dry_run = event, schedule, lang, dry_run
        self.zone = event.zone if event is not None else zone
        self.report = Report(
            event=event.slug if event is not None else "",
            dry_run=dry_run,
            skipped=list(schedule.skipped),
        )

    def run(self) -> Report:
        if not is_language(self.lang):
            raise ValidationError(f"{self.lang!r} is not a language tag", {"language": "invalid"})
        self._load()
        self._match()
        if not self.dry_run:
            self._write()
        return self.report

    # -- reading what the event has ---------------------------------------------------------

    def _load(self) -> None:
        guids = [e.guid for e in self.schedule.entries]
        self.taken_uids = set(db.session.scalars(select(Talk.uid).where(Talk.uid.in_(guids))))
        if self.event is None:
            self.forums, self.rooms, self.speakers, self.talks, self.keys = [], [], [], [], []
            return
        eid = self.event.id
        self.forums = list(
            db.session.scalars(select(Forum).where(Forum.event_id == eid).order_by(Forum.id))
        )
        self.rooms = list(
            db.session.scalars(select(Room).where(Room.event_id == eid).order_by(Room.id))
        )
        self.speakers = list(
            db.session.scalars(select(Speaker).where(Speaker.event_id == eid).order_by(Speaker.id))
        )
        self.talks = list(
            db.session.scalars(
                select(Talk).where(Talk.event_id == eid).options(selectinload(Talk.appearances))
            )
        )
        self.keys = list(db.session.scalars(select(ImportedKey).where(ImportedKey.event_id == eid)))

    # -- deciding what each thing in the file is ----------------------------------------------

    def _match(self) -> None:
        self.forum_for = self._places(
            [e.track or GENERAL_TRACK for e in self.schedule.entries], self.forums
        )
        self.room_for = self._places([e.room for e in self.schedule.entries], self.rooms)
        self.speaker_for = self._people()
        self.talk_for: dict[str, Talk | None] = {}
        by_key = {k.key: k.talk for k in self.keys if k.kind == "session"}
        by_uid = {t.uid: t for t in self.talks}
        for entry in self.schedule.entries:
            talk = by_key.get(f"guid:{entry.guid}") or by_uid.get(entry.guid)
            self.talk_for[entry.guid] = talk
            if talk is None:
                self.report.created["sessions"] += 1
            elif self._differs(talk, entry):
                self.report.updated["sessions"] += 1
            else:
                self.report.unchanged["sessions"] += 1
        self.report.created["forums"] = sum(f is None for f in self.forum_for.values())
        self.report.created["rooms"] = sum(r is None for r in self.room_for.values())

    def _places(self, names: list[str], existing: list) -> dict[str, Forum | Room | None]:
        """Each distinct name, with the forum or room of that name or slug (None: to create)."""
        by_name = {}
        for place in existing:
            by_name.setdefault(place.slug, place)
            for text in (place.name or {}).values():
                by_name.setdefault(normalized(text), place)
        return {
            name: by_name.get(normalized(name)) or by_name.get(slugify(name))
            for name in dict.fromkeys(names)
        }

    def _people(self) -> dict[tuple, Speaker | None]:
        by_key = {k.key: k.speaker for k in self.keys if k.kind == "speaker"}
        by_name: dict[str, list[Speaker]] = {}
        for speaker in self.speakers:
            for n in speaker.names:
                for spelling in spellings(n.family, n.given):
                    by_name.setdefault(spelling, []).append(speaker)
        found: dict[tuple, Speaker | None] = {}
        self.new_names: dict[tuple, list] = {}
        for person in (p for e in self.schedule.entries for p in e.persons):
            ident = _ident(person)
            if ident in found:
                continue
            match = by_key.get(person.key) if person.key else None
            candidates = by_name.get(normalized(person.name), [])
            if match is None and candidates:
                match = min(set(candidates), key=lambda s: s.id)
                if len(set(candidates)) > 1:
                    self.report.notes.append(
                        f"{person.name!r} matches {len(set(candidates))} speakers; "
                        f"used {match.slug}"
                    )
            found[ident] = match
            if match is None:
                self.new_names[ident] = self._names(person)
                self.report.created["speakers"] += 1
        return found

    def _names(self, person: Person) -> list:
        try:
            return parse_names([split_name(person.name)])
        except ValidationError as exc:
            raise ValidationError(
                f"person {person.name!r}: {exc.message}", {"file": exc.message}, code="bad_schedule"
            ) from exc

    def _differs(self, talk: Talk, entry: Entry) -> bool:
        forum, room = self.forum_for[entry.track or GENERAL_TRACK], self.room_for[entry.room]
        speakers = [self.speaker_for[_ident(p)] for p in entry.persons]
        return (
            forum is None
            or room is None
            or None in speakers
            or talk.forum_id != forum.id
            or talk.room_id != room.id
            or talk.start_at != entry.start
            or talk.end_at != entry.end
            or (talk.title or {}).get(self.lang) != entry.title
            or (entry.description and (talk.description or {}).get(self.lang) != entry.description)
            or talk.kind is not _kind(entry.type)
            or (_language(entry.language) and talk.language != _language(entry.language))
            or [a.speaker_id for a in talk.appearances]
            != list(dict.fromkeys(s.id for s in speakers))
        )

    # -- writing -------------------------------------------------------------------------------

    def _write(self) -> None:
        event = self.event
        self._cover_dates()
        forums = self._create_places(self.forum_for, self.forums, events.create_forum, "forum")
        rooms = self._create_places(self.room_for, self.rooms, events.create_room, "room")
        speakers = self._create_speakers()
        known_keys = {(k.kind, k.key) for k in self.keys}
        for entry in self.schedule.entries:
            talk = self.talk_for[entry.guid]
            if talk is None:
                uid = entry.guid if entry.guid not in self.taken_uids else str(uuid.uuid4())
                talk = Talk(uid=uid, event_id=event.id, title={})
                db.session.add(talk)
            elif not self._differs(talk, entry):
                continue
            self._apply(
                talk,
                entry,
                forums[entry.track or GENERAL_TRACK],
                rooms[entry.room],
                [speakers[_ident(p)] for p in entry.persons],
            )
            if ("session", f"guid:{entry.guid}") not in known_keys:
                db.session.add(
                    ImportedKey(
                        event_id=event.id, kind="session", key=f"guid:{entry.guid}", talk=talk
                    )
                )
        for ident, speaker in speakers.items():
            key = ident[1] if ident[0] == "key" else None
            if key and ("speaker", key) not in known_keys:
                db.session.add(
                    ImportedKey(event_id=event.id, kind="speaker", key=key, speaker=speaker)
                )
        db.session.flush()

    def _cover_dates(self) -> None:
        """Widen the event's dates to every session's day, and list the file's language."""
        event = self.event
        days = [e.start.astimezone(self.zone).date() for e in self.schedule.entries]
        first, last = min(days + [event.start_date]), max(days + [event.end_date])
        if (first, last) != (event.start_date, event.end_date):
            self.report.notes.append(f"the event's dates widened to {first} - {last}")
            event.start_date, event.end_date = first, last
        if self.lang not in event.languages:
            event.languages = [*event.languages, self.lang]

    def _create_places(self, wanted: dict, existing: list, create, noun: str) -> dict:
        taken = {p.slug for p in existing}
        result = {}
        for position, (name, place) in enumerate(wanted.items(), start=len(existing)):
            if place is None:
                slug = _unique(slugify(name, fallback=noun), taken)
                place = create(
                    self.event, {"slug": slug, "name": {self.lang: name}, "position": position}
                )
            result[name] = place
        return result

    def _create_speakers(self) -> dict[tuple, Speaker]:
        taken = {s.slug for s in self.speakers}
        result = {}
        for ident, speaker in self.speaker_for.items():
            if speaker is None:
                names = self.new_names[ident]
                latin = next((n for n in names if n.script == "Latn"), names[0])
                order = (
                    (latin.family, latin.given)
                    if latin.family_first
                    else (latin.given, latin.family)
                )
                slug = _unique(slugify(" ".join(order), fallback="speaker"), taken)
                speaker = Speaker(
                    event_id=self.event.id, slug=slug, names=names, sort_name=sort_key(names)
                )
                db.session.add(speaker)
            result[ident] = speaker
        return result

    def _apply(
        self, talk: Talk, entry: Entry, forum: Forum, room: Room, speakers: list[Speaker]
    ) -> None:
        talk.forum, talk.room = forum, room
        talk.title = {**(talk.title or {}), self.lang: entry.title}
        if entry.description:
            talk.description = {**(talk.description or {}), self.lang: entry.description}
        talk.kind = _kind(entry.type)
        talk.language = _language(entry.language) or talk.language
        talk.start_at, talk.end_at = entry.start, entry.end
        kept = {a.speaker_id: a for a in talk.appearances if a.speaker_id is not None}
        appearances = []
        for position, speaker in enumerate(dict.fromkeys(speakers)):
            appearance = kept.get(speaker.id) if speaker.id else None
            if appearance is None:
                appearance = Appearance(speaker=speaker, role=AppearanceRole.SPEAKER)
            appearance.position = position
            appearances.append(appearance)
        talk.appearances = appearances


def _ident(person: Person) -> tuple:
    return ("key", person.key) if person.key else ("name", normalized(person.name))


def _unique(base: str, taken: set[str]) -> str:
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    taken.add(slug)
    return slug
