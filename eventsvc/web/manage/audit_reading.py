"""How the audit trail reads on its page: each change as "field: old -> new", in the page's
language, with names instead of slugs and codes, and times in the event's zone.

The trail stores plain JSON (texts as language maps, other objects by slug or id, codes as
codes) so that the API answers what was written; the words are chosen here, when reading.
The names a page needs are looked up in a fixed number of queries, whatever its length.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from babel import Locale, UnknownLocaleError
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from sqlalchemy import select

from ...agenda.names import display_name
from ...audit.models import AuditEntry
from ...auth.models import User
from ...events.models import Event, Forum, Organization, Room
from ...extensions import db
from ...i18n import pick
from ...sessions.models import Talk
from ...speakers.models import Speaker, SpeakerName
from ..labels import LANGUAGES, ORGANIZATION_ROLES, SESSION_KINDS, SPEAKER_ROLES, STATUSES
from .forms import REGISTRATION_LABELS

ACTIONS = {
    "created": _l("created"),
    "updated": _l("updated"),
    "deleted": _l("deleted"),
    "published": _l("published"),
    "accepted": _l("accepted"),
}
# The kinds of object, in the order the filter offers them.
KINDS = {
    "event": _l("Event"),
    "forum": _l("Forum"),
    "room": _l("Room"),
    "organization": _l("Organization"),
    "organization_role": _l("Organization's role"),
    "grant": _l("Role of a person"),
    "invitation": _l("Invitation"),
    "session": _l("Session"),
    "speaker": _l("Speaker"),
    "import": _l("Import"),
    "release": _l("Release"),
    "conflict": _l("Accepted conflict"),
}
IMPORT_SOURCES = {"schedule": _l("schedule file"), "speakers": _l("speaker spreadsheet")}
PERSON_ROLES = {
    "admin": _l("administrator"),
    "organizer": _l("organizer"),
    "staff": _l("staff"),
    "attendee": _l("attendee"),
}
CONFLICT_KINDS = {
    "speaker_double_booked": _l("a speaker is in two sessions at once"),
    "room_double_booked": _l("the room holds two sessions at once"),
    "outside_event_dates": _l("outside the event's dates"),
    "outside_forum_dates": _l("outside the forum's dates"),
    "no_room": _l("no room"),
    "no_speaker": _l("no speaker"),
}
FIELDS = {
    "slug": _l("Name in links"),
    "name": lazy_pgettext("of a thing", "Name"),
    "default_language": _l("Default language"),
    "languages": _l("Languages"),
    "timezone": _l("Time zone"),
    "start_date": _l("First day"),
    "end_date": _l("Last day"),
    "venue": _l("Venue"),
    "description": _l("Description"),
    "theme": _l("Theme"),
    "position": _l("Order"),
    "capacity": _l("Capacity"),
    "short_name": _l("Short name"),
    "country": _l("Country"),
    "website": _l("Website"),
    "organization": _l("Organization"),
    "role": _l("Role"),
    "forum": _l("Forum"),
    "email": _l("Email"),
    "expires_at": _l("Link expires"),
    "title": lazy_pgettext("of a session", "Title"),
    "kind": _l("Kind"),
    "start": _l("Starts"),
    "end": _l("Ends"),
    "room": _l("Room"),
    "status": _l("Status"),
    "language": _l("Language"),
    "speakers": _l("Speakers"),
    "subtitle": _l("Subtitle"),
    "details": _l("Details"),
    "do_not_record": _l("Not to be recorded"),
    "links": _l("Links"),
    "origin_url": _l("Original page"),
    "type_name": _l("Type in the schedule file"),
    "names": _l("Names"),
    "honorific": _l("Honorific"),
    "affiliation": _l("Affiliation"),
    "bio": _l("Biography"),
    "organization_id": _l("Organization"),
    "photo_url": _l("Photo"),
    "phone": _l("Phone"),
    "precedence": _l("Protocol rank"),
    "registration": _l("Registration"),
    "public": _l("Public"),
    "arrived_at": _l("Checked in"),
    "arrived_by_id": _l("Checked in by"),
    "changes": _l("Changes published"),
    "reason": _l("Reason"),
    "release": _l("Release"),
    "forums_created": _l("Forums created"),
    "rooms_created": _l("Rooms created"),
    "speakers_created": _l("Speakers created"),
    "speakers_updated": _l("Speakers changed"),
    "speakers_skipped": _l("Rows skipped"),
    "sessions_created": _l("Sessions created"),
    "sessions_updated": _l("Sessions changed"),
}
# A field whose meaning differs by the kind of object it belongs to.
FIELDS_OF = {
    ("speaker", "title"): _l("Title"),
    ("release", "forum"): _l("Forum published"),
}
_INSTANTS = {"start", "end", "arrived_at", "expires_at"}
_TIME = "%Y-%m-%d %H:%M"
NOTHING = "—"


@dataclass(frozen=True)
class Change:
    field: str
    before: str
    after: str


@dataclass(frozen=True)
class Row:
    at: str
    who: str
    action: str
    kind: str
    what: str
    changes: list[Change]
    action_code: str


def local_time(instant: datetime, event: Event) -> str:
    return instant.astimezone(event.zone).strftime(_TIME)


class Names:
    """The names the page's entries refer to, in the page's language; six queries."""

    def __init__(self, event: Event, entries: list[AuditEntry], lang: str):
        self.event, self.lang = event, lang
        self.forums = self._by_slug(Forum, event)
        self.rooms = self._by_slug(Room, event)
        orgs = db.session.execute(
            select(Organization.id, Organization.slug, Organization.name).where(
                Organization.event_id == event.id
            )
        ).all()
        self.orgs = {slug: name for _id, slug, name in orgs}
        self.org_ids = {id_: name for id_, _slug, name in orgs}
        slugs, uids, user_ids = _references(entries)
        # One query for the speakers and their names (no relationship loading: an empty
        # page would then skip the names' query, and the count would vary).
        self.speakers: dict[str, list[dict]] = {}
        for slug, script, family, given, family_first in db.session.execute(
            select(
                Speaker.slug,
                SpeakerName.script,
                SpeakerName.family,
                SpeakerName.given,
                SpeakerName.family_first,
            )
            .join(SpeakerName, SpeakerName.speaker_id == Speaker.id)
            .where(Speaker.event_id == event.id, Speaker.slug.in_(slugs))
            .order_by(Speaker.id, SpeakerName.position)
        ):
            self.speakers.setdefault(slug, []).append(
                {"script": script, "family": family, "given": given, "family_first": family_first}
            )
        self.titles: dict[str, dict] = dict(
            db.session.execute(
                select(Talk.uid, Talk.title).where(Talk.event_id == event.id, Talk.uid.in_(uids))
            ).all()
        )
        self.emails = dict(
            db.session.execute(select(User.id, User.email).where(User.id.in_(user_ids))).all()
        )

    @staticmethod
    def _by_slug(model, event: Event) -> dict[str, dict]:
        return dict(
            db.session.execute(
                select(model.slug, model.name).where(model.event_id == event.id)
            ).all()
        )

    def text(self, value: dict | None) -> str:
        return pick(value, self.lang, self.event.default_language)

    def speaker(self, slug: str) -> str:
        found = self.speakers.get(slug)
        return display_name({"names": found}, self.lang) if found else slug


def _references(entries: list[AuditEntry]) -> tuple[set[str], set[str], set[int]]:
    """The speakers' slugs, sessions' uids and users' ids that the entries name."""
    slugs, uids, user_ids = set(), set(), set()
    for entry in entries:
        if entry.object_type == "speaker":
            slugs.add(entry.object_key)
        if entry.object_type == "session":
            uids.add(entry.object_key)
        for change in entry.changes:
            for value in (change.get("before"), change.get("after")):
                if change.get("field") == "speakers" and isinstance(value, list):
                    slugs.update(item[0] for item in value if isinstance(item, list) and item)
                if change.get("field") == "arrived_by_id" and isinstance(value, int):
                    user_ids.add(value)
    return slugs, uids, user_ids


