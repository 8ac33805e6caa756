"""Telling speakers what a release changed in their sessions, one message each.

When a release changes a session's time, room or status, or a speaker's role in it, every
speaker it concerns who has an email address gets one message for that release, in their
language (the speaker's `language`, else Chinese for a speaker with a Chinese name, else the
event's default language), saying what changed from what to what. The changed sessions the
speaker is in travel as one .ics attachment built by ical.py from the release, so UID and
SEQUENCE are those of the feeds and the calendar entry is updated, not duplicated.

The messages are queued (eventsvc.mail) inside the publish transaction and sent after it
commits. Composing them runs in a savepoint and never raises: a notice that cannot be
written is logged, and the release goes out regardless. Only sessions in both releases
count: a first release, or a new session, announces itself through the agenda.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime

from flask import current_app
from sqlalchemy import select

from ..errors import ValidationError
from ..extensions import db
from ..mail import queue
from ..releases import publish as publishing
from ..releases.models import Release
from ..speakers.models import Speaker
from ..zones import zone_name
from . import ical
from .model import Agenda, Talk, instant
from .names import display_name

logger = logging.getLogger("eventsvc.notices")
KIND = "speaker_notice"

_WORDS: dict[str, dict[str, str]] = {
    "en": {
        "subject": "{event}: changes to your sessions",
        "greeting": "Dear {name},",
        "intro": "The agenda of {event} has changed (release {number}). What changed in your "
        "sessions:",
        "time": "Time",
        "room": "Room",
        "status": "Status",
        "role": "Your role",
        "none": "none",
        "no_room": "no room",
        "line": "- {what}: {before} → {after}",
        "outro": "The attached calendar file updates these sessions in your calendar. Times are "
        "in {zone}.",
    },
    "zh": {
        "subject": "{event}：您参加的日程有变动",
        "greeting": "{name}，您好：",
        "intro": "{event}的日程有变动（第 {number} 版）。您参加的议程变动如下：",
        "time": "时间",
        "room": "会场",
        "status": "状态",
        "role": "您的角色",
        "none": "无",
        "no_room": "未定会场",
        "line": "- {what}：{before} → {after}",
        "outro": "附件中的日历文件会更新您日历中的这些议程。时间均为{zone}。",
    },
}
_STATUS_NAMES = {
    "en": {"confirmed": "confirmed", "tentative": "tentative", "cancelled": "cancelled"},
    "zh": {"confirmed": "已确认", "tentative": "待定", "cancelled": "已取消"},
}

# A time change holds (start, end); a room change the rooms' names (None: no room); a status
# or role change their codes ("" for no role).
ChangeValue = tuple[datetime, datetime] | dict | str | None


@dataclass
class Change:
    what: str  # time, room, status, role
    before: ChangeValue
    after: ChangeValue


@dataclass
class Notice:
    """What one release changed for one speaker: the changes per session uid."""

    speaker_id: int
    sessions: dict[str, list[Change]] = field(default_factory=dict)


def queue_notices(event, previous: dict | None, current: dict, release: Release) -> None:
    """The hook publish() calls: queue the notices of release, in a savepoint."""
    if previous is None:
        return
    try:
        with db.session.begin_nested():
            _queue(event, previous, current, release)
    except Exception:
        if not db.session.is_active:
            # The publish's own transaction is lost with it (the connection went while the
            # savepoint flushed the release): the publish fails whole, as a database fault.
            raise
        # A notice is never worth a failed publish: the release goes out, the log says why.
        logger.exception("speaker notices of release %s not queued", release.number)


def _queue(event, previous: dict, current: dict, release: Release) -> None:
    agenda = Agenda.from_snapshot(
        release.id, release.number, release.digest, release.published_at, current
    )
    before = {s["uid"]: s for s in previous["sessions"]}
    notices: dict[int, Notice] = {}
    for talk in agenda.sessions:
        old = before.get(talk.uid)
        if old is not None:
            _compare(agenda, previous, old, talk, notices)
    if not notices:
        return
    speakers = db.session.scalars(select(Speaker).where(Speaker.id.in_(notices))).all()
    config = current_app.config
    options = ical.Options(
        base_url=config["PUBLIC_URL"],
        uid_host=config["SERVER_NAME_FOR_UIDS"],
        refresh_minutes=config["FEED_REFRESH_MINUTES"],
    )
    for speaker in sorted(speakers, key=lambda s: s.id):
        if not speaker.email:
            continue  # no address, no notice
        lang = language_of(speaker, event.default_language)
        subject, text, attachment = compose(agenda, notices[speaker.id], speaker, lang, options)
        try:
            queue(
                speaker.email,
                subject,
                text,
                event_id=event.id,
                kind=KIND,
                attachments=[attachment] if attachment else [],
            )
        except ValidationError:
            # An address saved before it was checked: the others are still told.
            logger.warning(
                "no notice for speaker %s: %r is not an address", speaker.slug, speaker.email
            )


def language_of(speaker: Speaker, default_language: str) -> str:
    if speaker.language:
        return speaker.language
    if any(n.script in ("Hans", "Hant") for n in speaker.names):
        return "zh"
    return default_language


def _compare(agenda: Agenda, previous: dict, old: dict, talk: Talk, notices: dict) -> None:
    """Note each change of talk against its previous state, for each speaker it concerns."""
    shared: list[Change] = []
    old_start, old_end = instant(old["start"]), instant(old["end"])
    if (old_start, old_end) != (talk.start, talk.end):
        shared.append(
            Change("time", _span(agenda, old_start, old_end), _span(agenda, talk.start, talk.end))
        )
    if old["room"] != talk.room_id:
        rooms = {r["id"]: r["name"] for r in previous["rooms"]}
        new_room = agenda.rooms_by_id.get(talk.room_id) if talk.room_id is not None else None
        shared.append(Change("room", rooms.get(old["room"]), new_room and new_room["name"]))
    if old["status"] != talk.status:
        shared.append(Change("status", old["status"], talk.status))
    old_roles = {a["speaker"]: a["role"] for a in old["speakers"]}
    new_roles = {a["speaker"]: a["role"] for a in talk.appearances}
    for speaker_id in sorted(set(old_roles) | set(new_roles)):
        if speaker_id not in agenda.speakers:
            continue  # withheld from this release (declined, not public): not told here
        changes = list(shared) if speaker_id in new_roles else []
        role_before, role_after = old_roles.get(speaker_id, ""), new_roles.get(speaker_id, "")
        if role_before != role_after:
            changes.append(Change("role", role_before, role_after))
        if changes:
            notice = notices.setdefault(speaker_id, Notice(speaker_id))
            notice.sessions[talk.uid] = changes


def _span(agenda: Agenda, start: datetime, end: datetime) -> tuple:
    return (start.astimezone(agenda.zone), end.astimezone(agenda.zone))


def compose(agenda: Agenda, notice: Notice, speaker: Speaker, lang: str, options: ical.Options):
    """(subject, text, attachment or None) of one speaker's notice, in lang."""
    words = _WORDS.get(lang.split("-")[0], _WORDS["en"])
    event_name = agenda.text(agenda.event["name"], lang)
    names = {"names": [_name(n) for n in speaker.names]}
    lines = [
        words["greeting"].format(name=display_name(names, lang)),
        "",
        words["intro"].format(event=event_name, number=agenda.release_number),
    ]
    staying = []
    for uid, changes in notice.sessions.items():
        talk = agenda.sessions_by_uid[uid]
        lines += ["", agenda.text(talk.title, lang)]
        lines += [
            words["line"].format(
                what=words[c.what],
                before=_shown(agenda, c, c.before, lang, words),
                after=_shown(agenda, c, c.after, lang, words),
            )
            for c in changes
        ]
        if any(a["speaker"] == speaker.id for a in talk.appearances):
            staying.append(talk)
    lines += ["", words["outro"].format(zone=zone_name(agenda.zone.key, lang))]
    attachment = None
    if staying:
        calendar = ical.build(event_name, [ical.Part(agenda, staying)], lang, options)
        attachment = ("session.ics", "text/calendar", calendar)
    return words["subject"].format(event=event_name), "\n".join(lines), attachment


def _shown(agenda: Agenda, change: Change, value, lang: str, words: dict) -> str:
    """value (a change's before or after) as the reader's language writes it."""
    if change.what == "time":
        start, end = value
        return f"{start:%Y-%m-%d %H:%M}–{end:%H:%M}"
    if change.what == "room":
        return agenda.text(value, lang) if value else words["no_room"]
    if change.what == "status":
        return _STATUS_NAMES.get(lang.split("-")[0], _STATUS_NAMES["en"]).get(value, value)
    if not value:
        return words["none"]
    return ical.labels(lang)["role"].get(value, value)


def _name(n) -> dict:
    return {
        "script": n.script,
        "family": n.family,
        "given": n.given,
        "family_first": n.family_first,
    }


publishing.AFTER_PUBLISH.append(queue_notices)
