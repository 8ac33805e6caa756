"""iCalendar feeds: a pure function from published sessions to the bytes calendar clients read.

Everything in a feed comes from the release (and the feed options), never from the clock,
so the same release, selection and language always give the same bytes:
- UID is the session's permanent uid at the deployment's host name;
- SEQUENCE is the session's revision (bumped by publish when its time, place, title or
  status changed); DTSTAMP and LAST-MODIFIED are its changed_at;
- cancelled sessions stay, with STATUS:CANCELLED; removed sessions are simply absent;
- DTSTART/DTEND carry the event's TZID, with a VTIMEZONE cut to the event's dates (a full
  Asia/Shanghai history would include China's 1986-1991 daylight saving time).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from icalendar import Calendar, Event, vDuration, vText

from . import names
from .model import Agenda, Talk
from .urls import session_url

PRODID = "-//eventsvc//Conference agenda feeds//EN"

_STATUS = {"confirmed": "CONFIRMED", "tentative": "TENTATIVE", "cancelled": "CANCELLED"}

# Labels the feeds write; languages without an entry fall back to English. The Chinese words
# are the pages' own (tests/test_chinese_terms.py holds them to the catalogue).
_LABELS = {
    "en": {
        "speakers": "Speakers",
        "forum": "Forum",
        "theme": "Theme",
        "cancelled": "Cancelled",
        "starred": "Starred sessions",
        # A speaker's line: name with honorific, role, then position (names.position).
        "appearance": "{name} ({role})",
        "position": ", {position}",
        "kind": {
            "opening": "Opening",
            "keynote": "Keynote",
            "speech": "Speech",
            "remarks": "Remarks",
            "panel": "Panel",
            "dialogue": "Dialogue",
            "ceremony": "Ceremony",
            "break": "Break",
            "other": "Session",
        },
        "role": {
            "speaker": "speaker",
            "keynote": "keynote speaker",
            "moderator": "moderator",
            "host": "host",
            "panelist": "panelist",
            "discussant": "discussant",
        },
    },
    "zh": {
        "speakers": "嘉宾",
        "forum": "论坛",
        "theme": "主题",
        "cancelled": "已取消",
        "starred": "我收藏的日程",
        "appearance": "{name}（{role}）",
        "position": "，{position}",
        "kind": {
            "opening": "开幕",
            "keynote": "主旨演讲",
            "speech": "演讲",
            "remarks": "致辞",
            "panel": "圆桌讨论",
            "dialogue": "对话",
            "ceremony": "仪式",
            "break": "茶歇",
            "other": "议程",
        },
        "role": {
            "speaker": "演讲嘉宾",
            "keynote": "主旨演讲嘉宾",
            "moderator": "主持人",
            "host": "主持人",
            "panelist": "讨论嘉宾",
            "discussant": "评议人",
        },
    },
}


def labels(lang: str) -> dict:
    return _LABELS.get(lang.split("-")[0], _LABELS["en"])


@dataclass(frozen=True, slots=True)
class Options:
    """What a feed needs from the deployment rather than the release."""

    base_url: str  # "https://agenda.example.org" without the trailing slash
    uid_host: str  # the host name in every UID: fixed per deployment, never per request
    refresh_minutes: int


@dataclass(frozen=True, slots=True)
class Part:
    """Sessions of one release: a feed has one part, a personal feed one per event."""

    agenda: Agenda
    sessions: Sequence[Talk]


def build(name: str, parts: Sequence[Part], lang: str, options: Options) -> bytes:
    """The feed named name holding the sessions of parts, rendered in lang."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("name", vText(name))
    cal.add("x-wr-calname", vText(name))
    if parts:
        cal.add("x-wr-timezone", vText(parts[0].agenda.zone.key))
    refresh = vDuration(timedelta(minutes=options.refresh_minutes))
    cal.add("refresh-interval", refresh, parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", refresh)
    for part in parts:
        for talk in part.sessions:
            cal.add_component(_vevent(part.agenda, talk, lang, options))
    first, last = _date_range(parts)
    if first is not None and last is not None:
        cal.add_missing_timezones(first_date=first, last_date=last)
    return cal.to_ical()


def _date_range(parts: Sequence[Part]) -> tuple[date | None, date | None]:
    """From the first to the day after the last date any event or session touches."""
    days = []
    for part in parts:
        event = part.agenda.event
        days += [date.fromisoformat(event["start_date"]), date.fromisoformat(event["end_date"])]
        days += [d for s in part.sessions for d in (s.local_start.date(), s.local_end.date())]
    if not days:
        return None, None
    # The database keeps times far from date.max (sessions/times.py); should one come this
    # close anyway, the range ends at date.max rather than overflowing every feed.
    return min(days), min(max(days), date.max - timedelta(days=1)) + timedelta(days=1)


def combined_fingerprint(
    name: str,
    agenda: Agenda,
    sessions: Sequence[Talk],
    session_prints: Sequence[str],
    options: Options,
) -> str:
    """A hash that changes exactly when build(name, [Part(agenda, sessions)], ...) would.

    It hashes what build writes (every VEVENT's values, given as their session_fingerprint,
    the calendar's name, zone, date range and refresh) without making the iCalendar
    objects, which cost many times more: publishing works out every public feed's
    fingerprint to settle its Last-Modified.
    """
    first, last = _date_range([Part(agenda, sessions)])
    head = [PRODID, name, agenda.zone.key, options.refresh_minutes, str(first), str(last)]
    digest = hashlib.sha256(json.dumps(head, ensure_ascii=False).encode())
    for session_print in session_prints:
        digest.update(session_print.encode())
    return digest.hexdigest()


def session_fingerprint(agenda: Agenda, talk: Talk, lang: str, options: Options) -> str:
    """A hash of one session's VEVENT values in lang (see fingerprint)."""
    values = [
        v.isoformat() if isinstance(v, datetime) else v
        for v in _values(agenda, talk, lang, options).values()
    ]
    return hashlib.sha256(json.dumps(values, ensure_ascii=False).encode()).hexdigest()


def _values(agenda: Agenda, talk: Talk, lang: str, options: Options) -> dict:
    """Every value of the session's VEVENT, in the order it writes them; None: left out."""
    forum = agenda.forums_by_id[talk.forum_id]
    url = session_url(agenda.slug, talk.uid, options.base_url)
    return {
        "uid": f"{talk.uid}@{options.uid_host}",
        "dtstamp": talk.changed_at,
        "last-modified": talk.changed_at,
        "sequence": talk.revision,
        "dtstart": talk.local_start,
        "dtend": talk.local_end,
        "summary": _summary(agenda, talk, lang),
        "status": _STATUS[talk.status],
        "categories": agenda.text(forum["name"], lang),
        "location": _location(agenda, talk, lang) or None,
        "url": url,
        "description": _description(agenda, talk, forum, lang, url),
    }


def _vevent(agenda: Agenda, talk: Talk, lang: str, options: Options) -> Event:
    event = Event()
    for key, value in _values(agenda, talk, lang, options).items():
        if key == "categories":
            event.add(key, [value])
        elif key == "url":
            event.add(key, value, parameters={"VALUE": "URI"})
        elif value is not None:
            event.add(key, value)
    return event


def _summary(agenda: Agenda, talk: Talk, lang: str) -> str:
    title = agenda.text(talk.title, lang)
    # Several clients ignore STATUS; saying it in the title keeps a cancelled talk from misleading.
    return f"[{labels(lang)['cancelled']}] {title}" if talk.cancelled else title


def _location(agenda: Agenda, talk: Talk, lang: str) -> str:
    room = agenda.rooms_by_id.get(talk.room_id) if talk.room_id is not None else None
    forum = agenda.forums_by_id[talk.forum_id]
    venue = (room and room.get("venue")) or forum.get("venue") or agenda.event.get("venue")
    parts = [agenda.text(room["name"], lang) if room else "", agenda.text(venue, lang)]
    return ", ".join(p for p in parts if p)


def _description(agenda: Agenda, talk: Talk, forum: dict, lang: str, url: str) -> str:
    words = labels(lang)
    lines = [words["kind"].get(talk.kind, talk.kind)]
    if talk.appearances:
        lines += ["", f"{words['speakers']}:"]
        lines += [f"- {_appearance(agenda, a, lang)}" for a in talk.appearances]
    lines += ["", f"{words['forum']}: {agenda.text(forum['name'], lang)}"]
    theme = agenda.text(forum.get("theme"), lang)
    if theme:
        lines.append(f"{words['theme']}: {theme}")
    about = agenda.text(talk.description, lang)
    if about:
        lines += ["", about]
    lines += ["", url]
    return "\n".join(lines)


def _appearance(agenda: Agenda, appearance: dict, lang: str) -> str:
    """ "Prof. Wang Yifang (speaker), Director, IHEP"; "王贻芳教授（演讲人），高能所所长"."""
    speaker = agenda.speakers[appearance["speaker"]]
    words = labels(lang)
    name = names.addressed(
        names.display_name(speaker, lang),
        names.honorific(speaker.get("honorific"), lang, agenda.default_language),
        lang,
    )
    shown = words["appearance"].format(
        name=name, role=words["role"].get(appearance["role"], appearance["role"])
    )
    position = names.position(
        agenda.text(appearance.get("title") or speaker.get("title"), lang),
        agenda.text(appearance.get("affiliation") or speaker.get("affiliation"), lang),
        lang,
    )
    return shown + (words["position"].format(position=position) if position else "")
