"""The agenda in one language: plain structures for pages (and anything else that shows text).

Pure functions from an Agenda, a language and filters; no request, no database. Times
stay datetimes in the event's zone, so the caller formats them for its locale.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from ..storable import shown_url
from . import names, query
from .history import LastChange
from .model import Agenda, Talk
from .query import Filters


@dataclass(frozen=True, slots=True)
class Named:
    slug: str
    name: str


@dataclass(frozen=True, slots=True)
class Appearance:
    slug: str
    name: str  # with the honorific where the language puts it (names.addressed)
    role: str
    title: str
    affiliation: str
    position: str  # title and affiliation as the language joins them (names.position)


@dataclass(frozen=True, slots=True)
class SessionView:
    uid: str
    title: str
    description: str
    kind: str
    status: str
    start: datetime  # in the event's zone
    end: datetime
    forum: Named
    room: Named | None
    speakers: tuple[Appearance, ...]

    @property
    def cancelled(self) -> bool:
        return self.status == "cancelled"

    @property
    def minutes(self) -> int:
        return int((self.end - self.start).total_seconds() // 60)


@dataclass(frozen=True, slots=True)
class SessionPage:
    """One session on its own page: the listing's view, with its forum's theme and history."""

    session: SessionView
    forum_theme: str
    changed_in: int | None  # the release that last changed it, if one did after it was added
    changes: tuple[str, ...]  # what that release changed


@dataclass(frozen=True, slots=True)
class Organization:
    name: str
    short_name: str


@dataclass(frozen=True, slots=True)
class RoleGroup:
    role: str  # host, organizer, co-organizer, supporter
    organizations: tuple[Organization, ...]


@dataclass(frozen=True, slots=True)
class ForumColumn:
    forum: Named
    sessions: tuple[SessionView, ...]


@dataclass(frozen=True, slots=True)
class Day:
    date: date
    forums: tuple[ForumColumn, ...]


@dataclass(frozen=True, slots=True)
class ForumPage:
    slug: str
    name: str
    theme: str
    description: str
    venue: str
    start_date: date | None
    end_date: date | None
    organizations: tuple[RoleGroup, ...]
    days: tuple[Day, ...]
    speakers: tuple[SpeakerView, ...]


@dataclass(frozen=True, slots=True)
class SpeakerView:
    slug: str
    name: str
    honorific: str
    addressed: str  # the name with its honorific where the language puts it
    title: str
    affiliation: str
    position: str  # title and affiliation as the language joins them
    country: str | None
    sessions: tuple[SessionView, ...]


@dataclass(frozen=True, slots=True)
class SpeakerPage:
    """A speaker on their own page: the listing's view, with every script of their name."""

    speaker: SpeakerView
    names: tuple[tuple[str, str], ...]  # (script, the name written in it), each script once
    bio: str
    photo_url: str | None

    @property
    def all_cancelled(self) -> bool:
        return bool(self.speaker.sessions) and all(s.cancelled for s in self.speaker.sessions)


@dataclass(frozen=True, slots=True)
class EventView:
    slug: str
    name: str
    venue: str
    description: str
    start_date: date
    end_date: date
    timezone: str
    languages: tuple[str, ...]
    organizations: tuple[RoleGroup, ...]
    forums: tuple[Named, ...]
    rooms: tuple[Named, ...]
    days: tuple[date, ...]


def event(agenda: Agenda, lang: str) -> EventView:
    e = agenda.event
    return EventView(
        slug=e["slug"],
        name=agenda.text(e["name"], lang),
        venue=agenda.text(e["venue"], lang),
        description=agenda.text(e["description"], lang),
        start_date=date.fromisoformat(e["start_date"]),
        end_date=date.fromisoformat(e["end_date"]),
        timezone=agenda.zone.key,
        languages=tuple(e["languages"]),
        organizations=role_groups(agenda, e, lang),
        forums=tuple(named(agenda, f, lang) for f in agenda.forums),
        rooms=tuple(named(agenda, r, lang) for r in agenda.rooms),
        days=tuple(agenda.days),
    )


def session(agenda: Agenda, s: Talk, lang: str) -> SessionView:
    room = agenda.rooms_by_id.get(s.room_id) if s.room_id is not None else None
    return SessionView(
        uid=s.uid,
        title=agenda.text(s.title, lang),
        description=agenda.text(s.description, lang),
        kind=s.kind,
        status=s.status,
        start=s.local_start,
        end=s.local_end,
        forum=named(agenda, agenda.forums_by_id[s.forum_id], lang),
        room=named(agenda, room, lang) if room else None,
        speakers=tuple(_appearance(agenda, a, lang) for a in s.appearances),
    )


