"""Build a realistic synthetic conference: many forums over several days, parallel rooms,
speakers with Chinese and Latin names shared across forums, organizations in several roles,
a few cancelled and tentative sessions. The same seed always gives the same conference."""

from __future__ import annotations

import math
import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from ..events import services as events
from ..events.models import Event, Forum, Organization, OrganizationRole, OrgRole, Room
from ..extensions import db
from ..sessions.models import Appearance, AppearanceRole, SessionKind, SessionStatus, Talk
from ..speakers.models import Speaker, SpeakerName
from ..text import name_sort_key, slugify
from . import vocabulary as words

DAY_START = time(9, 0)
# Session uids are unique across events, so they derive from the event's slug, not the seed alone.
_UID_NAMESPACE = uuid.UUID("0b6f2f8e-8d0c-4f38-9a51-6f3b1c0e2a10")
DAY_MINUTES = 540  # 09:00 to 18:00


@dataclass(frozen=True)
class Size:
    forums: int
    sessions: int
    speakers: int
    days: int | None = None

    def __post_init__(self):
        if min(self.forums, self.sessions, self.speakers) < 1:
            raise ValueError("forums, sessions and speakers must each be at least 1")

    @property
    def day_count(self) -> int:
        return self.days or max(1, min(5, math.ceil(self.forums / 12)))


def generate(
    slug: str, size: Size, seed: int = 0, progress: Callable[[str], None] = lambda _: None
) -> Event:
    """Add the conference to the session (flushed, not committed) and return its event."""
    rng = random.Random(seed)
    start = date(2025, 3, 27)
    event = events.create_event(
        {
            "slug": slug,
            "name": {"en": f"Synthetic Conference {seed}", "zh": f"合成会议 {seed}"},
            "default_language": "en",
            "languages": ["en", "zh"],
            "timezone": "Asia/Shanghai",
            "start_date": start,
            "end_date": start + timedelta(days=size.day_count - 1),
            "venue": {"en": "Beijing", "zh": "北京"},
            "description": {"en": f"Generated with seed {seed}.", "zh": f"由种子 {seed} 生成。"},
        }
    )
    orgs = _organizations(event, max(5, size.forums), rng)
    rooms_needed = math.ceil(size.forums / size.day_count)
    rooms = [
        Room(
            event_id=event.id,
            slug=f"room-{i + 1}",
            name={"en": f"Hall {i + 1}", "zh": f"{i + 1}号厅"},
            capacity=rng.choice([80, 150, 300, 800]),
            position=i,
        )
        for i in range(rooms_needed)
    ]
    forums = [_forum(event, i, start, size, rng) for i in range(size.forums)]
    db.session.add_all([*rooms, *forums])
    db.session.flush()
    _organization_roles(event, forums, orgs, rng)
    progress(f"{len(forums)} forums, {len(rooms)} rooms, {len(orgs)} organizations")
    speakers = _speakers(event, size.speakers, orgs, rng)
    progress(f"{len(speakers)} speakers")
    talks = _sessions(event, forums, rooms, speakers, start, size, rng)
    progress(f"{len(talks)} sessions, {sum(len(t.appearances) for t in talks)} appearances")
    return event


def _organizations(event: Event, count: int, rng: random.Random) -> list[Organization]:
    orgs = []
    for i in range(count):
        base = words.INSTITUTIONS[i % len(words.INSTITUTIONS)]
        suffix = f" {i // len(words.INSTITUTIONS) + 1}" if i >= len(words.INSTITUTIONS) else ""
        orgs.append(
            Organization(
                event_id=event.id,
                slug=f"{slugify(base['en'])}{suffix.replace(' ', '-')}",
                name={lang: text + suffix for lang, text in base.items()},
                country=rng.choice(["CN", "CN", "FR", "DE", "GB", "KE"]),
            )
        )
    db.session.add_all(orgs)
    db.session.flush()
    return orgs


def _forum(event: Event, i: int, start: date, size: Size, rng: random.Random) -> Forum:
    topic, theme = words.FORUM_TOPICS[i % len(words.FORUM_TOPICS)]
    day = start + timedelta(days=i % size.day_count)
    number = f" {i + 1}"
    return Forum(
        event_id=event.id,
        slug=f"forum-{i + 1}",
        position=i,
        start_date=day,
        end_date=day,
        name={"en": f"Forum on {topic['en']}{number}", "zh": f"{topic['zh']}论坛{number}"},
        theme=theme,
        description={"en": f"Parallel forum{number}.", "zh": f"平行论坛{number}。"},
    )


def _organization_roles(event: Event, forums: list[Forum], orgs: list[Organization], rng) -> None:
    links = [
        OrganizationRole(
            organization_id=orgs[0].id, event_id=event.id, role=OrgRole.HOST, position=0
        )
    ]
    for forum in forums:
        chosen = rng.sample(orgs, k=min(len(orgs), rng.randint(2, 4)))
        roles = [OrgRole.HOST, OrgRole.ORGANIZER, OrgRole.CO_ORGANIZER, OrgRole.SUPPORTER]
        links += [
            OrganizationRole(
                organization_id=org.id,
                event_id=event.id,
                forum_id=forum.id,
                role=roles[min(n, 3)],
                position=n,
            )
            for n, org in enumerate(chosen)
        ]
    db.session.add_all(links)


