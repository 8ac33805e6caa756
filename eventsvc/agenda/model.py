"""The agenda of one release, indexed for reading. Built once from the snapshot, then shared.

Everything here is immutable after construction, so one Agenda can serve every request
and thread of a process for as long as its release is current.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from ..i18n import pick


@dataclass(frozen=True, slots=True)
class Talk:
    """A session of the release, as pages, feeds and the API read it."""

    uid: str
    id: int
    forum_id: int
    room_id: int | None
    title: dict
    description: dict | None
    kind: str
    status: str
    language: str | None
    start: datetime  # aware, UTC
    end: datetime
    local_start: datetime  # aware, the event's zone
    local_end: datetime
    revision: int
    changed_at: datetime
    appearances: tuple[dict, ...]  # {"speaker", "role", "title", "affiliation"}
    # subtitle, details, do_not_record, links, origin_url, type_name where set (schedule files)
    interchange: dict = field(default_factory=dict)

    @property
    def day(self) -> date:
        return self.local_start.date()

    @property
    def cancelled(self) -> bool:
        return self.status == "cancelled"

    @property
    def minutes(self) -> int:
        return int((self.end - self.start).total_seconds() // 60)


def instant(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


@dataclass
class Agenda:
    release_id: int
    release_number: int
    digest: str
    published_at: datetime
    event: dict
    zone: ZoneInfo
    organizations: dict[int, dict]
    forums: list[dict]
    rooms: list[dict]
    speakers: dict[int, dict]
    sessions: list[Talk]
    forums_by_id: dict[int, dict] = field(default_factory=dict)
    forums_by_slug: dict[str, dict] = field(default_factory=dict)
    rooms_by_id: dict[int, dict] = field(default_factory=dict)
    rooms_by_slug: dict[str, dict] = field(default_factory=dict)
    speakers_by_slug: dict[str, dict] = field(default_factory=dict)
    sessions_by_uid: dict[str, Talk] = field(default_factory=dict)
    sessions_by_forum: dict[int, list[Talk]] = field(default_factory=dict)
    sessions_by_room: dict[int, list[Talk]] = field(default_factory=dict)
    sessions_by_speaker: dict[int, list[Talk]] = field(default_factory=dict)
    # Public feed (feeds.feed_key) -> its Last-Modified, settled at publish (feed_times.py).
    feed_times: dict[str, datetime] = field(default_factory=dict)

    @classmethod
    def from_snapshot(
        cls, release_id: int, number: int, digest: str, published_at: datetime, snap: dict
    ) -> Agenda:
        zone = ZoneInfo(snap["event"]["timezone"])
        sessions = sorted(
            (_session(s, zone) for s in snap["sessions"]), key=lambda s: (s.start, s.end, s.id)
        )
        agenda = cls(
            release_id=release_id,
            release_number=number,
            digest=digest,
            published_at=published_at,
            event=snap["event"],
            zone=zone,
            organizations={o["id"]: o for o in snap["organizations"]},
            forums=snap["forums"],
            rooms=snap["rooms"],
            speakers={s["id"]: s for s in snap["speakers"]},
            sessions=sessions,
        )
        agenda._index()
        return agenda

    def _index(self) -> None:
        self.forums_by_id = {f["id"]: f for f in self.forums}
        self.forums_by_slug = {f["slug"]: f for f in self.forums}
        self.rooms_by_id = {r["id"]: r for r in self.rooms}
        self.rooms_by_slug = {r["slug"]: r for r in self.rooms}
        self.speakers_by_slug = {s["slug"]: s for s in self.speakers.values()}
        self.sessions_by_uid = {s.uid: s for s in self.sessions}
        by_forum, by_room, by_speaker = defaultdict(list), defaultdict(list), defaultdict(list)
        for s in self.sessions:
            by_forum[s.forum_id].append(s)
            if s.room_id is not None:
                by_room[s.room_id].append(s)
            for a in s.appearances:
                by_speaker[a["speaker"]].append(s)
        self.sessions_by_forum, self.sessions_by_room = dict(by_forum), dict(by_room)
        self.sessions_by_speaker = dict(by_speaker)

    @property
    def slug(self) -> str:
        return self.event["slug"]

    @property
    def default_language(self) -> str:
        return self.event["default_language"]

    @property
    def days(self) -> list[date]:
        return sorted({s.day for s in self.sessions})

    def text(self, value: dict | None, lang: str) -> str:
        """value in lang, else the event's default language, else any language present."""
        return pick(value, lang, self.default_language)

    def organizations_of(self, holder: dict) -> list[tuple[dict, str]]:
        """(organization, role) for an event or forum record, in their set order."""
        return [
            (self.organizations[link["organization"]], link["role"])
            for link in holder["organizations"]
        ]


def _session(s: dict, zone: ZoneInfo) -> Talk:
    start, end = instant(s["start"]), instant(s["end"])
    return Talk(
        uid=s["uid"],
        id=s["id"],
        forum_id=s["forum"],
        room_id=s["room"],
        title=s["title"],
        description=s["description"],
        kind=s["kind"],
        status=s["status"],
        language=s["language"],
        start=start,
        end=end,
        local_start=start.astimezone(zone),
        local_end=end.astimezone(zone),
        revision=s["revision"],
        changed_at=instant(s["changed_at"]),
        appearances=tuple(s["speakers"]),
        interchange=s.get("interchange", {}),
    )