def session_page(agenda: Agenda, s: Talk, lang: str, last_change: LastChange | None) -> SessionPage:
    return SessionPage(
        session=session(agenda, s, lang),
        forum_theme=agenda.text(agenda.forums_by_id[s.forum_id]["theme"], lang),
        changed_in=last_change.release if last_change else None,
        changes=last_change.kinds if last_change else (),
    )


def days(agenda: Agenda, lang: str, filters: Filters | None = None) -> tuple[Day, ...]:
    """The filtered sessions by day, and within a day by forum in the forums' set order."""
    by_day: dict[date, dict[int, list[SessionView]]] = {}
    for s in query.sessions(agenda, filters or Filters()):
        by_day.setdefault(s.day, {}).setdefault(s.forum_id, []).append(session(agenda, s, lang))
    position = {f["id"]: i for i, f in enumerate(agenda.forums)}
    return tuple(
        Day(
            day,
            tuple(
                ForumColumn(named(agenda, agenda.forums_by_id[fid], lang), tuple(views))
                for fid, views in sorted(forums.items(), key=lambda item: position[item[0]])
            ),
        )
        for day, forums in sorted(by_day.items())
    )


def forum(agenda: Agenda, slug: str, lang: str, order: str = "protocol") -> ForumPage:
    f = agenda.forums_by_slug[slug]
    return ForumPage(
        slug=slug,
        name=agenda.text(f["name"], lang),
        theme=agenda.text(f["theme"], lang),
        description=agenda.text(f["description"], lang),
        venue=agenda.text(f["venue"], lang),
        start_date=date.fromisoformat(f["start_date"]) if f["start_date"] else None,
        end_date=date.fromisoformat(f["end_date"]) if f["end_date"] else None,
        organizations=role_groups(agenda, f, lang),
        days=days(agenda, lang, Filters(forum=slug)),
        speakers=speakers(agenda, lang, order, forum=slug),
    )


def speakers(
    agenda: Agenda, lang: str, order: str = "protocol", forum: str | None = None
) -> tuple[SpeakerView, ...]:
    return tuple(speaker(agenda, s, lang, forum) for s in query.speakers(agenda, order, forum))


def speaker(agenda: Agenda, record: dict, lang: str, forum: str | None = None) -> SpeakerView:
    forum_id = agenda.forums_by_slug[forum]["id"] if forum else None
    talks = [
        s
        for s in agenda.sessions_by_speaker.get(record["id"], [])
        if forum_id in (None, s.forum_id)
    ]
    name = names.display_name(record, lang)
    honorific = names.honorific(record["honorific"], lang, agenda.default_language)
    title = agenda.text(record["title"], lang)
    affiliation = agenda.text(record["affiliation"], lang)
    return SpeakerView(
        slug=record["slug"],
        name=name,
        honorific=honorific,
        addressed=names.addressed(name, honorific, lang),
        title=title,
        affiliation=affiliation,
        position=names.position(title, affiliation, lang),
        country=record["country"],
        sessions=tuple(session(agenda, s, lang) for s in talks),
    )


def speaker_page(agenda: Agenda, record: dict, lang: str) -> SpeakerPage:
    return SpeakerPage(
        speaker=speaker(agenda, record, lang),
        # Each script's name as display_name writes it, the one being asked for it alone.
        names=tuple(
            (n["script"], names.display_name({**record, "names": [n]}, lang))
            for n in record["names"]
        ),
        bio=agenda.text(record["bio"], lang),
        photo_url=shown_url(record["photo_url"]),
    )


def role_groups(agenda: Agenda, holder: dict, lang: str) -> tuple[RoleGroup, ...]:
    """Organizations grouped by role, roles in order of first appearance, each in its set order."""
    groups: dict[str, list[Organization]] = {}
    for org, role in agenda.organizations_of(holder):
        groups.setdefault(role, []).append(
            Organization(agenda.text(org["name"], lang), agenda.text(org["short_name"], lang))
        )
    return tuple(RoleGroup(role, tuple(orgs)) for role, orgs in groups.items())


def named(agenda: Agenda, record: dict, lang: str) -> Named:
    return Named(record["slug"], agenda.text(record["name"], lang))


def _appearance(agenda: Agenda, a: dict, lang: str) -> Appearance:
    """A speaker in a session, which may show another title or affiliation than the speaker's."""
    record = agenda.speakers[a["speaker"]]
    title = agenda.text(a["title"] or record["title"], lang)
    affiliation = agenda.text(a["affiliation"] or record["affiliation"], lang)
    return Appearance(
        slug=record["slug"],
        name=names.addressed(
            names.display_name(record, lang),
            names.honorific(record["honorific"], lang, agenda.default_language),
            lang,
        ),
        role=a["role"],
        title=title,
        affiliation=affiliation,
        position=names.position(title, affiliation, lang),
    )