def _speakers(
    event: Event, count: int, orgs: list[Organization], rng: random.Random
) -> list[Speaker]:
    speakers = []
    for i in range(count):
        names, country = _names(rng)
        title, rank = rng.choice(words.TITLES)
        org = rng.choice(orgs)
        latin = names[0]
        shown = (
            f"{latin.family} {latin.given}"
            if latin.family_first
            else f"{latin.given} {latin.family}"
        )
        speakers.append(
            Speaker(
                event_id=event.id,
                slug=f"{slugify(shown, 'speaker')}-{i + 1}",
                names=names,
                sort_name=name_sort_key(latin.family, latin.given),
                title=title,
                affiliation=org.name,
                organization_id=org.id,
                country=country,
                precedence=rank,
                email=f"speaker{i + 1}@example.org",
            )
        )
    db.session.add_all(speakers)
    db.session.flush()
    return speakers


def _names(rng: random.Random) -> tuple[list[SpeakerName], str]:
    if rng.random() < 0.45:
        family = rng.choice(words.CHINESE_FAMILY)
        given = rng.sample(words.CHINESE_GIVEN, k=rng.choice([1, 2]))
        return [
            SpeakerName(
                script="Latn",
                family=family[0],
                given="".join(g[0] for g in given).capitalize(),
                family_first=True,
                position=0,
            ),
            SpeakerName(
                script="Hans",
                family=family[1],
                given="".join(g[1] for g in given),
                family_first=True,
                position=1,
            ),
        ], "CN"
    country = rng.choice(sorted(words.LATIN_GIVEN))
    return [
        SpeakerName(
            script="Latn",
            family=rng.choice(words.LATIN_FAMILY[country]),
            given=rng.choice(words.LATIN_GIVEN[country]),
            family_first=country in words.FAMILY_FIRST_COUNTRIES,
            position=0,
        )
    ], country


def _sessions(
    event, forums, rooms, speakers, start: date, size: Size, rng: random.Random
) -> list[Talk]:
    per_forum = [
        size.sessions // size.forums + (1 if i < size.sessions % size.forums else 0)
        for i in range(size.forums)
    ]
    pool = speakers[:]
    rng.shuffle(pool)
    cursor = 0
    talks = []
    for i, (forum, count) in enumerate(zip(forums, per_forum, strict=False)):
        room = rooms[i // size.day_count]
        slot = max(5, (DAY_MINUTES // max(count, 1)) // 5 * 5)
        at = datetime.combine(forum.start_date, DAY_START, tzinfo=event.zone)
        for n in range(count):
            talk, cursor = _session(event, forum, room, at, slot, n, pool, cursor, rng)
            talks.append(talk)
            at += timedelta(minutes=slot)
    db.session.add_all(talks)
    db.session.flush()
    return talks


def _session(event, forum, room, at, slot, n, pool, cursor, rng):
    is_break = n % 7 == 6
    kind = SessionKind.BREAK if is_break else SessionKind(rng.choice(words.SESSION_KINDS))
    topic = rng.choice(words.SESSION_TOPICS)
    roll = rng.random()
    status = (
        SessionStatus.CANCELLED
        if roll < 0.02
        else SessionStatus.TENTATIVE
        if roll < 0.07
        else SessionStatus.CONFIRMED
    )
    talk = Talk(
        uid=str(uuid.uuid5(_UID_NAMESPACE, f"{event.slug}/{forum.slug}/{n}")),
        event_id=event.id,
        forum_id=forum.id,
        room_id=room.id,
        kind=kind,
        status=status,
        start_at=at,
        end_at=at + timedelta(minutes=slot if is_break else max(5, slot - rng.choice([0, 0, 5]))),
        title={"en": "Coffee break", "zh": "茶歇"}
        if is_break
        else {"en": f"{kind.value.title()}: {topic['en']}", "zh": f"{topic['zh']}"},
        language=rng.choice(["en", "zh"]),
    )
    if not is_break:
        many = kind in (SessionKind.PANEL, SessionKind.DIALOGUE)
        for position in range(rng.randint(3, 5) if many else 1):
            role = (
                AppearanceRole.MODERATOR
                if many and position == 0
                else AppearanceRole.PANELIST
                if many
                else AppearanceRole.KEYNOTE
                if kind is SessionKind.KEYNOTE
                else AppearanceRole.SPEAKER
            )
            speaker = pool[cursor % len(pool)]
            cursor += 1
            if any(a.speaker_id == speaker.id for a in talk.appearances):
                continue
            talk.appearances.append(Appearance(speaker_id=speaker.id, role=role, position=position))
    return talk, cursor
