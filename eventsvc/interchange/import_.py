"""Importing a frab/c3voc schedule into an event's working agenda.

Tracks become forums, rooms rooms, persons speakers, events sessions. Each session is
found again by the file's guid (recorded as an ImportedKey, and used as the session's uid),
so importing the same file twice updates, never duplicates. A guid that is not a UUID, or
none, gives a UUID5 (see parse.py). Persons are found by the id the file gave them when they
were first imported, then by name.

The whole file is read and checked first, then matched against the event, and only then
written, through the same services as the API and the workspace: the same validation, an
audit entry per object created or changed, attributed to the actor, and version bumps (so
an If-Match read before the import fails after it). A dry run stops after matching, so it
reads and never writes. Nothing is committed here; the caller commits once (or rolls back
on any error).
"""

from __future__ import annotations

import uuid
from dataclasses import asdict, dataclass, field
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..audit import services as audit
from ..errors import Conflict, ValidationError
from ..events import services as events
from ..events.models import Event, Forum, Room, check_timezone
from ..events.updates import update_event
from ..extensions import db
from ..i18n import is_language, pick
from ..sessions import services as sessions
from ..sessions.conflicts import blocking_conflicts
from ..sessions.models import SessionKind, Talk
from ..speakers import services as speakers
from ..speakers.models import Speaker
from ..speakers.services import display_latin, parse_names
from ..text import slugify
from .models import ImportedKey
from .names import normalized, spellings, split_name
from .parse import Entry, Person, Schedule, parse, shown

# Session types as pretalx and frab name them, beyond our own kind names (the README's
# table). Any other type gives the kind "other" and is kept as given, to export again.
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
    # The file's guid (or id) -> our uid, for sessions whose guid is not a UUID.
    derived_guids: dict[str, str] = field(default_factory=dict)
    # Guids of the file that sessions of another event have as their uid.
    taken_guids: list[str] = field(default_factory=list)
    # For those, with --new-guids: the file's guid -> the new uid.
    minted_guids: dict[str, str] = field(default_factory=dict)
    # The blocking conflicts of the event's working agenda after the import, as sentences.
    conflicts: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        """The report as a person reads it."""
        done = "Dry run (nothing written)" if self.dry_run else "Imported"
        head = f"{done} into event '{self.event}'"
        lines = [
            head + (" (new event)" if self.event_created else "") + ":",
            "  created: " + ", ".join(f"{n} {kind}" for kind, n in self.created.items()),
            f"  updated: {self.updated['sessions']} sessions",
            f"  unchanged: {self.unchanged['sessions']} sessions",
            f"  skipped: {len(self.skipped)}",
        ]
        lines += [f"    - {reason}" for reason in self.skipped]
        if self.derived_guids:
            lines.append(f"  guids that are not UUIDs: {len(self.derived_guids)} (file -> our uid)")
            lines += [f"    {given} -> {uid}" for given, uid in self.derived_guids.items()]
        if self.taken_guids:
            lines.append(
                f"  guids another event uses: {len(self.taken_guids)}"
                + (" (new uids minted)" if self.minted_guids else "")
            )
            lines += [
                f"    {given}" + (f" -> {self.minted_guids[given]}" if self.minted_guids else "")
                for given in self.taken_guids
            ]
        lines += [f"  note: {note}" for note in self.notes]
        if self.conflicts:
            lines.append(
                f"  conflicts that block publishing: {len(self.conflicts)} "
                "(fix them, or publish with --accept-conflicts REASON)"
            )
            lines += [f"    - {conflict}" for conflict in self.conflicts]
        return lines


def import_schedule(
    event: Event,
    data: bytes,
    filename_or_format: str,
    dry_run: bool = False,
    actor=None,
    language: str | None = None,
    new_guids: bool = False,
    timezone: str | None = None,
) -> Report:
    """Import the schedule file in data into event, its texts under language (default: the event's).

    A guid that a session of another event has as its uid refuses the file (Conflict,
    code guids_taken), unless new_guids: then those sessions get new uids.
    """
    schedule = parse(data, filename_or_format, event.zone, _given_zone(timezone))
    return _Import(
        event, schedule, language or event.default_language, dry_run, actor, new_guids
    ).run()