def read(entries: list[AuditEntry], event: Event, lang: str) -> list[Row]:
    names = Names(event, entries, lang)
    return [
        Row(
            at=local_time(entry.at, event),
            who=entry.actor_email,
            action=str(ACTIONS.get(entry.action, entry.action)),
            kind=str(KINDS.get(entry.object_type, entry.object_type)),
            what=_what(entry, names),
            changes=_changes(entry, names),
            action_code=entry.action,
        )
        for entry in entries
    ]


def _what(entry: AuditEntry, names: Names) -> str:
    key, kind = entry.object_key, entry.object_type
    if kind == "session" and key in names.titles:
        return names.text(names.titles[key])
    if kind == "speaker" and key in names.speakers:
        return names.speaker(key)
    lookup = {"forum": names.forums, "room": names.rooms, "organization": names.orgs}.get(kind)
    if lookup is not None and key in lookup:
        return names.text(lookup[key])
    if kind == "organization_role":
        slugs = [c.get("before") or c.get("after") for c in entry.changes]
        fields = [c.get("field") for c in entry.changes]
        org = slugs[fields.index("organization")] if "organization" in fields else None
        if org in names.orgs:
            return names.text(names.orgs[org])
    if kind == "event" and key == names.event.slug:
        return names.text(names.event.name)
    if kind == "import":
        return str(IMPORT_SOURCES.get(key, key))
    if kind == "release":
        number = str(_l("No. %(number)s", number=key))
        if entry.label in ("", f"Release {key}"):
            return number
        return str(_l("%(kind)s: %(name)s", kind=number, name=entry.label))
    return entry.label or key