def import_schedule_as_new_event(
    slug: str,
    data: bytes,
    filename_or_format: str,
    dry_run: bool = False,
    actor=None,
    language: str | None = None,
    new_guids: bool = False,
    timezone: str | None = None,
) -> Report:
    """Create event slug from the file's conference (title, dates, time zone); import into it."""
    schedule = parse(data, filename_or_format, ZoneInfo("UTC"), _given_zone(timezone))
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
        report = _Import(None, schedule, lang, dry_run, actor, new_guids, zone=zone).run()
    else:
        event = events.create_event(fields, actor=actor)
        report = _Import(event, schedule, lang, dry_run, actor, new_guids).run()
    report.event, report.event_created = slug, True
    return report


def _given_zone(name: str | None) -> ZoneInfo | None:
    return ZoneInfo(check_timezone(name)) if name else None


def _kind(type_name: str | None) -> SessionKind:
    return _KINDS.get((type_name or "").strip().lower(), SessionKind.OTHER)


def _type_name(type_name: str | None) -> str | None:
    """The file's type where no kind of ours stands for it, kept to export it again."""
    name = (type_name or "").strip()
    return name[:50] if name and name.lower() not in _KINDS else None


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
        actor=None,
        new_guids: bool = False,
        zone: ZoneInfo | None = None,
    ):
        self.event, self.schedule, self.lang, self.dry_run = event, schedule, lang, dry_run
        self.actor, self.new_guids = actor, new_guids
        self.zone = event.zone if event is not None else zone
        self.report = Report(
            event=event.slug if event is not None else "",
            dry_run=dry_run,
            skipped=list(schedule.skipped),
            notes=[schedule.zone_note] if schedule.zone_note else [],
        )

    def run(self) -> Report:
        if not is_language(self.lang):
            raise ValidationError(
                _l("%(language)s is not a language tag", language=repr(self.lang)),
                {"language": "invalid"},
            )
        self._load()
        self._match()
        if self.report.taken_guids and not self.new_guids and not self.dry_run:
            taken = self.report.taken_guids
            listed, more = ", ".join(taken[:5]), len(taken) - 5
            raise Conflict(
                _l(
                    "%(count)d guid(s) of the file are sessions of another event: %(listed)s "
                    "and %(more)d more; import with --new-guids to give these sessions new uids",
                    count=len(taken),
                    listed=listed,
                    more=more,
                )
                if more > 0
                else _l(
                    "%(count)d guid(s) of the file are sessions of another event: %(listed)s; "
                    "import with --new-guids to give these sessions new uids",
                    count=len(taken),
                    listed=listed,
                ),
                {"guids": "taken"},
                code="guids_taken",
            )
        # Only a dry run goes without an event (one that a real import would create).
        if self.event is not None and not self.dry_run:
            self._write(self.event)
            self._record(self.event)
            self.report.conflicts = [
                _sentence(c, self.event) for c in blocking_conflicts(self.event)
            ]
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
            talk = by_key.get(_key(entry)) or by_uid.get(entry.guid)
            self.talk_for[entry.guid] = talk
            if entry.source:
                self.report.derived_guids[shown(entry)] = talk.uid if talk else entry.guid
            if talk is None:
                if entry.guid in self.taken_uids:
                    self.report.taken_guids.append(shown(entry))
                self.report.created["sessions"] += 1
            elif self._differs(talk, entry):
                self.report.updated["sessions"] += 1
            else:
                self.report.unchanged["sessions"] += 1
        self.report.created["forums"] = sum(f is None for f in self.forum_for.values())
        self.report.created["rooms"] = sum(r is None for r in self.room_for.values())

    def _places(self, names: list[str], existing: list) -> dict[str, Forum | Room | None]:
        """Each distinct name, with the forum or room of that name or slug (None: to create)."""
        by_name: dict[str, Forum | Room] = {}
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

    def _names(self, person: Person) -> list[dict]:
        """The names record of a new speaker, checked now so a dry run finds what writing would."""
        names = [split_name(person.name)]
        try:
            parse_names(names)
            return names
        except ValidationError as exc:
            reason = str(exc.message)
            raise ValidationError(
                f"person {person.name!r}: {reason}", {"file": reason}, code="bad_schedule"
            ) from exc

    def _differs(self, talk: Talk, entry: Entry) -> bool:
        forum, room = self.forum_for[entry.track or GENERAL_TRACK], self.room_for[entry.room]
        found = (self.speaker_for[_ident(p)] for p in entry.persons)
        speaker_ids = [s.id if s is not None else None for s in found]
        return (
            forum is None
            or room is None
            or None in speaker_ids
            or talk.forum_id != forum.id
            or talk.room_id != room.id
            or talk.start_at != entry.start
            or talk.end_at != entry.end
            or (talk.title or {}).get(self.lang) != entry.title
            or (entry.description and (talk.description or {}).get(self.lang) != entry.description)
            or talk.kind is not _kind(entry.type)
            or talk.type_name != _type_name(entry.type)
            or (entry.subtitle and (talk.subtitle or {}).get(self.lang) != entry.subtitle)
            or (entry.details and (talk.details or {}).get(self.lang) != entry.details)
            or (entry.do_not_record is not None and talk.do_not_record != entry.do_not_record)
            or (entry.links and talk.links != [asdict(link) for link in entry.links])
            or (entry.origin_url and talk.origin_url != entry.origin_url)
            or (_language(entry.language) and talk.language != _language(entry.language))
            or [a.speaker_id for a in talk.appearances] != list(dict.fromkeys(speaker_ids))
        )

    # -- writing -------------------------------------------------------------------------------

    def _write(self, event: Event) -> None:
        actor = self.actor
        self._cover_dates(event)
        forums = self._create_places(
            event, self.forum_for, self.forums, events.create_forum, "forum"
        )
        rooms = self._create_places(event, self.room_for, self.rooms, events.create_room, "room")
        people = self._create_speakers(event)
        known_keys = {(k.kind, k.key) for k in self.keys}
        for entry in self.schedule.entries:
            talk = self.talk_for[entry.guid]
            if talk is not None and not self._differs(talk, entry):
                continue
            data = self._fields(
                talk, entry, rooms[entry.room], [(people[_ident(p)], p.role) for p in entry.persons]
            )
            if talk is None:
                uid = entry.guid
                if uid in self.taken_uids:
                    uid = self.report.minted_guids[shown(entry)] = str(uuid.uuid4())
                talk = sessions.create_session(
                    forums[entry.track or GENERAL_TRACK],
                    {**data, "uid": uid},
                    actor=actor,
                    batch=True,
                )
            else:
                data["forum"] = forums[entry.track or GENERAL_TRACK]
                sessions.update_session(talk, data, actor=actor)
            if ("session", _key(entry)) not in known_keys:
                db.session.add(
                    ImportedKey(event_id=event.id, kind="session", key=_key(entry), talk=talk)
                )
        for ident, speaker in people.items():
            key = ident[1] if ident[0] == "key" else None
            if key and ("speaker", key) not in known_keys:
                db.session.add(
                    ImportedKey(event_id=event.id, kind="speaker", key=key, speaker=speaker)
                )
        db.session.flush()

    def _record(self, event: Event) -> None:
        created, updated = self.report.created, self.report.updated
        counts = {f"{kind}_created": n for kind, n in created.items()}
        counts |= {f"{kind}_updated": n for kind, n in updated.items()}
        audit.imported(event.id, self.actor, "schedule", counts)

    def _cover_dates(self, event: Event) -> None:
        """Widen the event's dates to every session's day, and list the file's language."""
        days = [e.start.astimezone(self.zone).date() for e in self.schedule.entries]
        first, last = min(days + [event.start_date]), max(days + [event.end_date])
        changes: dict[str, object] = {}
        if (first, last) != (event.start_date, event.end_date):
            self.report.notes.append(f"the event's dates widened to {first} - {last}")
            changes |= {"start_date": first, "end_date": last}
        if self.lang not in event.languages:
            changes["languages"] = [*event.languages, self.lang]
        if changes:
            update_event(event, changes, actor=self.actor)

    def _create_places(self, event: Event, wanted: dict, existing: list, create, noun: str) -> dict:
        taken = {p.slug for p in existing}
        result = {}
        for position, (name, place) in enumerate(wanted.items(), start=len(existing)):
            if place is None:
                slug = _unique(slugify(name, fallback=noun), taken)
                place = create(
                    event,
                    {"slug": slug, "name": {self.lang: name}, "position": position},
                    actor=self.actor,
                )
            result[name] = place
        return result

    def _create_speakers(self, event: Event) -> dict[tuple, Speaker]:
        taken = {s.slug for s in self.speakers}
        result = {}
        for ident, speaker in self.speaker_for.items():
            if speaker is None:
                names = self.new_names[ident]
                slug = _unique(
                    slugify(display_latin(parse_names(names)), fallback="speaker"), taken
                )
                speaker = speakers.create_speaker(
                    event, {"names": names, "slug": slug}, actor=self.actor, batch=True
                )
            result[ident] = speaker
        return result

    def _fields(
        self, talk: Talk | None, entry: Entry, room: Room, people: list[tuple[Speaker, str | None]]
    ) -> dict:
        """The session's fields as the session services take them, merged with what it has."""
        kept = {a.speaker_id: a for a in talk.appearances} if talk else {}
        roles: dict[Speaker, str | None] = {}
        for speaker, role in people:
            roles.setdefault(speaker, role)
        data: dict[str, object] = {
            "title": self._merged(talk, "title", entry.title),
            "kind": _kind(entry.type).value,
            "type_name": _type_name(entry.type),
            "start": entry.start,
            "end": entry.end,
            "room": room,
            # Roles, titles and affiliations set here survive a re-import.
            "speakers": [
                {
                    "speaker": s,
                    "role": kept[s.id].role.value,
                    "title": kept[s.id].title,
                    "affiliation": kept[s.id].affiliation,
                }
                if s.id in kept
                else {"speaker": s, "role": role}
                for s, role in roles.items()
            ],
        }
        for name in ("description", "subtitle", "details"):
            if getattr(entry, name):
                data[name] = self._merged(talk, name, getattr(entry, name))
        if _language(entry.language):
            data["language"] = _language(entry.language)
        if entry.do_not_record is not None:
            data["do_not_record"] = entry.do_not_record
        if entry.links:
            data["links"] = [asdict(link) for link in entry.links]
        if entry.origin_url:
            data["origin_url"] = entry.origin_url
        return data

    def _merged(self, talk: Talk | None, name: str, text: str) -> dict:
        """The text in the file's language, beside the session's texts in other languages."""
        return {**((getattr(talk, name) if talk else None) or {}), self.lang: text}


def _ident(person: Person) -> tuple:
    return ("key", person.key) if person.key else ("name", normalized(person.name))


def _sentence(conflict, event: Event) -> str:
    """A blocking conflict as the report names it: what clashes, and the sessions' titles, times."""
    lang = event.default_language
    sessions_ = " and ".join(
        f"{pick(t.title, lang, lang)!r} ({t.start_at.astimezone(event.zone):%Y-%m-%d %H:%M}"
        f"-{t.end_at.astimezone(event.zone):%H:%M})"
        for t in conflict.talks
    )
    if conflict.speaker is not None:
        return f"speaker {display_latin(conflict.speaker.names)} is in two places: {sessions_}"
    room = conflict.talks[0].room
    return f"room {pick(room.name, lang, lang) if room else '?'} holds two sessions: {sessions_}"


def _key(entry: Entry) -> str:
    """The session's ImportedKey: the file's own identity, whatever its form."""
    return entry.source or f"guid:{entry.guid}"


def _unique(base: str, taken: set[str]) -> str:
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    taken.add(slug)
    return slug