def _changes(entry: AuditEntry, names: Names) -> list[Change]:
    """Every change of an update; of a creation or deletion, only the fields that had a value,
    but for the slug (a code for links: the name beside it says the same to a person)."""
    if entry.action == "updated":
        return [_change(entry.object_type, change, names) for change in entry.changes]
    changes = [
        _change(entry.object_type, change, names)
        for change in entry.changes
        if change.get("field") != "slug"
    ]
    shown = (lambda c: c.before) if entry.action == "deleted" else (lambda c: c.after)
    return [c for c in changes if shown(c) != NOTHING]


def _change(kind: str, change: dict, names: Names) -> Change:
    field = change.get("field", "")
    label = FIELDS_OF.get((kind, field)) or FIELDS.get(field, field)
    return Change(
        str(label),
        _value(kind, field, change.get("before"), names),
        _value(kind, field, change.get("after"), names),
    )


def _value(kind: str, field: str, value, names: Names) -> str:
    if value is None or value == "" or value == []:
        return NOTHING
    if isinstance(value, bool):
        return str(_l("yes") if value else _l("no"))
    if isinstance(value, dict):
        return names.text(value)
    special = _SPECIAL.get(field)
    if special is not None:
        return special(kind, value, names)
    return str(value)


def _code(table: dict):
    return lambda _kind, value, _names: str(table.get(value, value))


def _role(kind: str, value, _names: Names) -> str:
    table = ORGANIZATION_ROLES if kind == "organization_role" else PERSON_ROLES
    return str(table.get(value, value))


def _kind(kind: str, value, _names: Names) -> str:
    table = CONFLICT_KINDS if kind == "conflict" else SESSION_KINDS
    return str(table.get(value, value))


def _instant(_kind: str, value, names: Names) -> str:
    try:
        return local_time(datetime.fromisoformat(str(value).replace("Z", "+00:00")), names.event)
    except ValueError:
        return str(value)


def _speakers(_kind: str, value, names: Names) -> str:
    people = [
        str(
            _l(
                "%(name)s (%(role)s)",
                name=names.speaker(item[0]),
                role=SPEAKER_ROLES.get(item[1], item[1]),
            )
        )
        for item in value
        if isinstance(item, list) and len(item) == 2
    ]
    return str(lazy_pgettext("list separator", ", ")).join(people) or NOTHING


def _speaker_names(_kind: str, value, names: Names) -> str:
    shown = [display_name({"names": [n]}, names.lang) for n in value if isinstance(n, dict)]
    return " / ".join(shown)


def _languages(_kind: str, value, _names: Names) -> str:
    tags = value if isinstance(value, list) else [value]
    shown = [LANGUAGES.get(str(t), str(t)) for t in tags]
    return str(lazy_pgettext("list separator", ", ")).join(shown)


def _country(_kind: str, value, names: Names) -> str:
    try:
        return Locale.parse(names.lang).territories.get(str(value).upper(), str(value))
    except (UnknownLocaleError, ValueError):
        return str(value)


def _links(_kind: str, value, _names: Names) -> str:
    return " ".join(link.get("url", "") for link in value if isinstance(link, dict)) or NOTHING


def _place(table: str):
    return lambda _kind, value, names: names.text(getattr(names, table).get(value)) or str(value)


def _organization(_kind: str, value, names: Names) -> str:
    return names.text(names.org_ids.get(value)) or str(value)


def _arrived_by(_kind: str, value, names: Names) -> str:
    return names.emails.get(value, str(value))


_SPECIAL = {
    "kind": _kind,
    "status": _code(STATUSES),
    "role": _role,
    "registration": _code({state.value: label for state, label in REGISTRATION_LABELS.items()}),
    "speakers": _speakers,
    "names": _speaker_names,
    "languages": _languages,
    "language": _languages,
    "default_language": _languages,
    "country": _country,
    "links": _links,
    "forum": _place("forums"),
    "room": _place("rooms"),
    "organization": _place("orgs"),
    "organization_id": _organization,
    "arrived_by_id": _arrived_by,
    **{field: _instant for field in _INSTANTS},
}
